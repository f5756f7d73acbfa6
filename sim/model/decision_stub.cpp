#include "sim/model/decision_stub.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/rng.hpp"

namespace modi::model {

using policy::Site;
using rng::Purpose;

DecisionStub::DecisionStub(const StubDeps& deps, bool hindsight)
    : d_(deps), hindsight_(hindsight), templates_(deps.servers.size()), masks_(deps.servers.size()) {}

const policy::SelectionContext& DecisionStub::context(const Phone& p, const Request& r, double now_s) {
  ctx_.request = {r.id, r.app, r.accuracy_need, r.deadline_s, r.input_bytes, r.output_bytes};
  ctx_.phone = {p.device, r.network, p.energy.state_of_charge(now_s), true, p.est_rtt_s};
  ctx_.u = rng::uniform(d_.scenario.simulation.seed, p.index + 1ULL, r.seq, static_cast<uint64_t>(Purpose::POLICY));
  fill_device(p, r, now_s);
  const auto& path = d_.topology.path(r.cell);
  ctx_.remote.resize(path.size());
  filled_.resize(path.size());
  for (uint32_t tier = 0; tier < path.size(); ++tier)
    fill_remote(ctx_.remote[tier], p, r, tier, now_s);
  return ctx_;
}

policy::ModelOption DecisionStub::device_option(const Phone& p, ModelId m, uint32_t version) const {
  const auto& dev = d_.catalog.traces().devices()[p.device];
  const auto load = d_.profiler.load(p, m), inf = d_.profiler.inference(p, m);
  policy::ModelOption mo;
  mo.model = m;
  mo.accuracy = d_.catalog.accuracy(m, version);
  mo.loaded = p.loaded.contains(m);
  const double decompress = dev.decompress_s(d_.catalog.info(m));
  mo.est_mean_s = dev.image_load.mean_s() + inf.mean_s + (mo.loaded ? 0.0 : load.mean_s + decompress);
  const double var = dev.image_load.sd_s() * dev.image_load.sd_s() + inf.sd_s * inf.sd_s +
                     (mo.loaded ? 0.0 : load.sd_s * load.sd_s);
  mo.est_sd_s = std::sqrt(var);
  mo.est_energy_j = dev.image_load_power_w * dev.image_load.mean_s() + dev.inference_power_w * inf.mean_s +
                    (mo.loaded ? 0.0 : dev.model_load_power_w * (load.mean_s + decompress));
  return mo;
}

void DecisionStub::fill_device(const Phone& p, const Request& r, double now_s) {
  auto& d = ctx_.device;
  d.site = Site::DEVICE;
  d.index = 0;
  d.tier = 0;
  d.name = {};
  d.reachable = true;
  d.est_network_s = 0;
  d.est_queue_s = std::max(0.0, p.cpu_free_at_s - now_s);
  d.hindsight_network_s = 0;
  d.models.clear();
  const auto& models = p.store.models();
  for (size_t i = 0; i < models.size(); ++i) {
    const ModelId m = models[i];
    if (d_.catalog.task_of(m) != r.task)
      continue;
    auto mo = device_option(p, m, p.store.versions()[i]);
    if (hindsight_) {
      const auto t = d_.local.sample(p, r.seq, m, !mo.loaded);
      mo.hindsight_s = t.image_s + t.load_s + t.inference_s;
    }
    d.models.push_back(mo);
  }
}

void DecisionStub::fill_remote(policy::SiteOption& o, const Phone& p, const Request& r, uint32_t tier, double now_s) {
  const uint32_t server = d_.topology.path(r.cell)[tier];
  const auto& sv = d_.servers[server];
  o.site = sv.site;
  o.index = server;
  o.tier = tier;
  o.name = sv.name;
  o.reachable = d_.faults.believed_reachable(r.cell, server, now_s);
  o.est_queue_s = sv.est_queue_s();
  o.est_network_s = p.est_rtt_s;
  o.est_network_sd_s = p.est_rtt_sd_s;
  o.est_radio_energy_j =
      p.energy.estimate_exchange_j(now_s, r.input_bytes, p.est_rtt_s / 2, r.output_bytes, p.est_rtt_s / 2);
  if (tier > 0)
    o.est_network_s += 2.0 * d_.network.wan_latency_s(r.cell, tier);
  if (hindsight_ || d_.rtt.oracle()) {
    const double sampled = sampled_network_s(p, r, tier);
    if (hindsight_)
      o.hindsight_network_s = sampled;
    if (d_.rtt.oracle()) {
      o.est_network_s = sampled;
      o.est_network_sd_s = 0;
    }
  }
  // Static estimates come from a per-server template (warm and cold); only the loaded state and
  // the hindsight draws change per request.
  const auto& tpl = templates(server, r.task);
  const FilledModels now_filling = filled_key(server, tpl);
  if (!hindsight_ && filled_[tier] == now_filling)
    return;  // o.models already holds these options (at most requests: edges alike, the cloud)
  filled_[tier] = now_filling;
  o.models.resize(tpl.size());
  for (size_t i = 0; i < tpl.size(); ++i) {
    const bool loaded = sv.loaded.contains(tpl[i].warm.model);
    auto& mo = o.models[i];
    mo = loaded ? tpl[i].warm : tpl[i].cold;
    if (hindsight_)
      mo.hindsight_s =
          d_.timing.inference_s(sv, p.index, r.seq, mo.model) + (loaded ? 0.0 : d_.timing.load_s(sv, mo.model));
  }
}

DecisionStub::FilledModels DecisionStub::filled_key(uint32_t server, const std::vector<OptionTemplate>& tpl) {
  const auto& loaded = d_.servers[server].loaded;
  if (tpl.size() > MASKED_MODELS)
    return {&tpl, server, loaded.changes()};
  auto& m = masks_[server];
  if (m.options != &tpl || m.changes != loaded.changes()) {
    m = {&tpl, loaded.changes(), 0};
    for (size_t i = 0; i < tpl.size(); ++i)
      if (loaded.contains(tpl[i].warm.model))
        m.mask |= 1ULL << i;
  }
  return {&tpl, NONE, m.mask};
}

/// This request's own network time to `tier`: its sampled extra delays and the route's uncontended
/// time (what the oracle policy and the oracle estimate know).
double DecisionStub::sampled_network_s(const Phone& p, const Request& r, uint32_t tier) const {
  const rng::Stream st{d_.scenario.simulation.seed, p.index + 1ULL};
  const auto& cell = d_.network.cell(r.cell);
  return cell.extra_up.sample(st.uniform(r.seq, cell.purpose(true))) +
         cell.extra_down.sample(st.uniform(r.seq, cell.purpose(false))) +
         d_.network.route_time_s(r.cell, tier, r.input_bytes, true) + d_.network.route_time_s(r.cell, tier, r.output_bytes, false);
}

double DecisionStub::predicted_latency_s(const policy::SelectionDecision& d) const {
  const policy::SiteOption* site = nullptr;
  if (d.site == Site::DEVICE)
    site = &ctx_.device;
  else
    for (const auto& o : ctx_.remote)
      if (o.index == d.site_index)
        site = &o;
  if (!site)
    return -1;
  for (const auto& mo : site->models)
    if (mo.model == d.model)
      return site->est_queue_s + site->est_network_s + mo.est_mean_s;
  return -1;
}

const std::vector<DecisionStub::OptionTemplate>& DecisionStub::templates(uint32_t server, uint32_t task) {
  auto& cache = templates_[server];
  const auto& sv = d_.servers[server];
  if (cache.store_epoch != sv.store_epoch) {
    cache.store_epoch = sv.store_epoch;
    cache.shared = &build_templates(sv);
  }
  return cache.shared->by_task[task];
}

const DecisionStub::Templates& DecisionStub::build_templates(const ServerState& sv) {
  TemplateKey key{sv.type, sv.speed, sv.store.models(), sv.store.versions()};
  auto& slot = shared_templates_[key];
  if (slot)
    return *slot;
  slot = std::make_unique<Templates>();
  slot->by_task.resize(sv.models_by_task.size());
  for (size_t t = 0; t < sv.models_by_task.size(); ++t)
    for (auto m : sv.models_by_task[t]) {
      const auto& inf = d_.timing.inference(sv, m);
      OptionTemplate ot;
      ot.warm.model = m;
      ot.warm.accuracy = d_.catalog.accuracy(m, sv.store.version(m));
      ot.warm.loaded = true;
      ot.warm.est_mean_s = inf.mean_s() / sv.speed;
      ot.warm.est_sd_s = inf.sd_s() / sv.speed;
      ot.cold = ot.warm;
      ot.cold.loaded = false;
      ot.cold.est_mean_s += d_.timing.load_s(sv, m);
      slot->by_task[t].push_back(ot);
    }
  return *slot;
}

Reason DecisionStub::validate(const policy::SelectionDecision& d) const {
  if (d.model == NONE)
    return d.failure == Reason::EMPTY ? Reason::NO_MODEL : d.failure;
  auto offered = [](const policy::SiteOption& o, ModelId m) {
    return std::any_of(o.models.begin(), o.models.end(), [&](const auto& x) { return x.model == m; });
  };
  if (d.site == Site::DEVICE)
    return offered(ctx_.device, d.model) ? Reason::EMPTY : Reason::INVALID_DECISION;
  for (const auto& r : ctx_.remote)
    if (r.site == d.site && r.index == d.site_index && r.reachable && offered(r, d.model) &&
        (d.duplicate_model == NONE || offered(ctx_.device, d.duplicate_model)))
      return Reason::EMPTY;
  return Reason::INVALID_DECISION;
}

policy::FallbackContext DecisionStub::fallback_context(const Phone& p, const Request& r, double now_s) const {
  const auto& dev = d_.catalog.traces().devices()[p.device];
  policy::FallbackContext f;
  f.accuracy_need = r.accuracy_need;
  f.time_left_s = r.issued_at_s + r.deadline_s - now_s;
  f.device.site = Site::DEVICE;
  const double wait = std::max(0.0, p.cpu_free_at_s - now_s);
  const auto& models = p.store.models();
  for (size_t i = 0; i < models.size(); ++i) {
    const ModelId m = models[i];
    if (d_.catalog.task_of(m) != r.task)
      continue;
    const auto& pt = dev.by_model[m];
    policy::ModelOption mo;
    mo.model = m;
    mo.accuracy = d_.catalog.accuracy(m, p.store.versions()[i]);
    mo.loaded = p.loaded.contains(m);
    mo.est_mean_s = wait + dev.image_load.mean_s() + pt.inference.mean_s() +
                    (mo.loaded ? 0.0 : pt.model_load.mean_s() + dev.decompress_s(d_.catalog.info(m)));
    f.device.models.push_back(mo);
  }
  return f;
}

policy::OnDemandContext DecisionStub::on_demand_context(const Phone& p, const Request& r) const {
  const auto& dev = d_.catalog.traces().devices()[p.device];
  policy::OnDemandContext o;
  o.accuracy_need = r.accuracy_need;
  o.free_bytes = p.store.free_bytes();
  for (ModelId m = 0; m < d_.catalog.size(); ++m) {
    const auto& info = d_.catalog.info(m);
    if (d_.catalog.task_of(m) != r.task || !dev.by_model[m].present || info.gzip)
      continue;
    o.candidates.push_back({m, d_.catalog.accuracy(m, d_.catalog.current_version(m)), info.size_bytes, p.is_downloading(m)});
  }
  return o;
}

}  // namespace modi::model
