// `smallest`: the smallest variant of every task that fits, most used tasks first.
#include <algorithm>

#include "policies/placement.hpp"

namespace modi::policy::placement {
namespace {

class SmallestPolicy final : public PlacementPolicy {
public:
  PlacementPlan plan(const PlacementContext& ctx) const override {
    std::vector<uint32_t> tasks(ctx.tasks.size());
    for (uint32_t t = 0; t < tasks.size(); ++t)
      tasks[t] = t;
    std::stable_sort(tasks.begin(), tasks.end(),
                     [&](uint32_t a, uint32_t b) { return ctx.tasks[a].requests > ctx.tasks[b].requests; });
    double used = 0;
    std::vector<ModelId> keep;
    for (auto t : tasks) {
      if (!wanted(ctx, t))
        continue;
      const PlacementCandidate* best = nullptr;
      for (const auto& c : ctx.candidates)
        if (c.task == t && !c.gzip && (!best || c.size_bytes < best->size_bytes))
          best = &c;
      if (best && used + best->size_bytes <= ctx.storage_bytes) {
        keep.push_back(best->model);
        used += best->size_bytes;
      }
    }
    return {sorted_unique(keep)};
  }
};

}  // namespace

PlacementPolicyInfo smallest_info() {
  return {"smallest", "the smallest variant of every task that fits, most used tasks first", {},
          [](const Params&) { return std::make_unique<SmallestPolicy>(); }};
}

}  // namespace modi::policy::placement
