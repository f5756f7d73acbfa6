// Timing distributions replayed from measurements. Every draw is an inverse-CDF transform of one
// uniform (see rng.hpp), so draws are monotone in u: the same u gives the same quantile of any
// distribution (coupled comparisons across policies).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace modi {

/// A measured distribution as a quantile table: values at probabilities p (0..1, increasing).
/// The inverse CDF interpolates linearly between points.
struct QuantileTable {
  std::vector<double> p;
  std::vector<double> value;
  double mean() const;      ///< exact mean of the piecewise-linear inverse CDF
  double stddev() const;    ///< exact standard deviation of the same
  double at(double u) const;
};

/// A positive random duration in seconds.
class Distribution {
public:
  enum class Kind { FIXED, NORMAL, TRUNCATED_NORMAL, LOGNORMAL, EXPONENTIAL, EMPIRICAL };

  static Distribution fixed(double value_s);
  /// Normal with the given mean and sd, truncated at zero by clamping (document where used).
  static Distribution normal(double mean_s, double sd_s);
  /// Normal(mu, sigma) conditioned on being positive (a draw <= 0 is drawn again, as MDInference's
  /// simulation does), by inverse CDF; mean_s() and sd_s() are the truncated distribution's.
  static Distribution truncated_normal(double mu_s, double sigma_s);
  /// Lognormal with the given mean and sd of the variable itself (not of its log).
  static Distribution lognormal(double mean_s, double sd_s);
  static Distribution exponential(double mean_s);
  /// A measured shape rescaled to the target mean and sd by an affine map of its quantiles:
  /// x = mean * (1 + (q/q_mean - 1) * k), k chosen so that sd matches (sd < 0 keeps the shape's
  /// coefficient of variation). Quantiles below zero are clamped to zero.
  static Distribution empirical(std::shared_ptr<const QuantileTable> shape, double mean_s, double sd_s);

  double sample(double u) const;  ///< u in (0,1)
  double mean_s() const { return mean_; }
  double sd_s() const { return sd_; }
  Kind kind() const { return kind_; }
  std::string describe() const;

private:
  Kind kind_ = Kind::FIXED;
  double mean_ = 0;
  double sd_ = 0;
  double a_ = 0, b_ = 0;  // lognormal mu/sigma; empirical scale/offset; truncated normal mu/sigma
  double p0_ = 0;         // truncated normal: the parent's probability of a value <= 0
  std::shared_ptr<const QuantileTable> shape_;
};

/// Standard normal quantile.
double normal_quantile(double u);
/// Standard normal cumulative distribution.
double normal_cdf(double x);

}  // namespace modi
