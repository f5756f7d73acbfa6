#include "sim/engine/phone_role.hpp"

#include <algorithm>

namespace modi::engine {

using model::Phone;
using model::Request;
using policy::Site;

PhoneRole::PhoneRole(const PhoneRoleDeps& deps) : d_(deps) {
  for (const auto& g : deps.scenario.phones) {
    app_task_.emplace_back();
    for (const auto& a : g.apps)
      app_task_.back().push_back(deps.catalog.task_index(a.task));
  }
}

Request* PhoneRole::create(Phone& p, uint32_t app, double now_s) {
  const auto& a = d_.scenario.phones[p.group].apps[app];
  Request* r = d_.pool.acquire();
  r->id = next_id_++;
  r->phone = p.index;
  r->app = app;
  r->task = app_task_[p.group][app];
  r->seq = p.seq++;
  r->cell = p.cell;
  r->edge = d_.topology.path(p.cell).front();
  r->network = d_.topology.cells()[p.cell].network;
  r->issued_at_s = now_s;
  r->deadline_s = a.deadline_s;
  r->accuracy_need = a.accuracy_need;
  r->input_bytes = a.input_bytes;
  r->output_bytes = a.output_bytes;
  d_.open.add(r);
  return r;
}

void PhoneRole::issue(Phone& p, uint32_t app, double now_s) {
  Request* r = create(p, app, now_s);
  if (d_.ledger.check_dead(p, now_s, r)) {  // an empty phone serves nothing; the request is still counted
    r->fail(Reason::BATTERY, now_s);
    d_.closer.finish(r);
    return;
  }
  const auto& ctx = d_.stub.context(p, *r, now_s);
  const double need = d_.scenario.phones[p.group].apps[app].accuracy_need;
  for (const auto& m : ctx.device.models)
    r->local_hit = r->local_hit || m.accuracy >= need;
  for (const auto& m : ctx.remote.front().models)
    r->edge_hit = r->edge_hit || m.accuracy >= need;
  d_.stats.issued(r->edge, p.group, app, need, r->local_hit, r->edge_hit);
  if (d_.scenario.management.on_demand.enabled && !r->local_hit && fetch_on_demand(p, *r, now_s) &&
      d_.scenario.management.on_demand.wait_for_download)
    return;  // runs locally when the download arrives (PushService)
  const auto d = d_.policy.select(ctx);
  const Reason problem = d_.stub.validate(d);
  if (problem != Reason::EMPTY) {
    r->fail(problem, now_s);
    d_.closer.finish(r);
    return;
  }
  r->predicted_latency_s = d_.stub.predicted_latency_s(d);
  carry_out(p, r, d, now_s);
}

void PhoneRole::carry_out(Phone& p, Request* r, const policy::SelectionDecision& d, double now_s) {
  r->site = d.site;
  r->model = d.model;
  r->fallback_local = d.fallback_local;
  r->version = d.site == Site::DEVICE ? p.store.version(d.model) : d_.servers[d.site_index].state().store.version(d.model);
  r->accuracy = d_.catalog.accuracy(d.model, r->version);
  d_.stats.decided(r->edge, p.group, r->app, r->accuracy, d.site != Site::DEVICE, d.model);
  if (d.site == Site::DEVICE) {
    const auto run = d_.local.run(p, r->seq, d.model, now_s, r->id);
    r->image_load_s = run.image_s;
    r->model_load_s = run.load_s;
    r->queue_s = run.queue_s;
    r->inference_s = run.inference_s;
    r->cpu_energy_j = run.cpu_energy_j;
    r->finished_at_s = run.finish_s;
    d_.answers.schedule(r);
    return;
  }
  r->server = d.site_index;
  if (d.duplicate_model != NONE) {
    r->duplicate_model = d.duplicate_model;
    const auto run = d_.local.run(p, r->seq, d.duplicate_model, now_s, r->id);
    r->dup_image_load_s = run.image_s;
    r->dup_model_load_s = run.load_s;
    r->dup_queue_s = run.queue_s;
    r->dup_inference_s = run.inference_s;
    r->dup_cpu_energy_j = run.cpu_energy_j;
    r->dup_done_at_s = run.finish_s;
  }
  d_.offloads.launch(r);
}

/// No adequate model is resident: the policy's on-demand hook picks one to fetch. Returns true if
/// the request may wait for it.
bool PhoneRole::fetch_on_demand(Phone& p, Request& r, double now_s) {
  const auto ctx = d_.stub.on_demand_context(p, r);
  const ModelId m = d_.policy.on_demand(ctx);
  if (m == NONE || std::none_of(ctx.candidates.begin(), ctx.candidates.end(), [&](const auto& c) { return c.model == m; }))
    return false;
  if (!p.is_downloading(m) && !d_.pushes.to_phone(m, p.index, now_s))
    return false;
  if (d_.scenario.management.on_demand.wait_for_download)
    p.downloads_made().waiting.emplace_back(m, &r);
  return true;
}

}  // namespace modi::engine
