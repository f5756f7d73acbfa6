// `knapsack` and `compression-aware`: maximise the sum over tasks of usage x accuracy within the
// budget, one model per task. The compression-aware variant may hold gzipped models and values
// covering a task at all (MODI: maximise on-device models), minus a decompression penalty.
#include "policies/knapsack.hpp"
#include "policies/placement.hpp"

namespace modi::policy::placement {
namespace {

class KnapsackPolicy final : public PlacementPolicy {
public:
  KnapsackPolicy(bool compression, const Params& p)
      : compression_(compression),
        coverage_(compression ? p.at("coverage_bonus") : 0.0),
        penalty_(compression ? p.at("decompress_penalty_per_s") : 0.0) {}

  PlacementPlan plan(const PlacementContext& ctx) const override {
    std::vector<KnapsackItem> items;
    std::vector<ModelId> ids;
    for (const auto& c : ctx.candidates) {
      if ((c.gzip && !compression_) || !wanted(ctx, c.task))
        continue;
      const double value = task_weight(ctx, c.task) * (coverage_ + c.accuracy - penalty_ * c.decompress_s);
      items.push_back({c.task, c.size_bytes, value});
      ids.push_back(c.model);
    }
    std::vector<ModelId> keep;
    for (auto i : knapsack(items, ctx.storage_bytes, knapsack_unit(ctx.storage_bytes)))
      keep.push_back(ids[i]);
    return {sorted_unique(keep)};
  }

private:
  bool compression_;
  double coverage_, penalty_;
};

}  // namespace

PlacementPolicyInfo knapsack_info() {
  return {"knapsack",
          "maximise the sum over tasks of usage x accuracy within the storage budget, one model per task "
          "(exact DP below 65,536 bytes of budget, else sizes rounded up to budget/65,536)",
          {},
          [](const Params& p) { return std::make_unique<KnapsackPolicy>(false, p); }};
}

PlacementPolicyInfo compression_aware_info() {
  return {"compression-aware",
          "knapsack that may store gzipped variants to cover more tasks (MODI: maximise on-device models); "
          "value = usage x (coverage_bonus + accuracy - penalty x decompression time)",
          {ParamSpec::number("coverage_bonus", 1.0, 0, 100, "value of holding any model of a task, per request"),
           ParamSpec::number("decompress_penalty_per_s", 0.1, 0, 100, "value lost per second of decompression at load")},
          [](const Params& p) { return std::make_unique<KnapsackPolicy>(true, p); }};
}

}  // namespace modi::policy::placement
