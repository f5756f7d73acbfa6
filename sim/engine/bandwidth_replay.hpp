// Plays bandwidth traces on their links (cells[].uplink_trace and the like): one daemon actor per
// trace sets the bandwidth of every link replaying it at each change point, pass after pass, or
// once and then back to the links' configured bandwidth. Transfers started while a link is low
// still speed up when it rises (LinkCeilings).
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "sim/engine/platform.hpp"

namespace modi::engine {

class BandwidthReplay {
public:
  /// One replay per trace (and configured bandwidth) among `links`.
  static std::vector<BandwidthReplay> for_links(const std::vector<ReplayedLink>& links);

  void operator()() const;

private:
  std::shared_ptr<const BandwidthTrace> trace_;
  double after_bytes_per_s_ = 0;
  std::vector<simgrid::s4u::Link*> links_;
};

}  // namespace modi::engine
