#include "sim/model/radio_ledger.hpp"

#include <utility>

namespace modi::model {

RadioLedger::RadioLedger(size_t phones, const OpenRequests& open, Sink sink)
    : open_(open), sink_(std::move(sink)), held_(phones, nullptr), unattributed_j_(phones, 0.0) {}

void RadioLedger::transfer(Phone& p, Request& r, double start_s, double end_s, double bytes, bool up) {
  const auto c = p.energy.transfer(start_s, end_s, bytes, up, r.id);
  r.radio_energy_j += c.own_j;
  if (c.tail_owner)
    give_tail(p, *c.tail_owner, c.tail_j, &r);
  // A held request whose tail this transfer overlapped gets no more energy.
  Request* held = held_[p.index];
  if (held && p.energy.tail_owner() != held->id) {
    held_[p.index] = nullptr;
    sink_(held);
  }
}

double RadioLedger::transfer_without_request(Phone& p, double start_s, double end_s, double bytes, bool up) {
  const auto c = p.energy.transfer(start_s, end_s, bytes, up, NO_REQUEST);
  unattributed_j_[p.index] += c.own_j;
  if (c.tail_owner)
    give_tail(p, *c.tail_owner, c.tail_j, nullptr);
  return c.own_j;
}

void RadioLedger::switch_radio(Phone& p, const RadioPower& radio, double now_s) {
  const auto c = p.energy.switch_radio(radio, now_s);
  if (c.tail_owner)
    give_tail(p, *c.tail_owner, c.tail_j, nullptr);
}

void RadioLedger::close(Phone& p, Request* r) {
  if (r->site != policy::Site::DEVICE && !r->failed && r->radio_energy_j > 0 && p.energy.tail_owner() == r->id) {
    if (held_[p.index])
      sink_(std::exchange(held_[p.index], nullptr));
    held_[p.index] = r;
    return;
  }
  sink_(r);
}

void RadioLedger::close_phone(Phone& p, double horizon_s) {
  check_dead(p, p.energy.accounting_end_s(horizon_s), held_[p.index]);  // it may run out after its last request
  const auto c = p.energy.close(horizon_s);
  if (c.tail_owner)
    give_tail(p, *c.tail_owner, c.tail_j, nullptr);
  release_held(p);  // its tail was already charged to it
}

Request* RadioLedger::owner_of(Phone& p, uint64_t owner, Request* current) {
  if (current && current->id == owner)
    return current;
  if (held_[p.index] && held_[p.index]->id == owner)
    return held_[p.index];
  return open_.find(owner);
}

bool RadioLedger::check_dead(Phone& p, double t, Request* current) {
  if (!p.energy.check_dead(t))
    return false;
  for (const auto& cut : p.energy.take_cuts()) {
    if (Request* r = owner_of(p, cut.owner, current)) {
      r->cpu_energy_j -= cut.cpu_j;
      r->radio_energy_j -= cut.radio_j;
    } else {
      unattributed_j_[p.index] -= cut.cpu_j + cut.radio_j;  // its request already ended
    }
  }
  return true;
}

void RadioLedger::release_held(Phone& p) {
  if (Request* held = std::exchange(held_[p.index], nullptr))
    sink_(held);
}

void RadioLedger::give_tail(Phone& p, uint64_t owner, double tail_j, Request* current) {
  if (current && current->id == owner) {
    current->radio_energy_j += tail_j;
  } else if (held_[p.index] && held_[p.index]->id == owner) {
    Request* done = std::exchange(held_[p.index], nullptr);
    done->radio_energy_j += tail_j;
    sink_(done);
  } else if (Request* open = open_.find(owner)) {
    open->radio_energy_j += tail_j;
  } else {
    unattributed_j_[p.index] += tail_j;  // its request already ended (hard stop, or a fallback)
  }
}

}  // namespace modi::model
