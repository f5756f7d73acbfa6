#include "sim/energy/phone_energy.hpp"

#include <algorithm>

namespace modi::energy {

PhoneEnergy::PhoneEnergy(const DevicePower& device, const RadioPower& radio, double capacity_j, double state_of_charge,
                         bool screen_on)
    : radio_(&radio),
      device_floor_w_(device.idle_w + (screen_on ? device.screen_w : 0.0)),
      capacity_j_(capacity_j),
      start_j_(capacity_j * state_of_charge) {}

double PhoneEnergy::drawn_before(const Charge& c, double t) const {
  if (t >= c.to_s)
    return c.joules;
  if (t <= c.from_s)
    return 0.0;
  return c.joules * (t - c.from_s) / (c.to_s - c.from_s);
}

double PhoneEnergy::record(double from_s, double to_s, double joules, bool cpu, uint64_t owner) {
  Charge c{from_s, std::max(from_s, to_s), joules, cpu, owner};
  if (dead())
    return drawn_before(c, died_at_s_);  // a dead phone draws nothing more
  if (c.to_s > last_check_s_)
    open_.push_back(c);
  else
    settled_j_ += c.joules;
  return c.joules;
}

void PhoneEnergy::add(double joules, bool cpu) {
  (cpu ? cpu_j_ : radio_j_) += joules;
  total_j_ += joules;
  charged_j_ += joules;
}

double PhoneEnergy::compute(double start_s, double duration_s, double power_w, uint64_t owner) {
  const double e = record(start_s, start_s + duration_s, duration_s * power_w, true, owner);
  add(e, true);
  return e;
}

TransferCharge PhoneEnergy::transfer(double start_s, double end_s, double bytes, bool up, uint64_t owner) {
  TransferCharge c;
  double active_from = start_s;
  if (!radio_used_) {
    c.promotion_j = radio_->promotion_w * radio_->promotion_s;
    nonidle_s_ += radio_->promotion_s;
  } else if (start_s > last_end_s_) {
    // The radio sat in TAIL since the last transfer: for the gap, or for the whole tail and
    // then IDLE (this transfer pays a new promotion).
    const double gap = start_s - last_end_s_;
    const double tail = std::min(gap, radio_->tail_s);
    c.tail_owner = tail_owner_;
    c.tail_j = record(last_end_s_, last_end_s_ + tail, tail * radio_->tail_w, false, tail_owner_);
    nonidle_s_ += tail;
    if (gap > radio_->tail_s) {
      c.promotion_j = radio_->promotion_w * radio_->promotion_s;
      nonidle_s_ += radio_->promotion_s;
    }
  } else {
    active_from = last_end_s_;  // overlaps an earlier transfer: its base power is already counted
  }
  const double active_s = std::max(0.0, end_s - active_from);
  nonidle_s_ += active_s;
  const double active_j = radio_->base_w * active_s + (up ? radio_->uplink_w_per_mbps : radio_->downlink_w_per_mbps) * bytes * 8e-6;
  c.own_j = record(start_s, end_s, c.promotion_j + active_j, false, owner);
  c.promotion_j = std::min(c.promotion_j, c.own_j);
  add(c.own_j + c.tail_j, false);
  if (!radio_used_ || end_s >= last_end_s_) {
    last_end_s_ = std::max(last_end_s_, end_s);
    tail_owner_ = owner;
  }
  radio_used_ = true;
  return c;
}

TransferCharge PhoneEnergy::switch_radio(const RadioPower& radio, double now_s) {
  TransferCharge c;
  if (radio_used_ && now_s > last_end_s_) {
    const double tail = std::min(now_s - last_end_s_, radio_->tail_s);
    c.tail_owner = tail_owner_;
    c.tail_j = record(last_end_s_, last_end_s_ + tail, tail * radio_->tail_w, false, tail_owner_);
    add(c.tail_j, false);
    nonidle_s_ += tail;
  }
  radio_idle_before_j_ += radio_->idle_w * std::max(0.0, now_s - segment_start_s_ - nonidle_s_);
  radio_ = &radio;
  radio_used_ = false;
  nonidle_s_ = 0;
  segment_start_s_ = now_s;
  last_end_s_ = std::max(last_end_s_, now_s);
  return c;
}

TransferCharge PhoneEnergy::close(double sim_end_s) {
  TransferCharge c;
  horizon_s_ = dead() ? died_at_s_ : sim_end_s;
  if (radio_used_) {
    c.tail_owner = tail_owner_;
    c.tail_j = record(last_end_s_, last_end_s_ + radio_->tail_s, radio_->tail_s * radio_->tail_w, false, tail_owner_);
    add(c.tail_j, false);
    nonidle_s_ += radio_->tail_s;
    if (!dead())
      horizon_s_ = std::max(horizon_s_, last_end_s_ + radio_->tail_s);
  }
  if (dead()) {  // it drew exactly its battery: the baseline and radio idle are the rest
    idle_j_ = start_j_ - cpu_j_ - radio_j_;
    total_j_ = start_j_;
    return c;
  }
  idle_j_ = device_floor_w_ * horizon_s_ + radio_idle_before_j_ +
            radio_->idle_w * std::max(0.0, horizon_s_ - segment_start_s_ - nonidle_s_);
  total_j_ += idle_j_;
  return c;
}

double PhoneEnergy::estimate_exchange_j(double now_s, double up_bytes, double up_s, double down_bytes,
                                        double down_s) const {
  const bool idle = !radio_used_ || now_s > last_end_s_ + radio_->tail_s;
  return (idle ? radio_->promotion_w * radio_->promotion_s : 0.0) + radio_->base_w * (up_s + down_s) +
         radio_->uplink_w_per_mbps * up_bytes * 8e-6 + radio_->downlink_w_per_mbps * down_bytes * 8e-6 +
         radio_->tail_w * radio_->tail_s;
}

double PhoneEnergy::consumed_j(double t) const {
  double charges = settled_j_;
  for (const auto& c : open_)
    charges += drawn_before(c, t);
  // The tail after the last transfer is charged only when it ends; until then it is drawing.
  const double tail_s = radio_used_ && t > last_end_s_ ? std::min(t - last_end_s_, radio_->tail_s) : 0.0;
  return device_floor_w_ * t + radio_idle_before_j_ + radio_->tail_w * tail_s +
         radio_->idle_w * std::max(0.0, t - segment_start_s_ - nonidle_s_ - tail_s) + charges;
}

/// Drawn energy grows continuously with time: the instant the battery ran out is found by
/// bisection between the last check (charge left) and t (none left), to the last bit.
void PhoneEnergy::die_at(double t) {
  double lo = last_check_s_, hi = t;
  for (int i = 0; i < 200 && lo < hi; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi)
      break;
    (consumed_j(mid) >= start_j_ ? hi : lo) = mid;
  }
  died_at_s_ = hi;
  for (const auto& c : open_) {  // take back what falls after the death
    const double after = c.joules - drawn_before(c, died_at_s_);
    if (after <= 0)
      continue;
    (c.cpu ? cpu_j_ : radio_j_) -= after;
    total_j_ -= after;
    charged_j_ -= after;
    cuts_.push_back({c.owner, c.cpu ? after : 0.0, c.cpu ? 0.0 : after});
  }
  open_.clear();
}

bool PhoneEnergy::check_dead(double t) {
  if (dead())
    return true;
  t = std::max(t, last_check_s_);  // checks may report an earlier answer time (MDInference duplicate)
  if (consumed_j(t) >= start_j_) {
    die_at(t);
    return true;
  }
  last_check_s_ = t;
  std::erase_if(open_, [&](const Charge& c) {
    if (c.to_s > t)
      return false;
    settled_j_ += c.joules;
    return true;
  });
  return false;
}

}  // namespace modi::energy
