// When each phone's apps issue requests: Poisson (counter-based draws, so the workload does not
// depend on the policy), periodic, or replayed from request trace files (time_s,phone,app).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/model/phone.hpp"

namespace modi::model {

class Arrivals {
public:
  /// Reads the scenario's request trace files; names that are not phone instances or apps of
  /// that phone are InputError with FILE:LINE.
  Arrivals(const config::Scenario& s, const std::vector<Phone>& phones);

  /// Time of arrival number k of `app` on phone p, given the previous one; negative when the app
  /// issues no more requests (none at or after `simulation.end`).
  double time(const Phone& p, uint32_t app, uint64_t k, double prev_s) const;

private:
  double unbounded_time(const Phone& p, uint32_t app, uint64_t k, double prev_s) const;
  void load_trace(const std::string& file, const std::vector<Phone>& phones);
  const config::Scenario& s_;
  std::vector<std::vector<std::vector<double>>> trace_times_;  ///< [phone][app] -> times
};

}  // namespace modi::model
