// MODI's "predicting the most appropriate model is non-trivial": a device's model-load and
// inference times predicted from model features, for models it was never measured on. Least
// squares (Eigen) on the log of the device's measured mean times:
//   load:      ln t = b0 + b1 ln size_MB + b2 q + b3 q ln size_MB + family terms
//   inference: ln t = b0 + b1 ln MACs_M  + b2 q + family terms
// q is the 8-bit indicator; family terms are one indicator per measured family but the first. A
// model of a family the device has no measurement of is predicted by the fit without family
// terms. Column sets from a leave-one-model-out study on the MODI app's 34 models (traces/README.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/traces.hpp"

namespace modi {

enum class Phase { MODEL_LOAD, INFERENCE };

/// One fitted log-linear model of one phase on one device.
class PhaseRegression {
public:
  /// Fits on (model, measured mean seconds) pairs; nullopt with fewer samples than columns + 2
  /// or without the features (size, MACs) of every sample.
  static std::optional<PhaseRegression> fit(Phase phase, const std::vector<const ModelInfo*>& models,
                                            const std::vector<double>& mean_s, bool with_families);
  /// Predicted mean seconds for m (which needs its features).
  double predict_s(const ModelInfo& m) const;
  /// Residual standard deviation of ln t (the spread of a prediction, as a coefficient of variation).
  double residual_sd() const { return resid_sd_; }
  bool knows_family(const std::string& family) const;
  static bool has_features(Phase phase, const ModelInfo& m);

private:
  std::vector<double> row(const ModelInfo& m) const;
  Phase phase_ = Phase::INFERENCE;
  std::vector<std::string> families_;  ///< families with an indicator column (all but the first seen)
  std::vector<std::string> seen_;      ///< every family in the fit
  std::vector<double> coef_;
  double resid_sd_ = 0;
};

/// The regression of both phases for one device, fitted on its measured (device, model) rows.
struct DeviceRegression {
  std::optional<PhaseRegression> load, inference;          ///< with family terms
  std::optional<PhaseRegression> load_generic, inference_generic;  ///< without (unseen families)
  static DeviceRegression fit(const TraceSet& ts, DeviceId device);
  /// Predicted mean seconds of m's phase on this device, if the fits allow it.
  std::optional<double> predict_s(Phase phase, const ModelInfo& m) const;
  std::optional<double> spread(Phase phase, const ModelInfo& m) const;

private:
  /// The fit with family terms when it knows the model's family, else the generic one (or none).
  const PhaseRegression* pick(Phase phase, const ModelInfo& m) const;
};

/// Leave-one-model-out cross-validation on a device's measured models of `task` (all tasks when
/// empty): each model predicted by the fit on all the others. One entry per model.
struct CvResult {
  std::string model;
  double measured_s, predicted_s;
};
std::vector<CvResult> leave_one_model_out(const TraceSet& ts, DeviceId device, Phase phase, const std::string& task = "");

}  // namespace modi
