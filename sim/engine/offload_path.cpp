#include "sim/engine/offload_path.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>

#include "sim/core/rng.hpp"
#include "sim/engine/path_steps.hpp"

namespace sg4 = simgrid::s4u;

namespace modi::engine {

using model::Request;

void OffloadPath::launch(Request* r) {
  sg4::Host* where = outlive_servers_ ? d_.platform.cell_hosts[r->cell] : d_.servers[r->server].host();
  workers_.run(where, [this, r] { run(r); });
}

/// One direction of the exchange: calibrated extra delay, then the transfer; the radio is charged
/// for the whole leg. Returns its duration.
double OffloadPath::leg(Request& r, bool up, double deadline_at, double& step_start, int& radio_dir) {
  auto& p = d_.phones[r.phone];
  const auto& route = d_.network.cell(r.cell);
  sg4::Host* cell = d_.platform.cell_hosts[r.cell];
  sg4::Host* server = d_.servers[r.server].host();
  const rng::Stream st{d_.scenario.simulation.seed, p.index + 1ULL};
  step_start = sg4::Engine::get_clock();
  radio_dir = up ? 1 : -1;
  const auto& extra = up ? route.extra_up : route.extra_down;
  step_wait(extra.sample(st.uniform(r.seq, route.purpose(up))), deadline_at);
  const double bytes = up ? r.input_bytes : r.output_bytes;
  step_transfer(*d_.platform.ceilings, up ? cell : server, up ? server : cell, bytes, deadline_at, outlive_servers_);
  const double end = sg4::Engine::get_clock();
  d_.ledger.transfer(p, r, step_start, end, bytes, up);
  radio_dir = 0;
  return end - step_start;
}

void OffloadPath::run(Request* r) {
  auto& p = d_.phones[r->phone];
  auto& server = d_.servers[r->server];
  const double t0 = sg4::Engine::get_clock();
  const double timeout = d_.scenario.faults.request_timeout_s;
  const double deadline_at = timeout > 0 ? t0 + timeout : -1.0;
  const uint64_t epoch = server.state().epoch;
  double step_start = t0;
  int radio_dir = 0;  // 1: uploading, -1: downloading, 0: radio not in use
  try {
    r->upload_s = leg(*r, true, deadline_at, step_start, radio_dir);
    server.serve(*r, deadline_at, epoch);
    r->download_s = leg(*r, false, deadline_at, step_start, radio_dir);
    d_.rtt.observe(p, r->upload_s + r->download_s);
    r->finished_at_s = sg4::Engine::get_clock();
  } catch (const PathFailure& f) {
    const double now = sg4::Engine::get_clock();
    if (radio_dir != 0 && now > step_start)  // the radio was busy until the failure
      d_.ledger.transfer(p, *r, step_start, now, 0.0, radio_dir > 0);
    const auto& sv = server.state();
    fall_back(r, (!sv.up || sv.epoch != epoch) ? Reason::EDGE_DOWN : f.reason);
    return;
  }
  answered_remotely(r);
}

/// MDInference: the remote answer counts if it arrives by the deadline; otherwise the local
/// duplicate answers as soon as it is done (but not before the deadline).
void OffloadPath::answered_remotely(Request* r) {
  if (r->dup_done_at_s >= 0) {
    r->cpu_energy_j += r->dup_cpu_energy_j;
    const double deadline = r->issued_at_s + r->deadline_s;
    const double local_answer = std::max(r->dup_done_at_s, deadline);
    if (r->finished_at_s > deadline && local_answer < r->finished_at_s)
      answer_with_duplicate(*r, local_answer);
  }
  d_.closer.finish(r);
}

void OffloadPath::answer_with_duplicate(Request& r, double at_s) {
  auto& p = d_.phones[r.phone];
  r.site = policy::Site::DEVICE;
  r.model = r.duplicate_model;
  r.version = p.store.version(r.model);
  r.accuracy = d_.catalog.accuracy(r.model, r.version);
  r.finished_at_s = at_s;
  r.image_load_s = r.dup_image_load_s;
  r.model_load_s = r.dup_model_load_s;
  r.queue_s = r.dup_queue_s;
  r.inference_s = r.dup_inference_s;
}

/// The remote path failed: the duplicate answers if there is one; otherwise, if the policy asked
/// for it, the fallback hook picks a resident model; otherwise the request fails with the reason.
void OffloadPath::fall_back(Request* r, Reason reason) {
  auto& p = d_.phones[r->phone];
  const double now = sg4::Engine::get_clock();
  if (r->dup_done_at_s >= 0) {  // MDInference's duplicate is already running locally
    r->cpu_energy_j += r->dup_cpu_energy_j;
    answer_with_duplicate(*r, std::max(r->dup_done_at_s, now));
    r->fallback = reason;
    d_.answers.hand_over(r);
    return;
  }
  ModelId m = NONE;
  if (r->fallback_local) {
    const auto ctx = d_.stub.fallback_context(p, *r, now);
    m = d_.policy.fallback(ctx);
    if (m != NONE && std::none_of(ctx.device.models.begin(), ctx.device.models.end(),
                                  [&](const auto& o) { return o.model == m; }))
      reason = Reason::INVALID_DECISION;  // the hook chose a model the phone does not hold
  }
  if (m == NONE || reason == Reason::INVALID_DECISION) {
    r->fail(reason, now);
    d_.closer.finish(r);
    return;
  }
  r->fallback = reason;
  r->site = policy::Site::DEVICE;
  r->model = m;
  r->version = p.store.version(m);
  r->accuracy = d_.catalog.accuracy(m, r->version);
  const auto run = d_.local.run(p, r->seq, m, now, r->id);
  r->image_load_s = run.image_s;
  r->model_load_s = run.load_s;
  r->queue_s = run.queue_s;
  r->inference_s = run.inference_s;
  r->cpu_energy_j = run.cpu_energy_j;
  r->finished_at_s = run.finish_s;
  d_.answers.hand_over(r);
}

}  // namespace modi::engine
