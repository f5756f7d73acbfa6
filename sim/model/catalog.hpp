// The model catalog as the central manager sees it during a run: each model's task and its
// versions (MODI's model updates publish new ones; a site runs the newest version it holds).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/traces.hpp"

namespace modi::model {

class Catalog {
public:
  Catalog(const TraceSet& traces, const std::vector<std::string>& task_names);

  const TraceSet& traces() const { return traces_; }
  const ModelInfo& info(ModelId m) const { return traces_.models()[m]; }
  size_t size() const { return task_of_.size(); }
  uint32_t task_of(ModelId m) const { return task_of_[m]; }
  const std::vector<std::string>& task_names() const { return task_names_; }
  uint32_t task_index(const std::string& task) const;  ///< NONE if unknown

  /// Top-1 of a version (1-based; 0 counts as 1).
  double accuracy(ModelId m, uint32_t version) const;
  uint32_t current_version(ModelId m) const { return current_[m]; }
  /// A new version with this top-1 becomes the current one; returns its number.
  uint32_t publish(ModelId m, double top1);

private:
  const TraceSet& traces_;
  std::vector<std::string> task_names_;
  std::vector<uint32_t> task_of_;
  std::vector<std::vector<double>> top1_by_version_;
  std::vector<uint32_t> current_;
};

}  // namespace modi::model
