// Paired comparisons of a sweep's points against a baseline (modisim sweep --baseline PATH=VALUE).
// Every point of a sweep replays the same workload per replication (common random numbers: the
// seed, not the policy, decides arrivals and draws), so a point and its baseline point (the same
// values except PATH = VALUE) are compared replication by replication: d_r = x_r - baseline_r.
// paired.csv gives, per point and metric, the mean difference, the paired-t 95% half-width
// t(0.975, n-1) * sd(d) / sqrt(n) and n. The workload's own variation cancels in d, so the
// interval is narrower than one from two independent samples.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace modi::sweep {

struct Plan;

struct Baseline {
  std::string path, value;  ///< empty path: no baseline
  /// "PATH=VALUE"; throws InputError (named --baseline) unless PATH is swept and takes VALUE.
  static Baseline parse(const std::string& text, const Plan& plan);
};

/// One finished run's summary cells (empty map: the run failed).
using RunCells = std::map<std::string, std::string>;

/// The difference x - baseline of one metric over paired replications.
struct PairedDifference {
  double mean = 0, ci95 = 0;
  size_t n = 0;
};
PairedDifference paired_difference(const std::vector<double>& x, const std::vector<double>& baseline);

/// Writes DIR/paired.csv.
void write_paired(const Plan& plan, const std::string& dir, const Baseline& baseline,
                  const std::vector<std::string>& metrics, const std::vector<RunCells>& runs);

}  // namespace modi::sweep
