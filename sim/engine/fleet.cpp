#include "sim/engine/fleet.hpp"

#include <simgrid/s4u.hpp>

#include <limits>

#include "sim/engine/path_steps.hpp"

namespace sg4 = simgrid::s4u;

namespace modi::engine {

Fleet::Fleet(const FleetDeps& deps, bool interruptible)
    : d_(deps), interruptible_(interruptible), wake_(sg4::Semaphore::create(0)) {}

void Fleet::schedule_arrival(const model::Phone& p, uint32_t app, uint64_t k, double prev_s) {
  const double t = d_.arrivals.time(p, app, k, prev_s);
  if (t >= 0)
    push(t, {Event::ARRIVAL, p.index, app, k, nullptr});
}

void Fleet::schedule_move(const model::Move& m) {
  push(m.time_s, {Event::MOVE, m.phone, 0, m.cell, nullptr});
}

void Fleet::schedule(model::Request* r) {
  push(r->finished_at_s, {Event::LOCAL_DONE, r->phone, r->app, 0, r});
}

void Fleet::hand_over(model::Request* r) {
  const double now = sg4::Engine::get_clock();
  if (r->finished_at_s - now <= TIME_EPSILON_S) {
    d_.closer.finish(r);
  } else {
    schedule(r);
    if (waiting_until_ >= 0 && r->finished_at_s < waiting_until_)
      wake_->release();
  }
}

void Fleet::all_closed() {
  if (waiting_until_ >= 0 && heap_.empty())
    wake_->release();
}

void Fleet::clear() {
  heap_.clear();
}

/// Waits for the next event (with the event still in the heap: a hard stop must find it there).
/// Returns false when nothing can happen any more.
bool Fleet::wait_until_next() {
  if (!interruptible_) {
    if (heap_.empty())
      return false;
    wait_for(heap_.top().t - sg4::Engine::get_clock());
    return true;
  }
  while (true) {
    const double now = sg4::Engine::get_clock();
    if (heap_.empty() && d_.open.empty())
      return false;
    if (!heap_.empty() && heap_.top().t - now <= TIME_EPSILON_S)
      return true;
    // Sleep until the next event, or until another actor hands over an earlier one.
    waiting_until_ = heap_.empty() ? std::numeric_limits<double>::infinity() : heap_.top().t;
    if (heap_.empty())
      wake_->acquire();
    else
      wake_->acquire_timeout(waiting_until_ - now);
    waiting_until_ = -1;
  }
}

void Fleet::operator()() {
  for (auto& p : d_.phones)
    for (uint32_t a = 0; a < d_.scenario.phones[p.group].apps.size(); ++a)
      schedule_arrival(p, a, 0, 0.0);
  for (const auto& m : d_.mobility.traced())
    schedule_move(m);
  if (d_.mobility.random())
    for (auto& p : d_.phones)
      if (const auto m = d_.mobility.next_random_move(p, 0.0))
        schedule_move(*m);
  while (wait_until_next()) {
    const auto top = heap_.top();
    heap_.pop();
    handle(top.payload, top.t, sg4::Engine::get_clock());
    if ((++handled_ & 1023) == 0)
      d_.progress.tick();
  }
}

void Fleet::handle(const Event& e, double t, double now_s) {
  switch (e.kind) {
    case Event::ARRIVAL: {
      model::Phone& p = d_.phones[e.phone];
      schedule_arrival(p, e.app, e.k + 1, t);
      d_.issue(p, e.app, now_s);
      break;
    }
    case Event::MOVE: {
      model::Phone& p = d_.phones[e.phone];
      d_.mobility.handover(p, static_cast<uint32_t>(e.k), now_s);
      if (d_.mobility.random())
        if (const auto m = d_.mobility.next_random_move(p, now_s))
          schedule_move(*m);
      break;
    }
    case Event::LOCAL_DONE:
      d_.closer.finish(e.req);
      break;
  }
}

}  // namespace modi::engine
