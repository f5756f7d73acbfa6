// The SimGrid platform of a scenario, translated from its topology: one host per server and per
// cell access point; per cell a shared uplink and downlink plus the phone radio's rate cap; per
// server a backhaul (its cells to it) and a WAN link to the next tier. Routing is hierarchical:
// one zone per server subtree, so the route tables grow with the number of hosts, not its square;
// a server's host and its cells' access points share a full zone (routes looked up, not
// assembled), or a star zone past FULL_SITE_MAX_HOSTS. Phones are not hosts: a phone's radio is a
// rate cap on its transfers.
#pragma once

#include <cstddef>
#include <memory>

#include "sim/engine/link_ceilings.hpp"

#include <simgrid/forward.h>

#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/model/topology.hpp"

namespace modi::engine {

struct LinkPair {
  simgrid::s4u::Link* up = nullptr;
  simgrid::s4u::Link* down = nullptr;
};

struct ReplayedLink {
  simgrid::s4u::Link* link = nullptr;
  std::shared_ptr<const BandwidthTrace> trace;
  double after_bytes_per_s = 0;  ///< after a pass that does not loop: the configured bandwidth
};

/// Hosts (a server and its cells' access points) up to which they share a full zone: its table of
/// routes holds the square of its hosts (64 x 64 pointers, 32 KiB).
constexpr size_t FULL_SITE_MAX_HOSTS = 64;

/// SimGrid ignores a link of bandwidth 0 (flows cross it at the other links' rate), so a trace's
/// silent periods run at a rate too small to matter (1e-3 B/s).
inline double replay_rate(double bytes_per_s) { return bytes_per_s > 0 ? bytes_per_s : 1e-3; }

struct Platform {
  simgrid::s4u::Host* control = nullptr;         ///< where the fleet and the daemons live
  std::vector<simgrid::s4u::Host*> server_hosts;  ///< by server index
  std::vector<simgrid::s4u::Host*> cell_hosts;    ///< by cell index (access points)
  std::vector<LinkPair> cell_links;               ///< the cells' shared links
  std::vector<LinkPair> backhaul_links;           ///< by server index (edges only)
  std::vector<LinkPair> wan_links;                ///< by server index: link to its parent
  double tcp_gamma_bytes = 0;                     ///< SimGrid's network/TCP-gamma
  /// Links replaying a bandwidth trace (bandwidth_replay.hpp plays them).
  std::vector<ReplayedLink> replayed;
  /// Links whose bandwidth changes (fault windows, replayed traces): how transfers start on them.
  std::unique_ptr<LinkCeilings> ceilings = std::make_unique<LinkCeilings>();
};

/// Must run after the Engine exists and before it runs. Sets the network model first.
Platform build_platform(const config::Scenario& s, const model::Topology& t);

}  // namespace modi::engine
