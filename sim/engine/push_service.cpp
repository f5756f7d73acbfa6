#include "sim/engine/push_service.hpp"

#include <simgrid/s4u.hpp>

#include "sim/engine/path_steps.hpp"

namespace sg4 = simgrid::s4u;

namespace modi::engine {

using model::Phone;
using model::Request;

bool PushService::to_phone(ModelId m, uint32_t phone, double now_s) {
  Phone& p = d_.phones[phone];
  const uint32_t cloud = d_.topology.cloud();
  auto& edge = d_.servers[d_.topology.cells()[p.cell].edge];
  const uint32_t version = d_.catalog.current_version(m);
  const bool at_edge = edge.state().store.holds(m) && edge.state().store.version(m) == version;
  if (!at_edge && cloud == NONE)
    return false;
  const Push push{m, version, d_.catalog.info(m).size_bytes, phone, NONE, d_.recorder.pushes.size()};
  p.store.reserve(push.bytes);
  p.downloads_made().models.push_back(m);
  d_.recorder.pushes.push_back({now_s, -1, at_edge ? edge.state().name : "cloud", d_.names.name(p.group, p.index),
                                d_.catalog.info(m).name,
                                version, push.bytes, "in_flight", 0});
  start(push, at_edge ? edge.host() : d_.servers[cloud].host(), d_.platform.cell_hosts[p.cell]);
  return true;
}

bool PushService::to_server(ModelId m, uint32_t server, double now_s) {
  const uint32_t cloud = d_.topology.cloud();
  if (cloud == NONE)
    return false;
  auto& sv = d_.servers[server];
  const Push push{m, d_.catalog.current_version(m), d_.catalog.info(m).size_bytes, NONE, server,
                  d_.recorder.pushes.size()};
  sv.state().store.reserve(push.bytes);
  d_.recorder.pushes.push_back(
      {now_s, -1, "cloud", sv.state().name, d_.catalog.info(m).name, push.version, push.bytes, "in_flight", 0});
  start(push, d_.servers[cloud].host(), sv.host());
  return true;
}

void PushService::start(const Push& push, sg4::Host* from, sg4::Host* to) {
  sg4::Actor::create("push", d_.platform.control, [this, push, from, to] {
    const double t0 = sg4::Engine::get_clock();
    Reason failure = Reason::EMPTY;
    try {
      step_transfer(*d_.platform.ceilings, from, to, push.bytes, -1.0);
    } catch (const PathFailure& f) {
      failure = f.reason;
    }
    const double t1 = sg4::Engine::get_clock();
    auto& row = d_.recorder.pushes[push.row];
    row.finished_at_s = t1;
    row.status = failure == Reason::EMPTY ? "ok" : "failed_" + std::string(reason_name(failure));
    if (failure != Reason::EMPTY)
      failed(push, failure);
    else
      arrived(push, t0, t1);
  });
}

/// Nothing is stored; the next plan tries again.
void PushService::failed(const Push& push, Reason reason) {
  if (push.phone == NONE) {
    d_.servers[push.server].state().store.unreserve(push.bytes);
    return;
  }
  Phone& p = d_.phones[push.phone];
  p.store.unreserve(push.bytes);
  for (Request* r : p.downloads->end(push.model)) {  // the requests waiting for it end with its reason
    r->fail(reason, sg4::Engine::get_clock());
    d_.closer.finish(r);
  }
}

void PushService::arrived(const Push& push, double t0, double t1) {
  if (push.phone == NONE) {
    auto& store = d_.servers[push.server].state().store;
    store.unreserve(push.bytes);
    store.put(push.model, push.version, push.bytes, t1);
    refresh(push.server);
    return;
  }
  Phone& p = d_.phones[push.phone];
  d_.recorder.pushes[push.row].phone_radio_energy_j = d_.ledger.transfer_without_request(p, t0, t1, push.bytes, false);
  p.store.unreserve(push.bytes);
  p.store.put(push.model, push.version, push.bytes, t1);
  run_waiting(p, push.model, t1, p.downloads->end(push.model));
}

void PushService::refresh(uint32_t server) {
  d_.servers[server].state().refresh_models(d_.catalog);
}

/// Requests that waited for model m run locally now, in arrival order.
void PushService::run_waiting(Phone& p, ModelId m, double now_s, const std::vector<Request*>& ready) {
  for (auto* r : ready) {
    r->site = policy::Site::DEVICE;
    r->model = m;
    r->version = p.store.version(m);
    r->accuracy = d_.catalog.accuracy(m, r->version);
    const auto run = d_.local.run(p, r->seq, m, now_s, r->id);
    r->image_load_s = run.image_s;
    r->model_load_s = run.load_s;
    r->queue_s = run.queue_s + (now_s - r->issued_at_s);  // the wait for the download counts as queueing
    r->inference_s = run.inference_s;
    r->cpu_energy_j = run.cpu_energy_j;
    r->finished_at_s = run.finish_s;
  }
  for (auto* r : ready)
    d_.answers.hand_over(r);
}

size_t PushService::waiting() const {
  size_t n = 0;
  for (const auto& p : d_.phones)
    n += p.waiting();
  return n;
}

}  // namespace modi::engine
