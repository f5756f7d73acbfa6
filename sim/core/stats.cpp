#include "sim/core/stats.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

namespace modi::stats {

double mean(const std::vector<double>& x) {
  if (x.empty())
    return 0.0;
  return Eigen::Map<const Eigen::ArrayXd>(x.data(), static_cast<Eigen::Index>(x.size())).mean();
}

double stddev(const std::vector<double>& x) {
  if (x.size() < 2)
    return 0.0;
  Eigen::Map<const Eigen::ArrayXd> a(x.data(), static_cast<Eigen::Index>(x.size()));
  const double m = a.mean();
  return std::sqrt((a - m).square().sum() / static_cast<double>(x.size() - 1));
}

std::vector<double> quantiles(std::vector<double> x, const std::vector<double>& qs) {
  std::vector<double> out;
  if (x.empty()) {
    out.assign(qs.size(), 0.0);
    return out;
  }
  std::sort(x.begin(), x.end());
  for (double q : qs) {
    const double h = q * static_cast<double>(x.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(h));
    const size_t hi = std::min(lo + 1, x.size() - 1);
    out.push_back(x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]));
  }
  return out;
}

double quantile(std::vector<double> x, double q) {
  return quantiles(std::move(x), {q}).front();
}

}  // namespace modi::stats
