// MODI's inference profiler: the phone's estimate of how long loading and running a model will
// take on it, as the selection policy sees it. Interchangeable predictors (profiler.predictor):
//   table       the device class's measured means (what every phone of the class shares)
//   regression  predicted from the model's features by a fit on the device's measured models
//               (sim/core/profile_regression.hpp); the table where a model lacks features
//   online      starts from a prior (the table or the regression, optionally scaled) and learns
//               each phone's own times from what it observes: an EWMA per (phone, model, phase)
// Plain C++: the engine reports every local run when it completes (observe).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/core/profile_regression.hpp"
#include "sim/model/phone.hpp"

namespace modi::model {

class Profiler {
public:
  struct Estimate {
    double mean_s = 0, sd_s = 0;
  };

  Profiler(const config::ProfilerConfig& config, const TraceSet& traces);

  /// A cold load of m into memory on phone p (decompression excluded: it is a known rate).
  Estimate load(const Phone& p, ModelId m) const;
  Estimate inference(const Phone& p, ModelId m) const;
  /// A local run of m on p completed: its load time (negative when the model was loaded already)
  /// and inference time. Only the online predictor learns.
  void observe(const Phone& p, ModelId m, double load_s, double inference_s);
  /// The same from a request's parts: `model_load_s` includes decompression and is 0 when warm.
  void observe_run(const Phone& p, ModelId m, double model_load_s, double inference_s);

private:
  struct Learned {
    double load_s = -1, inference_s = -1;  ///< -1: nothing observed yet
  };
  Estimate table(DeviceId d, ModelId m, Phase phase) const;
  Estimate predicted(DeviceId d, ModelId m, Phase phase, const DeviceRegression& fit) const;
  Estimate estimate(const Phone& p, ModelId m, Phase phase) const;
  static uint64_t key(const Phone& p, ModelId m) { return (static_cast<uint64_t>(p.index) << 32) | m; }
  size_t slot(DeviceId d, ModelId m, Phase phase) const {
    return (static_cast<size_t>(d) * traces_.models().size() + m) * 2 + (phase == Phase::MODEL_LOAD ? 0 : 1);
  }

  config::ProfilerConfig config_;
  const TraceSet& traces_;
  /// Regression, or the online predictor's prior (scaled): per (device, model, phase).
  std::vector<Estimate> base_;
  std::unordered_map<uint64_t, Learned> learned_;
};

}  // namespace modi::model
