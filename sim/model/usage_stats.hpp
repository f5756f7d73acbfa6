// MODI's usage statistics. Each edge's decision engine aggregates what its phones do, per phone
// group and app (requests, offloads, adequate models resident, accuracy needed and delivered,
// latency) and the models they ran; the central manager merges the reports it receives into the
// statistics of the current placement window. Plain C++.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "sim/core/traces.hpp"

namespace modi::model {

struct AppStats {
  double requests = 0, offloaded = 0, local_hits = 0, edge_hits = 0, accuracy_need_sum = 0,
         accuracy_delivered_sum = 0, completed = 0, latency_sum_s = 0;
};

/// One edge's buffered statistics for one stats period.
struct EdgeReport {
  std::map<std::pair<uint32_t, uint32_t>, AppStats> apps;  ///< (phone group, app) -> stats
  std::map<ModelId, double> model_uses;
};

class UsageStats {
public:
  UsageStats(size_t servers, size_t tasks, size_t models);

  /// A request was issued by (group, app) through `edge`.
  void issued(uint32_t edge, uint32_t group, uint32_t app, double accuracy_need, bool local_hit, bool edge_hit);
  /// Its decision was carried out with `model` at that accuracy.
  void decided(uint32_t edge, uint32_t group, uint32_t app, double accuracy, bool offloaded, ModelId model);
  /// It ended (`latency_s` counts only when answered).
  void ended(uint32_t edge, uint32_t group, uint32_t app, bool answered, double latency_s);

  /// The edge's report for the period now ending (its buffer starts empty again).
  EdgeReport take_report(uint32_t edge);
  /// The central manager received a report; `task_of_app` maps (group, app) to a task index.
  template <class TaskOf>
  void merge(const EdgeReport& r, TaskOf task_of_app) {
    for (const auto& [key, a] : r.apps) {
      const auto task = task_of_app(key.first, key.second);
      task_requests_[task] += a.requests;
      task_need_[task] += a.accuracy_need_sum;
    }
    for (const auto& [m, n] : r.model_uses)
      model_uses_[m] += n;
  }
  /// The next placement window starts.
  void reset_window();

  double task_requests(uint32_t task) const { return task_requests_[task]; }
  double task_need_mean(uint32_t task) const {
    return task_requests_[task] > 0 ? task_need_[task] / task_requests_[task] : 0.0;
  }
  double model_uses(ModelId m) const { return model_uses_[m]; }

private:
  /// An edge's statistics of the current period, in flat arrays: every request touches them
  /// (three times), and with thousands of edges map nodes scattered over the heap cost a cache
  /// miss each. take_report turns the pairs and models seen into an EdgeReport.
  struct AppSlot {
    AppStats stats;
    bool seen = false;
  };
  struct EdgeBuffer {
    std::vector<std::vector<AppSlot>> apps;  ///< [phone group][app], grown on first use
    std::vector<double> model_uses;          ///< [model]; a model was seen when its count is above 0
  };
  AppStats& slot(uint32_t edge, uint32_t group, uint32_t app);

  std::vector<EdgeBuffer> buffers_;  ///< per server
  std::vector<double> task_requests_, task_need_, model_uses_;
};

}  // namespace modi::model
