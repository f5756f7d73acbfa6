#include "sim/engine/fleet.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>

#include <stdexcept>

#include "sim/engine/path_steps.hpp"

namespace sg4 = simgrid::s4u;

namespace modi::engine {

Fleet::Fleet(const FleetDeps& deps) : d_(deps), done_sem_(sg4::Semaphore::create(0)) {}

void Fleet::schedule_arrival(const model::Phone& p, uint32_t app, uint64_t k, double prev_s) {
  const double t = d_.arrivals.time(p, app, k, prev_s);
  if (t >= 0)
    push(t, Event::arrival(p.index, app, k));
}

void Fleet::schedule_move(const model::Move& m) {
  push(m.time_s, Event::move(m.phone, m.cell));
}

void Fleet::schedule(model::Request* r) {
  push(r->finished_at_s, Event::local_done(r));
}

void Fleet::hand_over(model::Request* r) {
  const double now = sg4::Engine::get_clock();
  if (r->finished_at_s - now <= TIME_EPSILON_S) {
    d_.closer.finish(r);
    return;
  }
  schedule(r);
  if (!running_)
    arm(r->finished_at_s);
}

void Fleet::all_closed() {
  if (!running_ && heap_.empty())
    finish();
}

void Fleet::clear() {
  heap_.clear();
  disarm();
}

void Fleet::start() {
  for (const auto& g : d_.scenario.phones)
    if (g.apps.size() >= Event::MAX_APPS)
      throw std::length_error("phone group " + g.name + ": more apps than the fleet's events can index");
  for (auto& p : d_.phones)
    for (uint32_t a = 0; a < d_.scenario.phones[p.group].apps.size(); ++a)
      schedule_arrival(p, a, 0, 0.0);
  for (const auto& m : d_.mobility.traced())
    schedule_move(m);
  if (d_.mobility.random())
    for (auto& p : d_.phones)
      if (const auto m = d_.mobility.next_random_move(p, 0.0))
        schedule_move(*m);
  run_due();
}

void Fleet::wait_until_done() {
  done_sem_->acquire();
}

void Fleet::run_due() {
  running_ = true;
  while (!heap_.empty()) {
    const double now = sg4::Engine::get_clock();
    if (heap_.top().t - now > TIME_EPSILON_S)
      break;
    const auto top = heap_.top();
    heap_.pop();
    handle(top.payload, top.t, now);
    if ((++handled_ & 1023) == 0)
      d_.progress.tick();
  }
  running_ = false;
  if (!heap_.empty())
    arm(heap_.top().t);
  else if (d_.open.empty())
    finish();
}

/// The timer fires at now + (t - now), the date a sleep of t - now would end at, so events are
/// handled at the same clock values as by an actor that sleeps. Timers are kernel state; they are
/// changed directly from actors too, which is safe because actors run one at a time.
void Fleet::arm(double t) {
  if (timer_ && armed_at_ <= t)
    return;
  disarm();
  const double now = sg4::Engine::get_clock();
  armed_at_ = t;
  timer_ = simgrid::kernel::timer::Timer::set(now + (t - now), [this] {
    timer_ = nullptr;
    run_due();
  });
}

void Fleet::disarm() {
  if (timer_)
    timer_->remove();
  timer_ = nullptr;
}

void Fleet::finish() {
  if (done_)
    return;
  done_ = true;
  done_sem_->release();
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
