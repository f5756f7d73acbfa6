// Section readers for model_management, model_updates[] and mobility.
#include <algorithm>
#include <fmt/format.h>

#include "sim/config/keys.hpp"
#include "sim/config/section_readers.hpp"
#include "sim/core/paths.hpp"

namespace modi::config::detail {
namespace {

void read_placement(Reading& r, Map& m, const std::string& key, PlacementConfig& pc) {
  Map p = m.sub(key);
  read_fields(p, pc, keys::placement());
  const auto* info = policy::placement_policies().find(pc.policy);
  if (!info)
    p.fail("policy", fmt::format("unknown placement policy '{}'", pc.policy),
           "one of " + policy::placement_policies().names());
  Map prm = p.sub("params");
  pc.params = info->resolve(read_params(r, prm, "placement policy", info->name, info->params));
  p.done();
}

}  // namespace

void read_management(Reading& r, Map& top) {
  Map m = top.sub("model_management");
  auto& c = r.s.management;
  read_fields(m, c, keys::management());
  read_placement(r, m, "phones", c.phones);
  read_placement(r, m, "edges", c.edges);
  Map od = m.sub("on_demand");
  read_fields(od, c.on_demand, keys::on_demand());
  if (!r.s.cloud.enabled) {  // the manager and the master model repository live on the cloud
    const char* expected = "cloud.enabled: true, or static placement and no on-demand downloads";
    if (c.phones.policy != "static")
      m.sub("phones").fail("policy", "model management needs the cloud, which is disabled", expected);
    if (c.edges.policy != "static")
      m.sub("edges").fail("policy", "model management needs the cloud, which is disabled", expected);
    if (c.on_demand.enabled)
      od.fail("enabled", "on-demand downloads come from the cloud, which is disabled", expected);
  }
  od.done();
  m.done();
}

void read_updates(Reading& r, Map& top) {
  top.each("model_updates", [&](Map& m, size_t) {
    ModelUpdate u;
    read_fields(m, u, keys::model_update());
    if (!r.s.cloud.enabled)
      m.fail("model", "model updates are published at the cloud, which is disabled", "cloud.enabled: true");
    u.model_id = r.ts().model_id(u.model);
    if (u.model_id == NONE)
      m.fail("model", fmt::format("unknown model '{}'", u.model), "a model from traces/models.csv");
    if (u.top1 < 0)
      u.top1 = r.ts().models()[u.model_id].top1;
    m.done();
    r.s.updates.push_back(u);
  });
  std::stable_sort(r.s.updates.begin(), r.s.updates.end(), [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
}

void read_mobility(Reading& r, Map& top) {
  Map m = top.sub("mobility");
  auto& c = r.s.mobility;
  read_fields(m, c, keys::mobility());
  if (c.kind == MobilityConfig::Kind::TRACE) {
    c.trace_file = resolve_path(r.ctx.file, c.trace_file);
    if (const auto why = why_not_a_file(c.trace_file); !why.empty())
      m.fail("file", fmt::format("mobility trace '{}' {}", c.trace_file, why), "a CSV file time_s,phone,cell");
  }
  m.done();
}

}  // namespace modi::config::detail
