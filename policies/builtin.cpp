// The one explicit list of built-in policies. Adding a policy in tree: write its file under
// policies/selection/ or policies/placement/ (it defines `<name>_info()`), declare that function
// here and add it to the list below. Order here is the order `modisim list` shows.
#include "policies/placement.hpp"
#include "policies/selection.hpp"

namespace modi::policy {

namespace selection {
SelectionPolicyInfo local_info();
SelectionPolicyInfo edge_info();
SelectionPolicyInfo modi_info();
SelectionPolicyInfo mdinference_info();
SelectionPolicyInfo energy_info();
SelectionPolicyInfo oracle_info();
SelectionPolicyInfo random_info();
SelectionPolicyInfo external_info();
}  // namespace selection

namespace placement {
PlacementPolicyInfo static_info();
PlacementPolicyInfo smallest_info();
PlacementPolicyInfo knapsack_info();
PlacementPolicyInfo popularity_info();
PlacementPolicyInfo compression_aware_info();
PlacementPolicyInfo external_info();
}  // namespace placement

SelectionRegistry& selection_policies() {
  static SelectionRegistry registry = [] {
    SelectionRegistry r("selection");
    for (auto info : {selection::local_info, selection::edge_info, selection::modi_info, selection::mdinference_info,
                      selection::energy_info, selection::oracle_info, selection::random_info,
                      selection::external_info})
      r.add(info());
    return r;
  }();
  return registry;
}

PlacementRegistry& placement_policies() {
  static PlacementRegistry registry = [] {
    PlacementRegistry r("placement");
    for (auto info : {placement::static_info, placement::smallest_info, placement::knapsack_info,
                      placement::popularity_info, placement::compression_aware_info, placement::external_info})
      r.add(info());
    return r;
  }();
  return registry;
}

}  // namespace modi::policy
