#include "sim/engine/fault_injector.hpp"

#include <simgrid/s4u.hpp>

#include "sim/engine/path_steps.hpp"

namespace sg4 = simgrid::s4u;

namespace modi::engine {

using Target = config::FaultPeriod::Target;

void FaultInjector::operator()() {
  for (const auto& t : schedule_.transitions()) {
    wait_for(t.at_s - sg4::Engine::get_clock());
    apply(t);
  }
}

std::vector<sg4::Link*> FaultInjector::links_of(const model::FaultTransition& t) const {
  switch (t.target) {
    case Target::CELL:
      return {platform_.cell_links[t.index].up, platform_.cell_links[t.index].down};
    case Target::BACKHAUL:
      return {platform_.backhaul_links[t.index].up, platform_.backhaul_links[t.index].down};
    case Target::WAN:
      return {platform_.wan_links[t.index].up, platform_.wan_links[t.index].down};
    case Target::EDGE:
      break;
  }
  return {};
}

void FaultInjector::apply(const model::FaultTransition& t) {
  if (t.target == Target::EDGE) {
    if (t.starts)
      servers_[t.index].fail();
    else
      servers_[t.index].recover();
    return;
  }
  for (auto* l : links_of(t)) {
    if (t.bandwidth_factor > 0) {
      platform_.ceilings->add(l, l->get_bandwidth());  // the first call sees the nominal bandwidth
      const double nominal = platform_.ceilings->ceiling(l);
      l->set_bandwidth(t.starts ? nominal * t.bandwidth_factor : nominal);
    } else if (t.starts) {
      l->turn_off();
    } else {
      l->turn_on();
    }
  }
}

}  // namespace modi::engine
