#include "sim/engine/inference_server.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <deque>

#include "sim/engine/path_steps.hpp"

namespace sg4 = simgrid::s4u;

namespace modi::engine {

InferenceServer::InferenceServer(model::ServerState& state, sg4::Host* host, const model::ServerTiming& timing,
                                 const TraceSet& traces, bool can_fail)
    : state_(state), host_(host), timing_(timing), traces_(traces), can_fail_(can_fail) {}

bool InferenceServer::take_core(double deadline_at) {
  auto& sv = state_;
  if (sv.busy < sv.cores && queue_.empty()) {
    ++sv.busy;
    return true;
  }
  Waiter w{sg4::Semaphore::create(0)};
  queue_.push_back(&w);
  ++sv.waiting;
  const bool timed_out = deadline_at >= 0
                             ? w.wake->acquire_timeout(std::max(0.0, deadline_at - sg4::Engine::get_clock()))
                             : (w.wake->acquire(), false);
  --sv.waiting;
  if (!timed_out)
    return true;  // give_core() handed its core over (busy unchanged)
  if (w.granted) {  // the core came at the very instant the wait ended: pass it on
    give_core();
  } else {
    queue_.erase(std::find(queue_.begin(), queue_.end(), &w));
  }
  return false;
}

void InferenceServer::give_core() {
  if (queue_.empty()) {
    --state_.busy;
    return;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->granted = true;
  next->wake->release();
}

void InferenceServer::serve(model::Request& r, double deadline_at, uint64_t epoch) {
  auto& sv = state_;
  const double t1 = sg4::Engine::get_clock();
  ++sv.requests_seen;
  if (!sv.up)
    throw PathFailure{Reason::EDGE_DOWN};
  if (!take_core(deadline_at))
    throw PathFailure{Reason::TIMEOUT};
  try {
    if (!sv.up || sv.epoch != epoch)  // the server failed while this waited: its queue is lost
      throw PathFailure{Reason::EDGE_DOWN};
    const double t2 = sg4::Engine::get_clock();
    r.queue_s = t2 - t1;
    sv.queue_sum_s += r.queue_s;
    compute(r, deadline_at);
    give_core();
    const double t3 = sg4::Engine::get_clock();
    sv.busy_time_s += t3 - t2;
    sv.service_ewma_s = 0.8 * sv.service_ewma_s + 0.2 * (r.model_load_s + r.inference_s);
  } catch (const PathFailure&) {
    give_core();
    throw;
  }
}

void InferenceServer::compute(model::Request& r, double deadline_at) {
  auto& sv = state_;
  if (!sv.loaded.touch(r.model)) {
    r.model_load_s = timing_.load_s(sv, r.model);
    step_exec(host_, r.model_load_s, deadline_at, can_fail_);
    sv.loaded.insert(r.model, traces_.models()[r.model].memory_bytes);
  }
  r.inference_s = timing_.inference_s(sv, r.phone, r.seq, r.model);
  step_exec(host_, r.inference_s, deadline_at, can_fail_);
}

void InferenceServer::fail() {
  state_.up = false;
  ++state_.epoch;
  state_.loaded.clear();
  host_->turn_off();
}

void InferenceServer::recover() {
  host_->turn_on();
  state_.up = true;
}

}  // namespace modi::engine
