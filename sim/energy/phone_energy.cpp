#include "sim/energy/phone_energy.hpp"

#include <algorithm>

namespace modi::energy {

PhoneEnergy::PhoneEnergy(const DevicePower& device, const RadioPower& radio, double capacity_j, double state_of_charge,
                         bool screen_on)
    : device_(device), radio_(&radio), capacity_j_(capacity_j), start_j_(capacity_j * state_of_charge) {
  device_floor_w_ = device_.idle_w + (screen_on ? device_.screen_w : 0.0);
}

double PhoneEnergy::compute(double duration_s, double power_w) {
  const double e = duration_s * power_w;
  cpu_j_ += e;
  total_j_ += e;
  charged_j_ += e;
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
    c.tail_j = tail * radio_->tail_w;
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
  c.own_j = c.promotion_j + active_j;
  radio_j_ += c.own_j + c.tail_j;
  total_j_ += c.own_j + c.tail_j;
  charged_j_ += c.own_j + c.tail_j;
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
    c.tail_j = tail * radio_->tail_w;
    nonidle_s_ += tail;
    radio_j_ += c.tail_j;
    total_j_ += c.tail_j;
    charged_j_ += c.tail_j;
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
  horizon_s_ = sim_end_s;
  if (radio_used_) {
    c.tail_owner = tail_owner_;
    c.tail_j = radio_->tail_s * radio_->tail_w;
    nonidle_s_ += radio_->tail_s;
    radio_j_ += c.tail_j;
    total_j_ += c.tail_j;
    charged_j_ += c.tail_j;
    horizon_s_ = std::max(horizon_s_, last_end_s_ + radio_->tail_s);
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
  return device_floor_w_ * t + radio_idle_before_j_ + radio_->idle_w * std::max(0.0, t - segment_start_s_ - nonidle_s_) +
         charged_j_;
}

bool PhoneEnergy::check_dead(double t) {
  if (dead())
    return true;
  t = std::max(t, last_check_s_);  // checks may report an earlier answer time (MDInference duplicate)
  const double deficit = consumed_j(t) - start_j_;
  if (deficit >= 0) {
    const double rate = floor_w();
    const double back = rate > 0 ? deficit / rate : 0.0;
    died_at_s_ = std::clamp(t - back, last_check_s_, t);
    return true;
  }
  last_check_s_ = t;
  return false;
}

}  // namespace modi::energy
