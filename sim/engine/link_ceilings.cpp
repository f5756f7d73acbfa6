#include "sim/engine/link_ceilings.hpp"

#include <simgrid/s4u.hpp>

#include <utility>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace modi::engine {

void LinkCeilings::add(sg4::Link* l, double bytes_per_s) { ceiling_.emplace(l, bytes_per_s); }

double LinkCeilings::ceiling(sg4::Link* l) const {
  const auto it = ceiling_.find(l);
  return it == ceiling_.end() ? l->get_bandwidth() : it->second;
}

sg4::CommPtr LinkCeilings::start(sg4::Host* from, sg4::Host* to, uint64_t bytes) const {
  if (ceiling_.empty())
    return sg4::Comm::sendto_async(from, to, bytes);
  std::vector<sg4::Link*> route;
  from->route_to(to, route, nullptr);
  std::vector<std::pair<sg4::Link*, double>> lowered;
  for (auto* l : route) {
    const auto it = ceiling_.find(l);
    if (it != ceiling_.end() && l->get_bandwidth() < it->second) {
      lowered.emplace_back(l, l->get_bandwidth());
      l->set_bandwidth(it->second);
    }
  }
  auto comm = sg4::Comm::sendto_async(from, to, bytes);
  for (const auto& [l, bw] : lowered)
    l->set_bandwidth(bw);
  return comm;
}

}  // namespace modi::engine
