#include "sim/sweep/paired.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <span>

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/stats.hpp"
#include "sim/core/units.hpp"
#include "sim/sweep/collect.hpp"
#include "sim/sweep/plan.hpp"

namespace fs = std::filesystem;

namespace modi::sweep {
namespace {

std::string value_of(const Run& r, const std::string& path) {
  for (const auto& [k, v] : r.swept)
    if (k == path)
      return v;
  return "";
}

/// A point's swept values as one key; with `b`, its own value of b.path replaced by b.value.
std::string values_key(const Run& r, const Baseline* b = nullptr) {
  std::string key;
  for (const auto& [path, value] : r.swept)
    key.append(b && path == b->path ? b->value : value).push_back('\0');
  return key;
}

/// For each point, its baseline partner's runs by replication: the first point with the same swept
/// values except `b.path` = `b.value` (one lookup per point, not a scan of every run per run).
/// Empty where there is no such point.
std::vector<std::span<const Run>> baseline_runs(const Plan& plan, const Baseline& b) {
  std::map<std::string, uint32_t> point_of;
  for (uint32_t p = 0; p < plan.points; ++p)
    point_of.emplace(values_key(plan.point_runs(p).front()), p);
  std::vector<std::span<const Run>> partner(plan.points);
  for (uint32_t p = 0; p < plan.points; ++p)
    if (const auto it = point_of.find(values_key(plan.point_runs(p).front(), &b)); it != point_of.end())
      partner[p] = plan.point_runs(it->second);
  return partner;
}

}  // namespace

Baseline Baseline::parse(const std::string& text, const Plan& plan) {
  const auto eq = text.find('=');
  const auto where = SourceLocation{"command line (--baseline)", 0, 0, ""};
  if (eq == std::string::npos || eq == 0)
    throw InputError(where, fmt::format("'{}' is not PATH=VALUE", printable(text)), "a swept key and one of its values");
  Baseline b{text.substr(0, eq), text.substr(eq + 1)};
  if (std::find(plan.swept_paths.begin(), plan.swept_paths.end(), b.path) == plan.swept_paths.end())
    throw InputError(where, fmt::format("'{}' is not swept", b.path), fmt::format("one of {}", fmt::join(plan.swept_paths, ", ")));
  bool found = false;
  for (const auto& r : plan.runs)
    found = found || value_of(r, b.path) == b.value;
  if (!found)
    throw InputError(where, fmt::format("'{}' never takes the value '{}'", b.path, b.value), "a value the sweep gives it");
  return b;
}

PairedDifference paired_difference(const std::vector<double>& x, const std::vector<double>& baseline) {
  std::vector<double> d;
  for (size_t i = 0; i < x.size(); ++i)
    d.push_back(x[i] - baseline[i]);
  PairedDifference out;
  out.n = d.size();
  if (out.n > 0)
    out.mean = stats::mean(d);
  if (out.n > 1)
    out.ci95 = ci95_half_width(stats::stddev(d), out.n);
  return out;
}

void write_paired(const Plan& plan, const std::string& dir, const Baseline& b, const std::vector<std::string>& metrics,
                  const std::vector<RunCells>& runs) {
  csv::Writer w((fs::path(dir) / "paired.csv.tmp").string());
  std::vector<std::string> header{"point"};
  header.insert(header.end(), plan.swept_paths.begin(), plan.swept_paths.end());
  header.push_back("baseline_point");
  for (const auto& m : metrics)
    for (const char* suffix : {"_diff_mean", "_diff_ci95", "_diff_n"})
      header.push_back(m + suffix);
  w.header(header);
  const auto partner = baseline_runs(plan, b);
  for (uint32_t p = 0; p < plan.points; ++p) {
    std::vector<std::pair<const Run*, const Run*>> pairs;
    for (const Run& r : plan.point_runs(p))
      if (value_of(r, b.path) != b.value && r.replication < partner[p].size())
        pairs.emplace_back(&r, &partner[p][r.replication]);
    if (pairs.empty())
      continue;
    w.cell(static_cast<uint64_t>(p));
    for (const auto& [k, v] : pairs.front().first->swept)
      w.cell(v);
    w.cell(static_cast<uint64_t>(pairs.front().second->point));
    for (const auto& m : metrics) {
      std::vector<double> x, base;  // replications where both runs finished and have the metric
      for (const auto& [r, q] : pairs) {
        const auto a = runs[r->index].find(m), c = runs[q->index].find(m);
        if (a != runs[r->index].end() && c != runs[q->index].end() && !a->second.empty() && !c->second.empty()) {
          x.push_back(units::parse_number(a->second));
          base.push_back(units::parse_number(c->second));
        }
      }
      const auto d = paired_difference(x, base);
      if (d.n == 0)
        w.cell("").cell("");
      else if (d.n == 1)
        w.cell(d.mean).cell("");
      else
        w.cell(d.mean).cell(d.ci95);
      w.cell(static_cast<uint64_t>(d.n));
    }
    w.end_row();
  }
  w.close();
  fs::rename(fs::path(dir) / "paired.csv.tmp", fs::path(dir) / "paired.csv");
}

}  // namespace modi::sweep
