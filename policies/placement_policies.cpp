// Built-in placement policies. Ties are broken by model id (deterministic).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <stdexcept>

#include "policies/placement.hpp"

namespace modi::policy {

std::vector<size_t> knapsack(const std::vector<KnapsackItem>& items, double capacity, double unit) {
  const auto cells = static_cast<size_t>(std::floor(capacity / unit + 1e-9));
  std::map<uint32_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < items.size(); ++i)
    groups[items[i].group].push_back(i);
  // best[g][c]: best value using the first g groups within c cells; choice[g][c]: item or npos.
  const size_t npos = SIZE_MAX;
  std::vector<std::vector<double>> best(groups.size() + 1, std::vector<double>(cells + 1, 0.0));
  std::vector<std::vector<size_t>> choice(groups.size() + 1, std::vector<size_t>(cells + 1, npos));
  size_t g = 0;
  std::vector<const std::vector<size_t>*> order;
  for (const auto& [id, members] : groups) {
    order.push_back(&members);
    ++g;
    for (size_t c = 0; c <= cells; ++c) {
      best[g][c] = best[g - 1][c];
      for (auto i : members) {
        const auto w = static_cast<size_t>(std::ceil(items[i].weight / unit - 1e-9));
        if (w > c || items[i].value <= 0)
          continue;
        const double v = best[g - 1][c - w] + items[i].value;
        if (v > best[g][c] + 1e-12) {
          best[g][c] = v;
          choice[g][c] = i;
        }
      }
    }
  }
  std::vector<size_t> picked;
  size_t c = cells;
  for (size_t k = groups.size(); k > 0; --k) {
    const size_t i = choice[k][c];
    if (i == npos)
      continue;
    picked.push_back(i);
    c -= static_cast<size_t>(std::ceil(items[i].weight / unit - 1e-9));
  }
  std::sort(picked.begin(), picked.end());
  return picked;
}

double knapsack_unit(double capacity) {
  return capacity <= 65536.0 ? 1.0 : capacity / 65536.0;
}

namespace {

std::vector<ModelId> sorted(std::vector<ModelId> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

double task_weight(const PlacementContext& ctx, uint32_t task) {
  // Tasks nobody asked for yet count a little, so an empty history still places something.
  return ctx.tasks[task].requests + 1e-3;
}

class StaticPolicy final : public PlacementPolicy {
public:
  PlacementPlan plan(const PlacementContext& ctx) const override { return {sorted(ctx.configured)}; }
};

class SmallestPolicy final : public PlacementPolicy {
public:
  PlacementPlan plan(const PlacementContext& ctx) const override {
    // Tasks by usage (most used first), then the smallest model of each that still fits.
    std::vector<uint32_t> tasks(ctx.tasks.size());
    for (uint32_t t = 0; t < tasks.size(); ++t)
      tasks[t] = t;
    std::stable_sort(tasks.begin(), tasks.end(),
                     [&](uint32_t a, uint32_t b) { return ctx.tasks[a].requests > ctx.tasks[b].requests; });
    double used = 0;
    std::vector<ModelId> keep;
    for (auto t : tasks) {
      const PlacementCandidate* best = nullptr;
      for (const auto& c : ctx.candidates)
        if (c.task == t && !c.gzip && (!best || c.size_bytes < best->size_bytes))
          best = &c;
      if (best && used + best->size_bytes <= ctx.storage_bytes) {
        keep.push_back(best->model);
        used += best->size_bytes;
      }
    }
    return {sorted(keep)};
  }
};

/// Knapsack over (task usage x accuracy); compression-aware adds gzip variants and values
/// covering a task at all (MODI: maximise on-device models), minus a decompression penalty.
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
      if (c.gzip && !compression_)
        continue;
      const double value = task_weight(ctx, c.task) * (coverage_ + c.accuracy - penalty_ * c.decompress_s);
      items.push_back({c.task, c.size_bytes, value});
      ids.push_back(c.model);
    }
    std::vector<ModelId> keep;
    for (auto i : knapsack(items, ctx.storage_bytes, knapsack_unit(ctx.storage_bytes)))
      keep.push_back(ids[i]);
    return {sorted(keep)};
  }

private:
  bool compression_;
  double coverage_, penalty_;
};

class PopularityPolicy final : public PlacementPolicy {
public:
  explicit PopularityPolicy(const Params& p) : k_(static_cast<size_t>(p.at("k"))) {}
  PlacementPlan plan(const PlacementContext& ctx) const override {
    std::vector<const PlacementCandidate*> c;
    for (const auto& x : ctx.candidates)
      if (!x.gzip)
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
    return {sorted(keep)};
  }

private:
  size_t k_;
};

using T = ParamSpec::Type;

}  // namespace

const ParamSpec* PlacementPolicyInfo::param(const std::string& n) const { return find_param(params, n); }

Params PlacementPolicyInfo::resolve(const Params& given) const { return resolve_params(name, params, given); }

const std::vector<PlacementPolicyInfo>& placement_policies() {
  static const std::vector<PlacementPolicyInfo> list{
      {"static", "keep the models listed in the scenario (phones[].models, edges[].models); only newer versions of them are pushed", {},
       [](const Params&) { return std::make_unique<StaticPolicy>(); }},
      {"smallest", "the smallest variant of every task that fits, most used tasks first", {},
       [](const Params&) { return std::make_unique<SmallestPolicy>(); }},
      {"knapsack",
       "maximise the sum over tasks of usage x accuracy within the storage budget, one model per task "
       "(exact DP below 65,536 bytes of budget, else sizes rounded up to budget/65,536)",
       {},
       [](const Params& p) { return std::make_unique<KnapsackPolicy>(false, p); }},
      {"popularity", "the k most used models (global statistics) that fit",
       {{"k", T::NUMBER, 3, 1, 1000, "how many models at most"}},
       [](const Params& p) { return std::make_unique<PopularityPolicy>(p); }},
      {"compression-aware",
       "knapsack that may store gzipped variants to cover more tasks (MODI: maximise on-device models); "
       "value = usage x (coverage_bonus + accuracy - penalty x decompression time)",
       {{"coverage_bonus", T::NUMBER, 1.0, 0, 100, "value of holding any model of a task, per request"},
        {"decompress_penalty_per_s", T::NUMBER, 0.1, 0, 100, "value lost per second of decompression at load"}},
       [](const Params& p) { return std::make_unique<KnapsackPolicy>(true, p); }},
  };
  return list;
}

const PlacementPolicyInfo* find_placement_policy(const std::string& name) {
  for (const auto& p : placement_policies())
    if (p.name == name)
      return &p;
  return nullptr;
}

std::string placement_policy_names() {
  std::vector<std::string> names;
  for (const auto& p : placement_policies())
    names.push_back(p.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace modi::policy
