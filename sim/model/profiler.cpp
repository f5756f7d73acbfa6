#include "sim/model/profiler.hpp"

namespace modi::model {

using Predictor = config::ProfilerConfig::Predictor;

Profiler::Profiler(const config::ProfilerConfig& config, const TraceSet& traces) : config_(config), traces_(traces) {
  if (config_.predictor == Predictor::TABLE)
    return;
  const bool uses_fit = config_.predictor == Predictor::REGRESSION ||
                        config_.online_prior == config::ProfilerConfig::Prior::REGRESSION;
  // The regression's (or the online prior's) estimates depend only on (device, model, phase):
  // computed once here, not for every resident model of every request.
  std::vector<DeviceRegression> fits;
  if (uses_fit)
    for (DeviceId d = 0; d < traces.devices().size(); ++d)
      fits.push_back(DeviceRegression::fit(traces, d));
  base_.resize(traces.devices().size() * traces.models().size() * 2);
  for (DeviceId d = 0; d < traces.devices().size(); ++d)
    for (ModelId m = 0; m < traces.models().size(); ++m)
      for (const auto phase : {Phase::MODEL_LOAD, Phase::INFERENCE}) {
        auto e = uses_fit ? predicted(d, m, phase, fits[d]) : table(d, m, phase);
        if (config_.predictor == Predictor::ONLINE) {
          e.mean_s *= config_.online_prior_scale;
          e.sd_s *= config_.online_prior_scale;
        }
        base_[slot(d, m, phase)] = e;
      }
}

Profiler::Estimate Profiler::table(DeviceId d, ModelId m, Phase phase) const {
  const auto& pt = traces_.devices()[d].by_model[m];
  const auto& dist = phase == Phase::MODEL_LOAD ? pt.model_load : pt.inference;
  return {dist.mean_s(), dist.sd_s()};
}

/// The regression's prediction, with the table's coefficient of variation; the table itself when
/// the model has no features or the device no fit.
Profiler::Estimate Profiler::predicted(DeviceId d, ModelId m, Phase phase, const DeviceRegression& fit) const {
  const auto t = table(d, m, phase);
  const auto mean = fit.predict_s(phase, traces_.models()[m]);
  if (!mean || t.mean_s <= 0)
    return t;
  return {*mean, t.sd_s * *mean / t.mean_s};
}

Profiler::Estimate Profiler::estimate(const Phone& p, ModelId m, Phase phase) const {
  if (config_.predictor == Predictor::TABLE)
    return table(p.device, m, phase);
  auto e = base_[slot(p.device, m, phase)];
  if (config_.predictor == Predictor::REGRESSION)
    return e;
  const auto it = learned_.find(key(p, m));
  const double learned = it == learned_.end() ? -1 : (phase == Phase::MODEL_LOAD ? it->second.load_s : it->second.inference_s);
  if (learned >= 0) {
    e.sd_s *= e.mean_s > 0 ? learned / e.mean_s : 1.0;  // keep the prior's coefficient of variation
    e.mean_s = learned;
  }
  return e;
}

Profiler::Estimate Profiler::load(const Phone& p, ModelId m) const { return estimate(p, m, Phase::MODEL_LOAD); }

Profiler::Estimate Profiler::inference(const Phone& p, ModelId m) const { return estimate(p, m, Phase::INFERENCE); }

void Profiler::observe(const Phone& p, ModelId m, double load_s, double inference_s) {
  if (config_.predictor != Predictor::ONLINE)
    return;
  auto& l = learned_[key(p, m)];
  const double a = config_.online_alpha;
  const auto update = [&](double& est, double x, Phase phase) {
    if (x < 0)
      return;
    if (est < 0)
      est = base_[slot(p.device, m, phase)].mean_s;  // the prior
    est += a * (x - est);
  };
  update(l.load_s, load_s, Phase::MODEL_LOAD);
  update(l.inference_s, inference_s, Phase::INFERENCE);
}

void Profiler::observe_run(const Phone& p, ModelId m, double model_load_s, double inference_s) {
  const double decompress = traces_.devices()[p.device].decompress_s(traces_.models()[m]);
  observe(p, m, model_load_s > 0 ? model_load_s - decompress : -1.0, inference_s);
}

}  // namespace modi::model
