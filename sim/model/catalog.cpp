#include "sim/model/catalog.hpp"

#include <algorithm>

namespace modi::model {

Catalog::Catalog(const TraceSet& traces, const std::vector<std::string>& task_names)
    : traces_(traces), task_names_(task_names) {
  for (const auto& m : traces.models()) {
    task_of_.push_back(task_index(m.task));
    top1_by_version_.push_back({m.top1});
  }
  current_.assign(traces.models().size(), 1);
}

uint32_t Catalog::task_index(const std::string& task) const {
  const auto it = std::find(task_names_.begin(), task_names_.end(), task);
  return it == task_names_.end() ? NONE : static_cast<uint32_t>(it - task_names_.begin());
}

double Catalog::accuracy(ModelId m, uint32_t version) const {
  return top1_by_version_[m].at(std::max<uint32_t>(version, 1) - 1);
}

uint32_t Catalog::publish(ModelId m, double top1) {
  top1_by_version_[m].push_back(top1);
  current_[m] = static_cast<uint32_t>(top1_by_version_[m].size());
  return current_[m];
}

}  // namespace modi::model
