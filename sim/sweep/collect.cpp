#include "sim/sweep/collect.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <span>

#include "sim/core/csv.hpp"
#include "sim/core/math_policy.hpp"
#include "sim/core/stats.hpp"
#include "sim/core/units.hpp"
#include "sim/sweep/paired.hpp"
#include "sim/sweep/plan.hpp"

namespace fs = std::filesystem;

namespace modi::sweep {
namespace {

using Values = std::vector<RunCells>;  ///< per run (empty: the run failed)

/// The metric's values over the point's finished runs; a run whose cell is empty (no sample in
/// that run) does not count.
std::vector<double> samples(std::span<const Run> runs, const std::vector<RunStatus>& status, const Values& values,
                            const std::string& metric) {
  std::vector<double> xs;
  for (const auto& r : runs) {
    if (!status[r.index].ok)
      continue;
    const auto it = values[r.index].find(metric);
    if (it != values[r.index].end() && !it->second.empty())
      xs.push_back(units::parse_number(it->second));
  }
  return xs;
}

/// mean, sd, ci95, n: empty where there are too few samples (never a made-up zero).
void write_moments(csv::Writer& w, const std::vector<double>& xs) {
  const auto n = static_cast<uint64_t>(xs.size());
  if (n == 0)
    w.cell("").cell("").cell("");
  else if (n == 1)
    w.cell(xs.front()).cell("").cell("");
  else {
    const double sd = stats::stddev(xs);
    w.cell(stats::mean(xs)).cell(sd).cell(ci95_half_width(sd, n));
  }
  w.cell(n);
}

/// DIR/results.csv: one row per run; returns (ok, failed).
std::pair<uint32_t, uint32_t> write_results(const Plan& plan, const fs::path& d, const std::vector<std::string>& metrics,
                                            Values& values, const std::vector<RunStatus>& status) {
  uint32_t ok = 0, failed = 0;
  {
    csv::Writer w((d / "results.csv.tmp").string());
    std::vector<std::string> header{"run_id", "point", "replication", "seed"};
    header.insert(header.end(), plan.swept_paths.begin(), plan.swept_paths.end());
    header.insert(header.end(), {"status", "exit_code", "error"});
    header.insert(header.end(), metrics.begin(), metrics.end());
    w.header(header);
    for (const auto& r : plan.runs) {
      const auto& st = status[r.index];
      (st.ok ? ok : failed)++;
      w.cell(r.id).cell(static_cast<uint64_t>(r.point)).cell(static_cast<uint64_t>(r.replication)).cell(r.seed);
      for (const auto& [k, v] : r.swept)
        w.cell(v);
      w.cell(st.ok ? "ok" : "failed").cell(static_cast<int64_t>(st.exit_code)).cell(st.error);
      for (const auto& m : metrics)
        w.cell(st.ok ? values[r.index][m] : std::string());
      w.end_row();
    }
    w.close();
    fs::rename(d / "results.csv.tmp", d / "results.csv");
  }
  return {ok, failed};
}

}  // namespace

double ci95_half_width(double sd, uint64_t n) {
  if (n < 2)
    return 0.0;
  boost::math::students_t_distribution<double, MathPolicy> t(static_cast<double>(n - 1));
  return boost::math::quantile(t, 0.975) * sd / std::sqrt(static_cast<double>(n));
}

std::pair<uint32_t, uint32_t> collect(const Plan& plan, const std::string& dir, const Baseline& baseline) {
  const fs::path d(dir);
  // Summary columns from the first completed run; wall_s is left out (host time, not a result).
  std::vector<std::string> metrics;
  Values values(plan.runs.size());
  std::vector<RunStatus> status(plan.runs.size());
  for (const auto& r : plan.runs) {
    status[r.index] = status_of(r, dir);
    if (!status[r.index].ok)
      continue;
    const auto t = csv::Table::read_file((fs::path(task_paths(dir, r.id).final_dir) / "summary.csv").string());
    if (metrics.empty())
      for (const auto& h : t.header())
        if (h != "wall_s" && h != "seed")
          metrics.push_back(h);
    for (size_t c = 0; c < t.header().size(); ++c)
      values[r.index][t.header()[c]] = t.rows().at(0).cells.at(c);
  }
  const auto [ok, failed] = write_results(plan, d, metrics, values, status);
  {
    csv::Writer w((d / "aggregate.csv.tmp").string());
    std::vector<std::string> header{"point"};
    header.insert(header.end(), plan.swept_paths.begin(), plan.swept_paths.end());
    header.insert(header.end(), {"runs", "ok"});
    for (const auto& m : metrics)
      for (const char* suffix : {"_mean", "_sd", "_ci95", "_n"})
        header.push_back(m + suffix);
    w.header(header);
    for (uint32_t p = 0; p < plan.points; ++p) {
      const auto runs = plan.point_runs(p);
      w.cell(static_cast<uint64_t>(p));
      for (const auto& [k, v] : runs.front().swept)
        w.cell(v);
      uint64_t n_ok = 0;
      for (const auto& r : runs)
        n_ok += status[r.index].ok;
      w.cell(static_cast<uint64_t>(runs.size())).cell(n_ok);
      for (const auto& m : metrics)
        write_moments(w, samples(runs, status, values, m));
      w.end_row();
    }
    w.close();
    fs::rename(d / "aggregate.csv.tmp", d / "aggregate.csv");
  }
  if (!baseline.path.empty())
    write_paired(plan, dir, baseline, metrics, values);  // a failed run's cells are empty
  return {ok, failed};
}

}  // namespace modi::sweep
