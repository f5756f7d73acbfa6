// The measured world's queries; reading it is TraceReader's (trace_reader.cpp).
#include "sim/core/traces.hpp"

#include <set>

#include "sim/core/trace_reader.hpp"

namespace modi {

const std::vector<DelayModelInfo>& delay_models() {
  using D = NetworkType::Delay;
  static const std::vector<DelayModelInfo> v{
      {"lognormal", D::LOGNORMAL, "lognormal legs with the measured round trip's mean and sd (the default)"},
      {"normal", D::NORMAL,
       "normal legs truncated at zero (a draw <= 0 is drawn again); the calibrated mean and sd are the normal's "
       "before truncation (MDInference)"},
      {"empirical", D::EMPIRICAL, "a quantiles.csv shape (delay_shape) rescaled to the measured mean and sd"},
      {"fixed", D::FIXED, "every leg takes the mean"},
  };
  return v;
}

std::shared_ptr<const TraceSet> TraceSet::load(const std::string& dir) {
  return load(std::vector<std::string>{dir});
}

std::shared_ptr<const TraceSet> TraceSet::load(const std::vector<std::string>& layers) {
  auto ts = std::make_shared<TraceSet>();
  ts->layers_ = layers;
  const TraceLayers tables(layers);
  TraceReader(*ts, tables).read_all();
  return ts;
}

std::shared_ptr<const TraceSet> TraceSet::with_task_aliases(
    const std::vector<std::pair<std::string, std::string>>& aliases) const {
  auto ts = std::make_shared<TraceSet>(*this);
  for (const auto& [alias, task] : aliases) {
    for (auto m : models_of_task(task)) {
      ModelInfo copy = models_[m];
      copy.task = alias;
      copy.name = alias + "/" + models_[m].name;
      const auto id = static_cast<ModelId>(ts->models_.size());
      ts->model_index_[copy.name] = id;
      ts->models_.push_back(copy);
      for (auto& d : ts->devices_)
        d.by_model.push_back(d.by_model[m]);
      for (auto& s : ts->servers_)
        s.inference.push_back(s.inference[m]);
    }
  }
  return ts;
}

std::vector<ModelId> TraceSet::models_of_task(const std::string& task) const {
  std::vector<ModelId> out;
  for (ModelId i = 0; i < models_.size(); ++i)
    if (models_[i].task == task)
      out.push_back(i);
  return out;
}

bool TraceSet::has_task(const std::string& task) const {
  for (const auto& m : models_)
    if (m.task == task)
      return true;
  return false;
}

std::vector<std::string> TraceSet::task_names() const {
  std::set<std::string> s;
  for (const auto& m : models_)
    s.insert(m.task);
  return {s.begin(), s.end()};
}

}  // namespace modi
