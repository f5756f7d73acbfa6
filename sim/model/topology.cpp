#include "sim/model/topology.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace modi::model {

std::string instance_name(const std::string& group, uint32_t count, uint32_t i) {
  return count == 1 ? group : fmt::format("{}-{}", group, i);
}

namespace {

ServerNode edge_node(const config::EdgeGroup& g, uint32_t group, uint32_t i) {
  ServerNode n;
  n.name = instance_name(g.name, g.count, i);
  n.group = group;
  n.site = policy::Site::EDGE;
  n.type = g.server_id;
  n.cores = g.cores;
  n.speed = g.speed;
  n.memory_bytes = g.memory_bytes;
  n.storage_bytes = g.storage_bytes;
  n.models = g.model_ids;
  n.preloaded = g.preloaded_ids;
  n.uplink_bandwidth_bps = g.wan_bandwidth_bps;
  n.uplink_latency_s = g.wan_latency_s;
  n.backhaul_bandwidth_bps = g.backhaul_bandwidth_bps;
  n.backhaul_latency_s = g.backhaul_latency_s;
  n.backhaul_traces = g.backhaul_traces;
  n.wan_traces = g.wan_traces;
  return n;
}

ServerNode cloud_node(const config::CloudConfig& c) {
  ServerNode n;
  n.name = "cloud";
  n.site = policy::Site::CLOUD;
  n.type = c.server_id;
  n.cores = c.cores;
  n.speed = c.speed;
  n.memory_bytes = 1e18;           // the cloud keeps every model it stores loaded
  n.storage_bytes = 1e300;         // the master repository holds every model
  n.models = c.model_ids;
  n.preloaded = c.model_ids;
  return n;
}

}  // namespace

Topology Topology::build(const config::Scenario& s) {
  Topology t;
  std::map<std::string, uint32_t> first_server, first_cell;
  for (uint32_t gi = 0; gi < s.edges.size(); ++gi) {
    const auto& g = s.edges[gi];
    first_server[g.name] = static_cast<uint32_t>(t.servers_.size());
    for (uint32_t i = 0; i < g.count; ++i)
      t.servers_.push_back(edge_node(g, gi, i));
  }
  const auto n_edges = static_cast<uint32_t>(t.servers_.size());
  if (s.cloud.enabled) {
    t.cloud_ = n_edges;
    t.servers_.push_back(cloud_node(s.cloud));
  }
  // Instance i of a group attaches to instance i mod count of its parent group (else the cloud).
  for (uint32_t gi = 0, base = 0; gi < s.edges.size(); base += s.edges[gi].count, ++gi) {
    const auto& g = s.edges[gi];
    for (uint32_t i = 0; i < g.count; ++i) {
      auto& n = t.servers_[base + i];
      if (g.parent.empty()) {
        n.parent = t.cloud_;
      } else {
        const auto& pg = *std::find_if(s.edges.begin(), s.edges.end(), [&](const auto& e) { return e.name == g.parent; });
        n.parent = first_server[g.parent] + i % pg.count;
      }
      if (n.parent != NONE)
        t.servers_[n.parent].children.push_back(base + i);
    }
  }
  for (uint32_t gi = 0; gi < s.cells.size(); ++gi) {
    const auto& g = s.cells[gi];
    const auto& eg = *std::find_if(s.edges.begin(), s.edges.end(), [&](const auto& e) { return e.name == g.edge; });
    for (uint32_t i = 0; i < g.count; ++i) {
      CellNode c;
      c.name = instance_name(g.name, g.count, i);
      c.group = gi;
      c.network = g.network_id;
      c.edge = first_server[g.edge] + i % eg.count;
      c.uplink_capacity_bps = g.uplink_capacity_bps;
      c.downlink_capacity_bps = g.downlink_capacity_bps;
      c.traces = g.traces;
      t.cells_.push_back(std::move(c));
    }
  }
  t.cells_by_server_.resize(t.servers_.size());
  for (uint32_t c = 0; c < t.cells_.size(); ++c)
    t.cells_by_server_[t.cells_[c].edge].push_back(c);
  for (const auto& c : t.cells_) {
    std::vector<uint32_t> path;
    for (uint32_t sv = c.edge; sv != NONE; sv = t.servers_[sv].parent)
      path.push_back(sv);
    t.paths_.push_back(std::move(path));
  }
  return t;
}

std::vector<uint32_t> Topology::top_servers() const {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < servers_.size(); ++i)
    if (i != cloud_ && (servers_[i].parent == NONE || servers_[i].parent == cloud_))
      out.push_back(i);
  return out;
}

uint32_t Topology::cell_index(const std::string& name) const {
  for (uint32_t i = 0; i < cells_.size(); ++i)
    if (cells_[i].name == name)
      return i;
  return NONE;
}

uint32_t Topology::server_index(const std::string& name) const {
  for (uint32_t i = 0; i < servers_.size(); ++i)
    if (servers_[i].name == name)
      return i;
  return NONE;
}

}  // namespace modi::model
