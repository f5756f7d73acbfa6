// The steps of an offloaded request's path as SimGrid activities, each honouring the request's
// timeout (deadline_at < 0: none) and turning SimGrid's failures into a PathFailure with its
// reason. Transfers are host to host through the cell's route; the phone radio's rate cap is a
// FATPIPE link in that route.
#pragma once

#include <simgrid/forward.h>

#include "sim/core/reason.hpp"
#include "sim/engine/link_ceilings.hpp"

namespace modi::engine {

/// SimGrid's timing precision (precision/timing, 1e-9 s): shorter waits are skipped, as SimGrid
/// would round them away anyway (and warn about each).
constexpr double TIME_EPSILON_S = 1e-9;

/// Sleeps for `duration_s` unless it is below the timing precision.
void wait_for(double duration_s);

/// Why an offload path broke: network, edge_down or timeout.
struct PathFailure {
  Reason reason;
};

/// A pure delay (the calibrated extra delay of a leg).
void step_wait(double duration_s, double deadline_at);
/// A transfer of `bytes` between two hosts. `hosts_can_fail`: check that both are on first (SimGrid
/// aborts a transfer from or to a host that is off); without server faults the check is skipped.
void step_transfer(const LinkCeilings& links, simgrid::s4u::Host* from, simgrid::s4u::Host* to, double bytes,
                   double deadline_at, bool hosts_can_fail = true);
/// `seconds` of one core's work on `host` (model load, inference).
void step_exec(simgrid::s4u::Host* host, double seconds, double deadline_at, bool hosts_can_fail = true);

}  // namespace modi::engine
