#include "sim/core/profile_regression.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace modi {

bool PhaseRegression::has_features(Phase phase, const ModelInfo& m) {
  return phase == Phase::MODEL_LOAD ? m.size_bytes > 0 : m.macs > 0;
}

std::vector<double> PhaseRegression::row(const ModelInfo& m) const {
  const double q = m.eight_bit() ? 1.0 : 0.0;
  std::vector<double> x;
  if (phase_ == Phase::MODEL_LOAD) {
    const double ln_size = std::log(m.memory_bytes / 1e6);
    x = {1.0, ln_size, q, q * ln_size};
  } else {
    x = {1.0, std::log(m.macs / 1e6), q};
  }
  for (const auto& f : families_)
    x.push_back(m.family == f ? 1.0 : 0.0);
  return x;
}

std::optional<PhaseRegression> PhaseRegression::fit(Phase phase, const std::vector<const ModelInfo*>& models,
                                                    const std::vector<double>& mean_s, bool with_families) {
  PhaseRegression r;
  r.phase_ = phase;
  for (const auto* m : models) {
    if (!has_features(phase, *m) || !(m->memory_bytes > 0))
      return std::nullopt;
    if (std::find(r.seen_.begin(), r.seen_.end(), m->family) == r.seen_.end())
      r.seen_.push_back(m->family);
  }
  if (with_families)
    r.families_.assign(r.seen_.begin() + (r.seen_.empty() ? 0 : 1), r.seen_.end());
  const size_t n = models.size(), k = r.row(*models.front()).size();
  if (n < k + 2)
    return std::nullopt;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
  Eigen::VectorXd y(static_cast<Eigen::Index>(n));
  for (size_t i = 0; i < n; ++i) {
    const auto xi = r.row(*models[i]);
    for (size_t j = 0; j < k; ++j)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = xi[j];
    y(static_cast<Eigen::Index>(i)) = std::log(mean_s[i]);
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  if (qr.rank() < static_cast<Eigen::Index>(k))
    return std::nullopt;  // a column the data cannot separate (one family, no 8-bit model, ...)
  const Eigen::VectorXd b = qr.solve(y);
  r.coef_.assign(b.data(), b.data() + b.size());
  const Eigen::VectorXd resid = y - x * b;
  r.resid_sd_ = std::sqrt(resid.squaredNorm() / static_cast<double>(n - k));
  return r;
}

double PhaseRegression::predict_s(const ModelInfo& m) const {
  const auto x = row(m);
  double ln_t = 0;
  for (size_t j = 0; j < x.size(); ++j)
    ln_t += coef_[j] * x[j];
  return std::exp(ln_t);
}

bool PhaseRegression::knows_family(const std::string& family) const {
  return std::find(seen_.begin(), seen_.end(), family) != seen_.end();
}

namespace {

/// The device's measured models (not predicted ones, not gzipped copies) and their mean times for
/// `phase`. Models with the same features (a task's copy of another's model) count once, at the
/// geometric mean of their times, so duplicated catalog entries do not weigh more.
void measured(const TraceSet& ts, DeviceId device, Phase phase, std::vector<const ModelInfo*>& models,
              std::vector<double>& mean_s, const std::string& skip = "", const std::string& task = "") {
  const auto& dev = ts.devices()[device];
  std::vector<int> copies;
  for (size_t m = 0; m < ts.models().size(); ++m) {
    const auto& pt = dev.by_model[m];
    const auto& info = ts.models()[m];
    if (!pt.present || pt.predicted || info.gzip || info.name == skip || !PhaseRegression::has_features(phase, info) ||
        (!task.empty() && info.task != task))
      continue;
    const double t = phase == Phase::MODEL_LOAD ? pt.model_load.mean_s() : pt.inference.mean_s();
    const auto same = std::find_if(models.begin(), models.end(), [&](const ModelInfo* o) {
      return o->memory_bytes == info.memory_bytes && o->macs == info.macs && o->family == info.family &&
             o->eight_bit() == info.eight_bit();
    });
    if (same != models.end()) {
      const auto i = static_cast<size_t>(same - models.begin());
      mean_s[i] = std::exp((std::log(mean_s[i]) * copies[i] + std::log(t)) / (copies[i] + 1));
      ++copies[i];
      continue;
    }
    models.push_back(&info);
    mean_s.push_back(t);
    copies.push_back(1);
  }
}

}  // namespace

DeviceRegression DeviceRegression::fit(const TraceSet& ts, DeviceId device) {
  DeviceRegression d;
  for (const Phase phase : {Phase::MODEL_LOAD, Phase::INFERENCE}) {
    std::vector<const ModelInfo*> models;
    std::vector<double> mean_s;
    measured(ts, device, phase, models, mean_s);
    if (models.empty())
      continue;
    auto& with = phase == Phase::MODEL_LOAD ? d.load : d.inference;
    auto& generic = phase == Phase::MODEL_LOAD ? d.load_generic : d.inference_generic;
    with = PhaseRegression::fit(phase, models, mean_s, true);
    generic = PhaseRegression::fit(phase, models, mean_s, false);
  }
  return d;
}

const PhaseRegression* DeviceRegression::pick(Phase phase, const ModelInfo& m) const {
  const auto& with = phase == Phase::MODEL_LOAD ? load : inference;
  const auto& generic = phase == Phase::MODEL_LOAD ? load_generic : inference_generic;
  if (with && with->knows_family(m.family))
    return &*with;
  return generic ? &*generic : nullptr;
}

std::optional<double> DeviceRegression::predict_s(Phase phase, const ModelInfo& m) const {
  const auto* fit = PhaseRegression::has_features(phase, m) ? pick(phase, m) : nullptr;
  return fit ? std::optional<double>(fit->predict_s(m)) : std::nullopt;
}

std::optional<double> DeviceRegression::spread(Phase phase, const ModelInfo& m) const {
  const auto* fit = pick(phase, m);
  return fit ? std::optional<double>(fit->residual_sd()) : std::nullopt;
}

std::vector<CvResult> leave_one_model_out(const TraceSet& ts, DeviceId device, Phase phase, const std::string& task) {
  std::vector<const ModelInfo*> all;
  std::vector<double> all_s;
  measured(ts, device, phase, all, all_s, "", task);
  std::vector<CvResult> out;
  for (size_t i = 0; i < all.size(); ++i) {
    std::vector<const ModelInfo*> models;
    std::vector<double> mean_s;
    measured(ts, device, phase, models, mean_s, all[i]->name, task);
    auto fit = PhaseRegression::fit(phase, models, mean_s, true);
    if (fit && !fit->knows_family(all[i]->family))
      fit = PhaseRegression::fit(phase, models, mean_s, false);
    if (fit)
      out.push_back({all[i]->name, all_s[i], fit->predict_s(*all[i])});
  }
  return out;
}

}  // namespace modi
