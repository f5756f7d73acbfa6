// `popularity`: the k most used models (global statistics) that fit.
#include <algorithm>

#include "policies/placement.hpp"

namespace modi::policy::placement {
namespace {

class PopularityPolicy final : public PlacementPolicy {
public:
  explicit PopularityPolicy(const Params& p) : k_(static_cast<size_t>(p.at("k"))) {}

  PlacementPlan plan(const PlacementContext& ctx) const override {
    std::vector<const PlacementCandidate*> c;
    for (const auto& x : ctx.candidates)
      if (!x.gzip && wanted(ctx, x.task))
        c.push_back(&x);
    std::stable_sort(c.begin(), c.end(), [](auto* a, auto* b) { return a->uses > b->uses; });
    double used = 0;
    std::vector<ModelId> keep;
    for (const auto* x : c) {
      if (keep.size() >= k_)
        break;
      if (x->uses <= 0 && !keep.empty())
        break;  // only models somebody used, but never leave the target empty-handed
      if (used + x->size_bytes <= ctx.storage_bytes) {
        keep.push_back(x->model);
        used += x->size_bytes;
      }
    }
    return {sorted_unique(keep)};
  }

private:
  size_t k_;
};

}  // namespace

PlacementPolicyInfo popularity_info() {
  return {"popularity", "the k most used models (global statistics) that fit",
          {ParamSpec::integer("k", 3, 1, 1000, "how many models at most")},
          [](const Params& p) { return std::make_unique<PopularityPolicy>(p); }};
}

}  // namespace modi::policy::placement
