// Finished runs into DIR/results.csv (one row per run, failed runs with their reason and empty
// metrics) and DIR/aggregate.csv (per point: mean, sd, 95% CI and n of each metric over the runs
// that have it). A metric without any sample is empty, never zero; sd and the CI need two.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace modi::sweep {

struct Plan;
struct Baseline;

/// Writes DIR/results.csv and DIR/aggregate.csv from the run directories (and DIR/paired.csv with
/// a baseline, sim/sweep/paired.hpp); returns (ok, failed).
std::pair<uint32_t, uint32_t> collect(const Plan& plan, const std::string& dir, const Baseline& baseline);

/// Student-t 97.5% quantile for n-1 degrees of freedom times sd/sqrt(n) (0 below n = 2).
double ci95_half_width(double sd, uint64_t n);

}  // namespace modi::sweep
