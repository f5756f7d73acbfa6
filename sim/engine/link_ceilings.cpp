#include "sim/engine/link_ceilings.hpp"

#include <simgrid/s4u.hpp>

#include <utility>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace modi::engine {

void LinkCeilings::add(sg4::Link* l, double bytes_per_s) {
  if (ceiling_.emplace(l, bytes_per_s).second)
    routes_.clear();
}

double LinkCeilings::ceiling(sg4::Link* l) const {
  const auto it = ceiling_.find(l);
  return it == ceiling_.end() ? l->get_bandwidth() : it->second;
}

const LinkCeilings::Route& LinkCeilings::route(sg4::Host* from, sg4::Host* to) const {
  auto [it, fresh] = routes_.try_emplace({from, to});
  if (fresh) {
    std::vector<sg4::Link*> links;
    from->route_to(to, links, nullptr);
    for (auto* l : links)
      if (const auto c = ceiling_.find(l); c != ceiling_.end())
        it->second.emplace_back(l, c->second);
  }
  return it->second;
}

sg4::CommPtr LinkCeilings::start(sg4::Host* from, sg4::Host* to, uint64_t bytes) const {
  if (ceiling_.empty())
    return sg4::Comm::sendto_async(from, to, bytes);
  std::vector<std::pair<sg4::Link*, double>> lowered;
  for (const auto& [l, ceiling] : route(from, to)) {
    if (l->get_bandwidth() < ceiling) {
      lowered.emplace_back(l, l->get_bandwidth());
      l->set_bandwidth(ceiling);
    }
  }
  auto comm = sg4::Comm::sendto_async(from, to, bytes);
  for (const auto& [l, bw] : lowered)
    l->set_bandwidth(bw);
  return comm;
}

}  // namespace modi::engine
