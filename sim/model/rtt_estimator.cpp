#include "sim/model/rtt_estimator.hpp"

#include <algorithm>
#include <cmath>

namespace modi::model {

RttEstimator::RttEstimator(const config::SimulationConfig& s, size_t phones)
    : kind_(s.network_estimate), alpha_(s.network_ewma_alpha), window_(s.network_window) {
  if (kind_ == Kind::WINDOW)
    ring_.assign(phones * window_, 0.0);
}

void RttEstimator::restart(Phone& p, const NetworkType& net) {
  p.est_rtt_s = net.transfer_mean_s;
  p.est_rtt_sd_s = net.transfer_sd_s;
  p.rtt_samples = 0;
}

void RttEstimator::observe(Phone& p, double rtt_s) {
  switch (kind_) {
    case Kind::EWMA:
    case Kind::ORACLE: {
      const double d = rtt_s - p.est_rtt_s;
      p.est_rtt_s = alpha_ * rtt_s + (1 - alpha_) * p.est_rtt_s;
      // the exponentially weighted variance that goes with the weighted mean
      const double var = (1 - alpha_) * (p.est_rtt_sd_s * p.est_rtt_sd_s + alpha_ * d * d);
      p.est_rtt_sd_s = std::sqrt(var);
      break;
    }
    case Kind::LAST:
      p.est_rtt_s = rtt_s;
      p.est_rtt_sd_s = 0;
      break;
    case Kind::WINDOW:
      observe_window(p, rtt_s);
      break;
  }
  ++p.rtt_samples;
}

void RttEstimator::observe_window(Phone& p, double rtt_s) {
  double* ring = ring_.data() + static_cast<size_t>(p.index) * window_;
  ring[p.rtt_samples % window_] = rtt_s;
  const uint32_t n = std::min<uint32_t>(p.rtt_samples + 1, window_);
  double sum = 0;
  for (uint32_t i = 0; i < n; ++i)
    sum += ring[i];
  const double mean = sum / n;
  double ss = 0;
  for (uint32_t i = 0; i < n; ++i)
    ss += (ring[i] - mean) * (ring[i] - mean);
  p.est_rtt_s = mean;
  p.est_rtt_sd_s = n > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
}

}  // namespace modi::model
