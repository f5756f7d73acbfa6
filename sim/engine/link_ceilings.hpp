// Starts transfers so that a link's later recovery reaches them. SimGrid 3.32's CM02 fixes a
// flow's rate bound at its start to the smallest bandwidth then on its route; Link::set_bandwidth
// (and bandwidth profiles) later move the link's constraint but never lift that bound, so a
// transfer started during a degraded window stayed slow after it (a 2 MB download across the end
// of a 0.5x window took 4.00 s instead of 2.25 s). Every link whose bandwidth can change has a
// ceiling (its nominal bandwidth, or a replayed trace's maximum); a transfer starts with the
// route's lowered links raised to their ceilings, and they are lowered again at the same instant,
// before SimGrid shares bandwidth: the flow is bound by the ceilings and slowed only by the
// links' constraints, which follow every change.
#pragma once

#include <simgrid/forward.h>

#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace modi::engine {

class LinkCeilings {
public:
  /// `l` may run below `bytes_per_s` (at most); the first ceiling given for a link stays.
  void add(simgrid::s4u::Link* l, double bytes_per_s);
  double ceiling(simgrid::s4u::Link* l) const;
  /// An asynchronous transfer, started as above.
  simgrid::s4u::CommPtr start(simgrid::s4u::Host* from, simgrid::s4u::Host* to, uint64_t bytes) const;

private:
  using Route = std::vector<std::pair<simgrid::s4u::Link*, double>>;  ///< a route's links with a ceiling
  const Route& route(simgrid::s4u::Host* from, simgrid::s4u::Host* to) const;
  std::unordered_map<simgrid::s4u::Link*, double> ceiling_;
  /// Routes never change; asked once per pair of hosts (cleared when a ceiling is added).
  mutable std::map<std::pair<simgrid::s4u::Host*, simgrid::s4u::Host*>, Route> routes_;
};

}  // namespace modi::engine
