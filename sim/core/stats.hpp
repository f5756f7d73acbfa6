// Summary statistics over result vectors (Eigen for the arithmetic).
#pragma once

#include <vector>

namespace modi::stats {

double mean(const std::vector<double>& x);  ///< 0 for an empty vector
double stddev(const std::vector<double>& x);  ///< sample sd (n-1); 0 below two values
/// Quantile with linear interpolation between order statistics (R type 7); sorts a copy.
double quantile(std::vector<double> x, double q);
/// Several quantiles from one sort.
std::vector<double> quantiles(std::vector<double> x, const std::vector<double>& qs);

}  // namespace modi::stats
