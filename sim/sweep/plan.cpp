#include "sim/sweep/plan.hpp"

#include <fmt/format.h>

#include "sim/core/rng.hpp"

namespace modi::sweep {

uint64_t replication_seed(uint64_t base_seed, uint32_t replication) {
  // Depends only on the base seed and the replication: every configuration point of a sweep
  // sees the same workloads. 53 bits so the seed survives YAML and CSV round trips exactly.
  return rng::key(base_seed, 0x53eed, replication, 0x5eed) >> 11;
}

namespace {

/// Dimensions: each grid axis, then each zip group (its axes move together).
std::vector<std::vector<const Axis*>> dimensions(const SweepSpec& spec) {
  std::vector<std::vector<const Axis*>> dims;
  for (const auto& a : spec.grid)
    dims.push_back({&a});
  for (const auto& g : spec.zips) {
    std::vector<const Axis*> d;
    for (const auto& a : g)
      d.push_back(&a);
    dims.push_back(d);
  }
  return dims;
}

/// Value index of each dimension at `point` (mixed radix, the last dimension fastest).
std::vector<size_t> coordinates(const std::vector<std::vector<const Axis*>>& dims, uint64_t point) {
  std::vector<size_t> idx(dims.size());
  for (size_t k = dims.size(); k-- > 0;) {
    const auto n = dims[k].front()->values.size();
    idx[k] = point % n;
    point /= n;
  }
  return idx;
}

}  // namespace

Plan expand(const SweepSpec& spec) {
  Plan plan;
  plan.spec = spec;
  const auto dims = dimensions(spec);
  for (const auto& d : dims)
    for (const auto* a : d)
      plan.swept_paths.push_back(a->path);
  constexpr uint64_t MAX_RUNS = 100000;
  uint64_t points = 1;
  for (const auto& d : dims) {
    points *= d.front()->values.size();  // checked at each step: no overflow
    if (points * spec.replications > MAX_RUNS)
      throw InputError({spec.file, 0, 0, "grid"}, "the sweep has too many runs", "at most 100,000 runs per sweep");
  }
  plan.points = static_cast<uint32_t>(points);
  plan.point_inputs.resize(plan.points);
  for (uint32_t p = 0; p < plan.points; ++p) {
    const auto idx = coordinates(dims, p);
    std::vector<std::pair<std::string, std::string>> swept;
    for (size_t k = 0; k < dims.size(); ++k)
      for (const auto* a : dims[k])
        swept.emplace_back(a->path, a->values[idx[k]]);
    for (uint32_t r = 0; r < spec.replications; ++r) {
      Run run;
      run.index = static_cast<uint32_t>(plan.runs.size());
      run.id = fmt::format("p{:04d}-r{:02d}", p, r);
      run.point = p;
      run.replication = r;
      run.seed = replication_seed(spec.base_seed, r);
      run.swept = swept;
      run.args = {"--seed", std::to_string(run.seed), "--progress", "never"};
      for (const auto& f : spec.fixed) {
        run.args.push_back("--set");
        run.args.push_back(f.path + "=" + f.value);
      }
      for (const auto& [k, v] : swept) {
        run.args.push_back("--set");
        run.args.push_back(k + "=" + v);
      }
      plan.runs.push_back(std::move(run));
    }
  }
  return plan;
}

std::vector<config::Override> Plan::overrides(uint32_t point) const {
  std::vector<config::Override> out;
  for (const auto& f : spec.fixed)
    out.push_back({f.path, f.value, ""});
  for (const auto& [k, v] : point_runs(point).front().swept)
    out.push_back({k, v, ""});
  return out;
}

std::string Plan::describe(uint32_t point) const {
  std::string out;
  for (const auto& [k, v] : point_runs(point).front().swept)
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", k, v);
  return out.empty() ? "no swept values" : out;
}

SourceLocation Plan::where(uint32_t point, const std::string& path) const {
  for (const auto& f : spec.fixed)
    if (f.path == path)
      return f.where;
  const auto dims = dimensions(spec);
  const auto idx = coordinates(dims, point);
  for (size_t k = 0; k < dims.size(); ++k)
    for (const auto* a : dims[k])
      if (a->path == path)
        return a->where[idx[k]];
  return {spec.file, 0, 0, path};
}

std::string Plan::manifest(const Run& run) const {
  std::string text = fmt::format("run {}\nbase {}\n", run.id, spec.base_config);
  for (const auto& a : run.args)
    text += "arg " + a + "\n";
  return text + point_inputs.at(run.point);
}

}  // namespace modi::sweep
