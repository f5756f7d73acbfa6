#include "sim/model/placement_planner.hpp"

namespace modi::model {

PlacementPlanner::PlacementPlanner(const Catalog& catalog, const UsageStats& stats, const config::Scenario& scenario)
    : catalog_(catalog), stats_(stats), any_tasks_(catalog.task_names().size(), false) {
  for (const auto& g : scenario.phones) {
    group_names_.push_back(g.name);
    std::vector<bool> tasks(catalog.task_names().size(), false);
    for (const auto& app : g.apps)
      if (const auto t = catalog.task_index(app.task); t != NONE)
        tasks[t] = any_tasks_[t] = true;
    group_tasks_.push_back(std::move(tasks));
  }
}

template <class Runnable, class Decompress>
policy::PlacementContext PlacementPlanner::context(policy::PlacementContext::Target target, const ModelStore& store,
                                                   const std::vector<ModelId>& configured, const std::vector<bool>& wanted,
                                                   Runnable runnable, Decompress decompress_s) const {
  policy::PlacementContext ctx;
  ctx.target = target;
  ctx.storage_bytes = store.budget_bytes();
  const auto& tasks = catalog_.task_names();
  for (uint32_t t = 0; t < tasks.size(); ++t)
    ctx.tasks.push_back({tasks[t], stats_.task_requests(t), stats_.task_need_mean(t), wanted[t]});
  for (ModelId m = 0; m < catalog_.size(); ++m) {
    if (!runnable(m))
      continue;
    const auto& info = catalog_.info(m);
    ctx.candidates.push_back({m, catalog_.task_of(m), info.size_bytes,
                              catalog_.accuracy(m, catalog_.current_version(m)), info.gzip, decompress_s(m),
                              stats_.model_uses(m)});
  }
  ctx.current = store.models();
  ctx.configured = configured;
  return ctx;
}

policy::PlacementContext PlacementPlanner::edge_context(const ServerState& server,
                                                        const std::vector<ModelId>& configured) const {
  const auto& type = catalog_.traces().servers()[server.type];
  auto ctx = context(
      policy::PlacementContext::Target::EDGE, server.store, configured, any_tasks_,
      [&](ModelId m) { return type.inference[m].has_value(); }, [](ModelId) { return 0.0; });
  ctx.name = server.name;
  return ctx;
}

policy::PlacementContext PlacementPlanner::phone_context(const Phone& phone, const std::vector<ModelId>& configured) const {
  const auto& dev = catalog_.traces().devices()[phone.device];
  auto ctx = context(
      policy::PlacementContext::Target::PHONE, phone.store, configured, group_tasks_[phone.group],
      [&](ModelId m) { return dev.by_model[m].present; },
      [&](ModelId m) { return dev.decompress_s(catalog_.info(m)); });
  ctx.name = group_names_[phone.group];
  return ctx;
}

}  // namespace modi::model
