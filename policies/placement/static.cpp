// `static`: keep the scenario's lists; only newer versions of those models are pushed.
#include "policies/placement.hpp"

namespace modi::policy::placement {
namespace {

class StaticPolicy final : public PlacementPolicy {
public:
  PlacementPlan plan(const PlacementContext& ctx) const override { return {sorted_unique(ctx.configured)}; }
};

}  // namespace

PlacementPolicyInfo static_info() {
  return {"static",
          "keep the models listed in the scenario (phones[].models, edges[].models); only newer versions of them "
          "are pushed",
          {},
          [](const Params&) { return std::make_unique<StaticPolicy>(); }};
}

}  // namespace modi::policy::placement
