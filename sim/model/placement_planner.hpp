// What the central manager gives the placement policies: for an edge, the models its server type
// can run; for a phone, the models its device class can run, with their decompression time; for
// both, the current window's global usage statistics and each model's newest version. Plain C++.
#pragma once

#include <vector>

#include "policies/placement.hpp"
#include "sim/config/scenario.hpp"
#include "sim/model/catalog.hpp"
#include "sim/model/phone.hpp"
#include "sim/model/server_state.hpp"
#include "sim/model/usage_stats.hpp"

namespace modi::model {

class PlacementPlanner {
public:
  /// `scenario`: which tasks each phone group's apps ask for (models of other tasks are not wanted).
  PlacementPlanner(const Catalog& catalog, const UsageStats& stats, const config::Scenario& scenario);

  policy::PlacementContext edge_context(const ServerState& server, const std::vector<ModelId>& configured) const;
  policy::PlacementContext phone_context(const Phone& phone, const std::vector<ModelId>& configured) const;

private:
  template <class Runnable, class Decompress>
  policy::PlacementContext context(policy::PlacementContext::Target target, const ModelStore& store,
                                   const std::vector<ModelId>& configured, const std::vector<bool>& wanted,
                                   Runnable runnable, Decompress decompress_s) const;
  const Catalog& catalog_;
  const UsageStats& stats_;
  std::vector<std::vector<bool>> group_tasks_;  ///< per phone group: tasks its apps ask for
  std::vector<bool> any_tasks_;                 ///< tasks any app asks for (edges)
  std::vector<std::string> group_names_;        ///< phone groups' names (a phone plan's name)
};

}  // namespace modi::model
