// Applies the fault schedule to the SimGrid platform at its times: cell, backhaul and WAN links
// go down (turned off) or degrade (bandwidth scaled), servers fail (their queue and loaded models
// are lost) and recover. Transfers and executions in progress fail as they would. A daemon actor.
#pragma once

#include <map>
#include <vector>

#include "sim/engine/inference_server.hpp"
#include "sim/engine/platform.hpp"
#include "sim/model/fault_schedule.hpp"

namespace modi::engine {

class FaultInjector {
public:
  FaultInjector(const model::FaultSchedule& schedule, const Platform& platform, std::vector<InferenceServer>& servers)
      : schedule_(schedule), platform_(platform), servers_(servers) {}

  void operator()();

private:
  void apply(const model::FaultTransition& t);
  std::vector<simgrid::s4u::Link*> links_of(const model::FaultTransition& t) const;
  const model::FaultSchedule& schedule_;
  const Platform& platform_;
  std::vector<InferenceServer>& servers_;
};

}  // namespace modi::engine
