#include "sim/engine/model_manager.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/engine/path_steps.hpp"
#include "sim/model/placement_planner.hpp"

namespace sg4 = simgrid::s4u;

namespace modi::engine {

ModelManager::ModelManager(const ManagerDeps& deps) : d_(deps), names_(deps.scenario) {
  const auto& mm = deps.scenario.management;
  edge_policy_ = policy::placement_policies().get(mm.edges.policy).make(mm.edges.params);
  phone_policy_ = policy::placement_policies().get(mm.phones.policy).make(mm.phones.params);
}

std::exception_ptr ModelManager::broken() const {
  if (auto e = edge_policy_->broken())
    return e;
  return phone_policy_->broken();
}

void ModelManager::finish() const {
  edge_policy_->finish();
  phone_policy_->finish();
}

bool ModelManager::needed() const {
  const auto& mm = d_.scenario.management;
  return d_.topology.cloud() != NONE &&
         (mm.stats_period_s > 0 || mm.placement_period_s > 0 || !d_.scenario.updates.empty());
}

void ModelManager::operator()() {
  const auto& mm = d_.scenario.management;
  const double inf = std::numeric_limits<double>::infinity();
  double next_stats = mm.stats_period_s > 0 ? mm.stats_period_s : inf;
  double next_place = mm.placement_period_s > 0 ? mm.placement_period_s : inf;
  size_t upd = 0;
  while (true) {
    const double next_upd = upd < d_.scenario.updates.size() ? d_.scenario.updates[upd].at_s : inf;
    const double t = std::min({next_stats, next_place, next_upd});
    if (t == inf)
      return;
    wait_for(t - sg4::Engine::get_clock());
    const double now = sg4::Engine::get_clock();
    publish_updates(t, upd, now);
    if (next_stats <= t) {
      send_stats(next_stats);
      next_stats += mm.stats_period_s;
    }
    if (next_place <= t) {
      place(now);
      next_place += mm.placement_period_s;
    }
  }
}

/// Model updates due by `until_s`: the master repository holds each new version at once.
void ModelManager::publish_updates(double until_s, size_t& next, double now_s) {
  const uint32_t cloud = d_.topology.cloud();
  while (next < d_.scenario.updates.size() && d_.scenario.updates[next].at_s <= until_s) {
    const auto& u = d_.scenario.updates[next++];
    const uint32_t version = d_.catalog.publish(u.model_id, u.top1);
    d_.servers[cloud].state().store.put(u.model_id, version, d_.catalog.info(u.model_id).size_bytes, now_s);
    d_.pushes.refresh(cloud);
  }
}

/// One report per edge in flight at most: when the previous one has not arrived yet (a slow or
/// failed WAN), this period's statistics wait and go with the next report, which then covers
/// both periods. Reports cannot pile up, whatever the WAN.
void ModelManager::send_stats(double end_s) {
  const uint32_t cloud = d_.topology.cloud();
  report_in_flight_.resize(d_.servers.size(), 0);
  report_from_s_.resize(d_.servers.size(), 0.0);
  for (uint32_t e = 0; e < d_.servers.size(); ++e) {
    if (e == cloud || report_in_flight_[e])
      continue;
    auto report = std::make_shared<model::EdgeReport>(d_.stats.take_report(e));
    const double start_s = std::exchange(report_from_s_[e], end_s);
    report_in_flight_[e] = 1;
    reporters_.run(d_.platform.control, [this, e, report, start_s, end_s] {
      try {
        step_transfer(*d_.platform.ceilings, d_.servers[e].host(), d_.servers[d_.topology.cloud()].host(), d_.scenario.management.stats_bytes,
                      -1.0);
      } catch (const PathFailure&) {
        report_in_flight_[e] = 0;
        return;  // a failed edge or WAN loses this report
      }
      report_in_flight_[e] = 0;
      receive(e, *report, start_s, end_s);
    });
  }
}

void ModelManager::receive(uint32_t edge, const model::EdgeReport& report, double start_s, double end_s) {
  const double received = sg4::Engine::get_clock();
  for (const auto& [key, a] : report.apps) {
    const auto& group = d_.scenario.phones[key.first];
    const auto& app = group.apps[key.second];
    d_.recorder.stats.push_back({start_s, end_s, received, d_.servers[edge].state().name, group.name + "/" + app.name,
                                 app.task, a.requests, a.offloaded, a.local_hits, a.edge_hits, a.accuracy_need_sum,
                                 a.accuracy_delivered_sum, a.completed, a.latency_sum_s});
  }
  d_.stats.merge(report, [this](uint32_t group, uint32_t app) {
    return d_.catalog.task_index(d_.scenario.phones[group].apps[app].task);
  });
}

void ModelManager::place(double now_s) {
  const auto& mm = d_.scenario.management;
  const model::PlacementPlanner planner(d_.catalog, d_.stats, d_.scenario);
  for (uint32_t e = 0; e < d_.servers.size(); ++e) {
    if (e == d_.topology.cloud())
      continue;
    auto& sv = d_.servers[e].state();
    const auto ctx = planner.edge_context(sv, d_.scenario.edges[d_.topology.servers()[e].group].model_ids);
    apply(sv.store, edge_policy_->plan(ctx).keep, mm.edges.policy, sv.name, now_s, NONE, e);
  }
  std::map<uint32_t, std::vector<ModelId>> plans;  // one plan per phone group (same context)
  for (auto& p : d_.phones) {
    if (p.energy.dead())
      continue;
    auto it = plans.find(p.group);
    if (it == plans.end())
      it = plans.emplace(p.group, phone_policy_->plan(planner.phone_context(p, d_.scenario.phones[p.group].model_ids)).keep)
               .first;
    apply(p.store, it->second, mm.phones.policy, names_.name(p.group, p.index), now_s, p.index, NONE);
  }
  d_.stats.reset_window();  // the next plan learns from the statistics of the next window
}

/// Carries out a plan: evictions now, pushes of missing or outdated models as transfers.
void ModelManager::apply(model::ModelStore& store, const std::vector<ModelId>& keep, const std::string& policy_name,
                         const std::string& target, double now_s, uint32_t phone, uint32_t server) {
  double planned = 0;
  for (auto m : keep)
    planned += d_.catalog.info(m).size_bytes;
  if (planned > store.budget_bytes() * (1 + 1e-12))
    throw SimulationError(fmt::format("placement policy '{}' planned {:.6g} bytes for {} whose budget is {:.6g}",
                                      policy_name, planned, target, store.budget_bytes()));
  const std::vector<ModelId> current = store.models();
  for (auto m : current)
    if (!std::binary_search(keep.begin(), keep.end(), m)) {
      const auto& info = d_.catalog.info(m);
      store.remove(m, info.size_bytes, now_s);
      if (server != NONE)
        d_.pushes.refresh(server);
      if (phone != NONE)
        d_.phones[phone].loaded.erase(m);
      d_.recorder.pushes.push_back({now_s, now_s, "", target, info.name, 0, info.size_bytes, "evicted", 0});
    }
  for (auto m : keep) {
    const double size = d_.catalog.info(m).size_bytes;
    const bool outdated = store.holds(m) && store.version(m) < d_.catalog.current_version(m);
    if ((store.holds(m) && !outdated) || (phone != NONE && d_.phones[phone].is_downloading(m)))
      continue;
    if (!store.fits(size)) {
      if (!outdated)
        continue;  // the evictions above free room unless other pushes are still in flight
      store.remove(m, size, now_s);  // room for the new version only: drop the old one first
      if (server != NONE)
        d_.pushes.refresh(server);
    }
    if (phone != NONE)
      d_.pushes.to_phone(m, phone, now_s);
    else
      d_.pushes.to_server(m, server, now_s);
  }
}

}  // namespace modi::engine
