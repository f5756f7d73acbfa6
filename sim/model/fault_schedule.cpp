#include "sim/model/fault_schedule.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace modi::model {

using Target = config::FaultPeriod::Target;

FaultSchedule::FaultSchedule(const config::FaultsConfig& faults, const Topology& topology)
    : topology_(topology), detection_delay_s_(faults.detection_delay_s) {
  struct Change {
    double t;
    size_t period;
    int delta;  // +1 starts, -1 ends
  };
  std::vector<Change> changes;
  for (size_t i = 0; i < faults.periods.size(); ++i) {
    const auto& p = faults.periods[i];
    servers_can_fail_ = servers_can_fail_ || p.target == Target::EDGE;
    for (const auto& [a, b] : p.intervals) {
      changes.push_back({a, i, +1});
      changes.push_back({b, i, -1});
    }
    if (p.bandwidth_factor == 0) {
      auto& v = down_[static_cast<size_t>(p.target)];
      if (v.size() <= p.index)
        v.resize(p.index + 1);
      v[p.index].insert(v[p.index].end(), p.intervals.begin(), p.intervals.end());
      has_down_ = true;
    }
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& x, const Change& y) { return x.t < y.t || (x.t == y.t && x.delta < y.delta); });
  std::map<std::tuple<int, uint32_t, bool>, int> depth;  // (target kind, index, degraded) -> active periods
  for (const auto& c : changes) {
    const auto& p = faults.periods[c.period];
    const bool degraded = p.bandwidth_factor > 0;
    int& d = depth[{static_cast<int>(p.target), p.index, degraded}];
    const bool start = c.delta > 0 && d++ == 0;
    const bool stop = c.delta < 0 && --d == 0;
    if (start || stop)
      transitions_.push_back({c.t, p.target, p.index, p.bandwidth_factor, start});
  }
}

bool FaultSchedule::believed_down(Target t, uint32_t i, double now_s) const {
  const auto& v = down_[static_cast<size_t>(t)];
  if (i >= v.size())
    return false;
  for (const auto& [a, b] : v[i])
    if (a + detection_delay_s_ <= now_s && now_s < b + detection_delay_s_)
      return true;
  return false;
}

bool FaultSchedule::believed_reachable(uint32_t cell, uint32_t server, double now_s) const {
  if (!has_down_)
    return true;
  const auto& path = topology_.path(cell);
  if (believed_down(Target::CELL, cell, now_s) || believed_down(Target::BACKHAUL, path.front(), now_s))
    return false;
  // Every uplink below the target must be up, and the target itself if it is not the cloud.
  for (uint32_t hop : path) {
    if (hop == server)
      return server == topology_.cloud() || !believed_down(Target::EDGE, server, now_s);
    if (believed_down(Target::WAN, hop, now_s))
      return false;
  }
  return false;
}

}  // namespace modi::model
