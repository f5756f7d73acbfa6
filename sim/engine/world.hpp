// The SimGrid platform of a scenario: one host per edge server, the cloud and each cell's access
// point; per cell an uplink and a downlink shared by its phones; per edge a backhaul and a WAN
// link to the cloud. Phones are not hosts: a phone's radio is a rate cap on its transfers.
#pragma once

#include <string>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/engine/state.hpp"

#include <simgrid/forward.h>

namespace simgrid::s4u {
class Host;
}

namespace modi::engine {

struct World {
  std::vector<Cell> cells;
  std::vector<Server> servers;  ///< edges first (in config order), then the cloud if enabled
  uint32_t cloud = NONE;        ///< index of the cloud in servers
  simgrid::s4u::Host* control = nullptr;  ///< where the fleet actor lives
  std::vector<std::string> task_names;
  std::vector<simgrid::s4u::SemaphorePtr> semaphores;
  double tcp_gamma_bytes = 0;  ///< SimGrid's network/TCP-gamma, used by route_time_s
  struct LinkPair {
    simgrid::s4u::Link* up = nullptr;
    simgrid::s4u::Link* down = nullptr;
  };
  std::vector<LinkPair> cell_links;      ///< by cell instance (the shared cell links)
  std::vector<LinkPair> backhaul_links;  ///< by edge instance
  std::vector<LinkPair> wan_links;       ///< by edge instance  ///< owns Server::slots
};

/// Must run after the Engine exists and before it runs. Sets the network model first.
World build_world(const config::Scenario& s);

/// Uncontended time to move `bytes` from a cell to server `server` (or back) through the
/// route, without the calibrated extra delay.
double route_time_s(const config::Scenario& s, const World& w, uint32_t cell, uint32_t server, double bytes, bool up);

}  // namespace modi::engine
