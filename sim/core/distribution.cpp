#include "sim/core/distribution.hpp"

#include "sim/core/math_policy.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace modi {

double normal_quantile(double u) {
  return -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * u, MathPolicy());
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double QuantileTable::mean() const {
  double m = 0;
  for (size_t i = 0; i + 1 < p.size(); ++i)
    m += (p[i + 1] - p[i]) * 0.5 * (value[i] + value[i + 1]);
  return m;
}

double QuantileTable::stddev() const {
  // On each segment the value is linear in t over a probability width w: integrate x^2 exactly.
  double m2 = 0;
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    const double a = value[i], b = value[i + 1], w = p[i + 1] - p[i];
    m2 += w * (a * a + a * b + b * b) / 3.0;
  }
  const double m = mean();
  return std::sqrt(std::max(0.0, m2 - m * m));
}

double QuantileTable::at(double u) const {
  if (u <= p.front())
    return value.front();
  if (u >= p.back())
    return value.back();
  auto it = std::upper_bound(p.begin(), p.end(), u);
  const size_t hi = static_cast<size_t>(it - p.begin());
  const size_t lo = hi - 1;
  const double t = (u - p[lo]) / (p[hi] - p[lo]);
  return value[lo] + t * (value[hi] - value[lo]);
}

Distribution Distribution::fixed(double value_s) {
  Distribution d;
  d.kind_ = Kind::FIXED;
  d.mean_ = value_s;
  return d;
}

Distribution Distribution::normal(double mean_s, double sd_s) {
  Distribution d;
  d.kind_ = Kind::NORMAL;
  d.mean_ = mean_s;
  d.sd_ = sd_s;
  return d;
}

Distribution Distribution::truncated_normal(double mu_s, double sigma_s) {
  if (sigma_s <= 0)
    return fixed(std::max(0.0, mu_s));
  Distribution d;
  d.kind_ = Kind::TRUNCATED_NORMAL;
  d.a_ = mu_s;
  d.b_ = sigma_s;
  const double alpha = -mu_s / sigma_s;
  d.p0_ = normal_cdf(alpha);
  const double lambda = std::exp(-0.5 * alpha * alpha) / std::sqrt(2.0 * M_PI) / (1.0 - d.p0_);  // inverse Mills ratio
  d.mean_ = mu_s + sigma_s * lambda;
  d.sd_ = sigma_s * std::sqrt(std::max(0.0, 1.0 + alpha * lambda - lambda * lambda));
  return d;
}

Distribution Distribution::lognormal(double mean_s, double sd_s) {
  if (mean_s <= 0)
    return fixed(0.0);
  Distribution d;
  d.kind_ = Kind::LOGNORMAL;
  d.mean_ = mean_s;
  d.sd_ = sd_s;
  const double s2 = std::log1p((sd_s * sd_s) / (mean_s * mean_s));
  d.b_ = std::sqrt(s2);
  d.a_ = std::log(mean_s) - 0.5 * s2;
  return d;
}

Distribution Distribution::exponential(double mean_s) {
  Distribution d;
  d.kind_ = Kind::EXPONENTIAL;
  d.mean_ = mean_s;
  d.sd_ = mean_s;
  return d;
}

Distribution Distribution::empirical(std::shared_ptr<const QuantileTable> shape, double mean_s, double sd_s) {
  Distribution d;
  d.kind_ = Kind::EMPIRICAL;
  const double qm = shape->mean();
  const double qsd = shape->stddev();
  if (qm <= 0)
    throw std::invalid_argument("quantile table has a non-positive mean");
  d.mean_ = mean_s;
  // k scales deviations from the mean; a shape without spread stays degenerate.
  const double k = (sd_s < 0 || qsd <= 0) ? 1.0 : (sd_s / mean_s) / (qsd / qm);
  d.sd_ = mean_s * k * qsd / qm;
  d.a_ = mean_s * k / qm;        // multiplier of q
  d.b_ = mean_s * (1.0 - k);     // offset
  d.shape_ = std::move(shape);
  return d;
}

double Distribution::sample(double u) const {
  switch (kind_) {
    case Kind::FIXED:
      return mean_;
    case Kind::NORMAL:
      return std::max(0.0, mean_ + sd_ * normal_quantile(u));
    case Kind::TRUNCATED_NORMAL:
      return std::max(0.0, a_ + b_ * normal_quantile(p0_ + u * (1.0 - p0_)));
    case Kind::LOGNORMAL:
      return std::exp(a_ + b_ * normal_quantile(u));
    case Kind::EXPONENTIAL:
      return -mean_ * std::log1p(-u);
    case Kind::EMPIRICAL:
      return std::max(0.0, a_ * shape_->at(u) + b_);
  }
  return mean_;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case Kind::FIXED:
      return fmt::format("fixed {:.6g} s", mean_);
    case Kind::NORMAL:
      return fmt::format("normal mean {:.6g} s sd {:.6g} s", mean_, sd_);
    case Kind::TRUNCATED_NORMAL:
      return fmt::format("normal mu {:.6g} s sigma {:.6g} s truncated at 0 (mean {:.6g} s)", a_, b_, mean_);
    case Kind::LOGNORMAL:
      return fmt::format("lognormal mean {:.6g} s sd {:.6g} s", mean_, sd_);
    case Kind::EXPONENTIAL:
      return fmt::format("exponential mean {:.6g} s", mean_);
    case Kind::EMPIRICAL:
      return fmt::format("empirical mean {:.6g} s sd {:.6g} s", mean_, sd_);
  }
  return "?";
}

}  // namespace modi
