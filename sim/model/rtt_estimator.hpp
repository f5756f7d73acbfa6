// What a phone knows of its next exchange's network time (simulation.network_estimate): the mean
// and spread of the round trips (upload + download) it has completed on its current cell.
//   ewma    exponentially weighted mean and variance (weight network_ewma_alpha)
//   last    the previous exchange (no spread)
//   window  mean and sample sd of the last network_window exchanges
//   oracle  the request's own sampled network time, filled by the decision stub (hindsight); the
//           running estimate kept here is the ewma, for the energy estimates
// A phone starts, and restarts after a handover, from its network's measured mean and sd.
// Plain C++.
#pragma once

#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/model/phone.hpp"

namespace modi::model {

class RttEstimator {
public:
  using Kind = config::SimulationConfig::NetworkEstimate;
  RttEstimator(const config::SimulationConfig& s, size_t phones);

  bool oracle() const { return kind_ == Kind::ORACLE; }
  /// Phone p completed an exchange whose network time was rtt_s.
  void observe(Phone& p, double rtt_s);
  /// Phone p is on a new network: forget its history, start from the network's measured figures.
  static void restart(Phone& p, const NetworkType& net);

private:
  void observe_window(Phone& p, double rtt_s);
  Kind kind_;
  double alpha_;
  uint32_t window_;
  std::vector<double> ring_;  ///< window: phones x window_ latest round trips
};

}  // namespace modi::model
