#include "sim/engine/inference_server.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>

#include "sim/engine/path_steps.hpp"

namespace sg4 = simgrid::s4u;

namespace modi::engine {

InferenceServer::InferenceServer(model::ServerState& state, sg4::Host* host, const model::ServerTiming& timing,
                                 const TraceSet& traces)
    : state_(state), host_(host), slots_(sg4::Semaphore::create(state.cores)), timing_(timing), traces_(traces) {}

void InferenceServer::serve(model::Request& r, double deadline_at, uint64_t epoch) {
  auto& sv = state_;
  const double t1 = sg4::Engine::get_clock();
  ++sv.requests_seen;
  if (!sv.up)
    throw PathFailure{Reason::EDGE_DOWN};
  ++sv.waiting;
  const bool timed_out =
      deadline_at >= 0 ? slots_->acquire_timeout(std::max(0.0, deadline_at - t1)) : (slots_->acquire(), false);
  --sv.waiting;
  if (timed_out)
    throw PathFailure{Reason::TIMEOUT};
  ++sv.busy;
  try {
    if (!sv.up || sv.epoch != epoch)  // the server failed while this waited: its queue is lost
      throw PathFailure{Reason::EDGE_DOWN};
    const double t2 = sg4::Engine::get_clock();
    r.queue_s = t2 - t1;
    sv.queue_sum_s += r.queue_s;
    compute(r, deadline_at);
    --sv.busy;
    slots_->release();
    const double t3 = sg4::Engine::get_clock();
    sv.busy_time_s += t3 - t2;
    sv.service_ewma_s = 0.8 * sv.service_ewma_s + 0.2 * (r.model_load_s + r.inference_s);
  } catch (const PathFailure&) {
    --sv.busy;
    slots_->release();
    throw;
  }
}

void InferenceServer::compute(model::Request& r, double deadline_at) {
  auto& sv = state_;
  if (!sv.loaded.touch(r.model)) {
    r.model_load_s = timing_.load_s(sv, r.model);
    step_exec(host_, r.model_load_s, deadline_at);
    sv.loaded.insert(r.model, traces_.models()[r.model].memory_bytes);
  }
  r.inference_s = timing_.inference_s(sv, r.phone, r.seq, r.model);
  step_exec(host_, r.inference_s, deadline_at);
}

void InferenceServer::fail() {
  state_.up = false;
  ++state_.epoch;
  state_.loaded = LoadedModels(state_.loaded.budget_bytes());
  host_->turn_off();
}

void InferenceServer::recover() {
  host_->turn_on();
  state_.up = true;
}

}  // namespace modi::engine
