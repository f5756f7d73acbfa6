// Section readers for the servers and cells: edges[] (tiers), cloud, cells[].
#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

#include "sim/config/keys.hpp"
#include "sim/config/section_readers.hpp"
#include "sim/core/paths.hpp"

namespace modi::config::detail {

std::shared_ptr<const BandwidthTrace> read_bandwidth_trace(Reading& r, Map& m, const char* key, std::string& file,
                                                          double scale, bool loop) {
  if (file.empty())
    return nullptr;
  file = resolve_path(r.ctx.file, file);
  if (const auto why = why_not_a_file(file); !why.empty())
    m.fail(key, fmt::format("bandwidth trace '{}' {}", file, why), "a Mahimahi trace or a CSV time_s,bandwidth_bps");
  auto& cached = r.bandwidth_traces[fmt::format("{}\n{}\n{}", file, scale, loop)];
  if (!cached)
    cached = BandwidthTrace::load(file, scale, loop);
  return cached;
}

void read_edges(Reading& r, Map& top) {
  std::set<std::string> names;
  top.each("edges", [&](Map& m, size_t) {
    EdgeGroup e;
    read_fields(m, e, keys::edge());
    if (!names.insert(e.name).second)
      m.fail("name", fmt::format("duplicate edge name '{}'", e.name), "unique names");
    e.server_id = r.ts().server_id(e.server);
    if (e.server_id == NONE)
      m.fail("server", fmt::format("unknown server type '{}'", e.server), valid_names(TraceSet::names(r.ts().servers())));
    // keep only models this server type can run, unless named explicitly
    const auto& server = r.ts().servers()[e.server_id];
    for (auto id : resolve_models(r, m, "models", e.models, true)) {
      if (server.inference[id])
        e.model_ids.push_back(id);
      else if (std::find(e.models.begin(), e.models.end(), r.ts().models()[id].name) != e.models.end())
        m.fail("models", fmt::format("server type '{}' has no inference timing for '{}'", e.server, r.ts().models()[id].name),
               "models listed in server_timings.csv for this server");
    }
    if (total_size(r.ts(), e.model_ids) > e.storage_bytes)
      m.fail("models", fmt::format("models need {:.6g} bytes but storage is {:.6g} bytes", total_size(r.ts(), e.model_ids),
                                   e.storage_bytes),
             "models that fit the edge's storage");
    e.preloaded_ids = resolve_models(r, m, "preloaded", e.preloaded, true);
    double preloaded_bytes = 0;
    for (auto id : e.preloaded_ids) {
      preloaded_bytes += r.ts().models()[id].memory_bytes;
      if (!std::binary_search(e.model_ids.begin(), e.model_ids.end(), id))
        m.fail("preloaded", fmt::format("'{}' is preloaded but not stored on this edge", r.ts().models()[id].name),
               "a subset of models");
    }
    if (preloaded_bytes > e.memory_bytes)
      m.fail("preloaded", "preloaded models exceed the edge's memory", "models that fit memory");
    e.models = model_names(r.ts(), e.model_ids);
    e.preloaded = model_names(r.ts(), e.preloaded_ids);
    e.backhaul_traces = {read_bandwidth_trace(r, m, "backhaul_uplink_trace", e.backhaul_uplink_trace, e.trace_scale, e.trace_loop),
                         read_bandwidth_trace(r, m, "backhaul_downlink_trace", e.backhaul_downlink_trace, e.trace_scale, e.trace_loop)};
    e.wan_traces = {read_bandwidth_trace(r, m, "wan_uplink_trace", e.wan_uplink_trace, e.trace_scale, e.trace_loop),
                    read_bandwidth_trace(r, m, "wan_downlink_trace", e.wan_downlink_trace, e.trace_scale, e.trace_loop)};
    m.done();
    r.s.edges.push_back(std::move(e));
  });
  if (r.s.edges.empty())
    top.fail("edges", "no edge servers", "a list with at least one edge");
}

void read_cloud(Reading& r, Map& top) {
  Map m = top.sub("cloud");
  auto& c = r.s.cloud;
  read_fields(m, c, keys::cloud());
  c.server_id = r.ts().server_id(c.server);
  // A disabled cloud is not checked against the trace set (it may name a server type it lacks).
  if (c.server_id == NONE && c.enabled)
    m.fail("server", fmt::format("unknown server type '{}'", c.server), valid_names(TraceSet::names(r.ts().servers())));
  for (auto id : resolve_models(r, m, "models", c.models, true))
    if (c.enabled && r.ts().servers()[c.server_id].inference[id])
      c.model_ids.push_back(id);
  c.models = model_names(r.ts(), c.model_ids);
  m.done();
}

/// Edge groups form trees under the cloud: a parent must be another edge group, without cycles.
void check_tiers(Reading& r) {
  std::map<std::string, const EdgeGroup*> by_name;
  for (const auto& e : r.s.edges)
    by_name[e.name] = &e;
  for (size_t i = 0; i < r.s.edges.size(); ++i) {
    auto& e = r.s.edges[i];
    if (e.wan_bandwidth_bps < 0)
      e.wan_bandwidth_bps = r.s.cloud.wan_bandwidth_bps;
    if (e.wan_latency_s < 0)
      e.wan_latency_s = r.s.cloud.wan_latency_s;
    Map m(r.ctx, r.root["edges"][i], fmt::format("edges.{}", i));
    std::set<std::string> seen{e.name};
    for (const EdgeGroup* g = &e; !g->parent.empty(); g = by_name[g->parent]) {
      if (!by_name.count(g->parent))
        m.fail("parent", fmt::format("unknown edge group '{}'", g->parent), valid_names(TraceSet::names(r.s.edges)));
      if (!seen.insert(g->parent).second)
        m.fail("parent", fmt::format("edge groups '{}' and '{}' are each other's ancestors", e.name, g->parent),
               "tiers that end at the cloud");
    }
  }
}

void read_cells(Reading& r, Map& top) {
  std::set<std::string> names;
  for (const auto& e : r.s.edges)
    names.insert(e.name);
  top.each("cells", [&](Map& m, size_t) {
    CellGroup c;
    read_fields(m, c, keys::cell());
    if (!names.insert(c.name).second)
      m.fail("name", fmt::format("duplicate name '{}'", c.name), "unique names across edges and cells");
    c.network_id = r.ts().network_id(c.network);
    if (c.network_id == NONE)
      m.fail("network", fmt::format("unknown connection type '{}'", c.network),
             valid_names(TraceSet::names(r.ts().networks())));
    if (std::none_of(r.s.edges.begin(), r.s.edges.end(), [&](const auto& e) { return e.name == c.edge; }))
      m.fail("edge", fmt::format("unknown edge '{}'", c.edge), valid_names(TraceSet::names(r.s.edges)));
    c.traces = {read_bandwidth_trace(r, m, "uplink_trace", c.uplink_trace, c.trace_scale, c.trace_loop),
                read_bandwidth_trace(r, m, "downlink_trace", c.downlink_trace, c.trace_scale, c.trace_loop)};
    m.done();
    r.s.cells.push_back(std::move(c));
  });
  if (r.s.cells.empty())
    top.fail("cells", "no cells", "a list with at least one cell");
}

}  // namespace modi::config::detail
