// The world as data: servers arranged in tiers, cells attached to servers, and for every cell
// the path of servers a phone in it can reach, nearest first (its edge, further tiers such as a
// regional server, then the cloud). Built from the scenario; no SimGrid here, so the layout is
// unit-tested on its own and the platform builder (sim/engine/platform.cpp) only translates it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policies/selection.hpp"
#include "sim/config/scenario.hpp"

namespace modi::model {

struct ServerNode {
  std::string name;
  uint32_t group = NONE;                  ///< edge group index (NONE for the cloud)
  policy::Site site = policy::Site::EDGE;
  ServerTypeId type = NONE;
  uint32_t cores = 1;
  double speed = 1.0;
  double memory_bytes = 0;
  double storage_bytes = 0;
  std::vector<ModelId> models;            ///< stored at start
  std::vector<ModelId> preloaded;         ///< in memory at start
  uint32_t parent = NONE;                 ///< next server toward the cloud (NONE: top of its tree)
  std::vector<uint32_t> children;         ///< servers whose parent this is
  double uplink_bandwidth_bps = 0, uplink_latency_s = 0;      ///< the WAN link to the parent
  double backhaul_bandwidth_bps = 0, backhaul_latency_s = 0;  ///< this server's cells to it
  config::LinkTraces backhaul_traces, wan_traces;             ///< replayed bandwidth (null: constant)
};

struct CellNode {
  std::string name;
  uint32_t group = 0;
  NetworkId network = NONE;
  uint32_t edge = 0;                      ///< the server its access point connects to
  double uplink_capacity_bps = 0, downlink_capacity_bps = 0;
  config::LinkTraces traces;              ///< replayed bandwidth (null: the capacities)
};

/// A link's bandwidth for closed-form estimates: a replayed trace's mean, else its bandwidth.
inline double mean_bps(const std::shared_ptr<const BandwidthTrace>& trace, double bps) {
  return trace ? trace->mean_bytes_per_s() * 8.0 : bps;
}

class Topology {
public:
  static Topology build(const config::Scenario& s);

  const std::vector<ServerNode>& servers() const { return servers_; }
  const std::vector<CellNode>& cells() const { return cells_; }
  uint32_t cloud() const { return cloud_; }  ///< NONE when the cloud is disabled
  /// Servers a phone in `cell` can reach, nearest first.
  const std::vector<uint32_t>& path(uint32_t cell) const { return paths_[cell]; }
  /// Cells whose access point connects to server `server`, in cell order.
  const std::vector<uint32_t>& cells_of(uint32_t server) const { return cells_by_server_[server]; }
  /// Servers whose parent is the cloud, or that have none (tops of the edge trees).
  std::vector<uint32_t> top_servers() const;
  uint32_t cell_index(const std::string& name) const;  ///< NONE if unknown
  uint32_t server_index(const std::string& name) const;  ///< NONE if unknown

private:
  std::vector<ServerNode> servers_;  ///< edges in scenario order (groups, then instances), then the cloud
  std::vector<CellNode> cells_;
  std::vector<std::vector<uint32_t>> paths_;
  std::vector<std::vector<uint32_t>> cells_by_server_;
  uint32_t cloud_ = NONE;
};

/// "name" for a group of one, "name-i" otherwise.
std::string instance_name(const std::string& group, uint32_t count, uint32_t i);

}  // namespace modi::model
