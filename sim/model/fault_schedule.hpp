// The scenario's fault periods as a schedule: the transitions the fault injector applies (a
// target goes down, degrades, or recovers), and the view MODI's profiler has of them, which
// lags by the detection delay. Plain C++.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/model/topology.hpp"

namespace modi::model {

/// One change of one target's state, in time order.
struct FaultTransition {
  double at_s = 0;
  config::FaultPeriod::Target target = config::FaultPeriod::Target::CELL;
  uint32_t index = 0;            ///< cell or server instance
  double bandwidth_factor = 0;   ///< 0: down/up; in (0,1): degraded/restored
  bool starts = false;           ///< true: the fault begins; false: the target recovers
};

class FaultSchedule {
public:
  FaultSchedule(const config::FaultsConfig& faults, const Topology& topology);

  /// Transitions in time order (at equal times recoveries first); overlapping periods of the
  /// same kind on one target make one fault.
  const std::vector<FaultTransition>& transitions() const { return transitions_; }
  bool any() const { return !transitions_.empty(); }
  /// Some server can fail (the offload path must then outlive its server).
  bool servers_can_fail() const { return servers_can_fail_; }

  /// Whether the profiler believes server `server` reachable from `cell` at `now_s`: a path is
  /// believed down from detection_delay after it fails until detection_delay after it recovers.
  bool believed_reachable(uint32_t cell, uint32_t server, double now_s) const;

private:
  bool believed_down(config::FaultPeriod::Target t, uint32_t i, double now_s) const;
  const Topology& topology_;
  double detection_delay_s_ = 0;
  std::vector<FaultTransition> transitions_;
  std::array<std::vector<std::vector<std::pair<double, double>>>, 4> down_;  ///< [target][index] -> intervals
  bool has_down_ = false;
  bool servers_can_fail_ = false;
};

}  // namespace modi::model
