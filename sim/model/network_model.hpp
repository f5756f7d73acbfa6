// What a phone's exchange with a server costs on the network, in closed form: each cell's route
// to every server on its path (latency, bottleneck rate, SimGrid's TCP window bound), and each
// cell's calibrated extra delay per direction, so that an uncontended transfer of the network's
// reference payload to the cell's edge has the measured mean and spread (traces/README.md).
// SimGrid adds what this cannot: contention on shared cells, backhauls and WAN links.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/rng.hpp"
#include "sim/model/topology.hpp"

namespace modi::model {

struct CellRoute {
  double latency_s = 0;         ///< access link + backhaul, one way
  double up_bytes_per_s = 0;    ///< bottleneck of phone radio, cell and backhaul
  double down_bytes_per_s = 0;
  Distribution extra_up, extra_down;  ///< calibrated extra delay per direction
  bool same_sample = false;           ///< the reply's leg reuses the request's draw
  /// The random stream's purpose of a leg's draw: the reply shares the request's when same_sample.
  rng::Purpose purpose(bool up) const { return up || same_sample ? rng::Purpose::NET_UP : rng::Purpose::NET_DOWN; }
};

class NetworkModel {
public:
  /// `tcp_gamma_bytes`: SimGrid's network/TCP-gamma (0: no window bound).
  NetworkModel(const Topology& topology, const TraceSet& traces, double tcp_gamma_bytes);

  const CellRoute& cell(uint32_t c) const { return cells_[c]; }
  /// Uncontended time to move `bytes` between cell `c` and the server at position `tier` of the
  /// cell's path, without the extra delay.
  double route_time_s(uint32_t c, uint32_t tier, double bytes, bool up) const;
  /// One-way latency added beyond the cell's edge to reach position `tier` (WAN links).
  double wan_latency_s(uint32_t c, uint32_t tier) const { return wan_latency_[c][tier]; }

private:
  void calibrate(uint32_t c, const NetworkType& net);
  const Topology& topology_;
  double tcp_gamma_bytes_;
  std::vector<CellRoute> cells_;
  std::vector<std::vector<double>> wan_latency_;  ///< [cell][tier]: WAN latency up to that tier
};

}  // namespace modi::model
