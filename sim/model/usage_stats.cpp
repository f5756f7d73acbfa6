#include "sim/model/usage_stats.hpp"

#include <algorithm>

namespace modi::model {

UsageStats::UsageStats(size_t servers, size_t tasks, size_t models)
    : buffers_(servers), task_requests_(tasks, 0.0), task_need_(tasks, 0.0), model_uses_(models, 0.0) {
  for (auto& b : buffers_)
    b.model_uses.assign(models, 0.0);
}

AppStats& UsageStats::slot(uint32_t edge, uint32_t group, uint32_t app) {
  auto& groups = buffers_[edge].apps;
  if (group >= groups.size())
    groups.resize(group + 1);
  auto& apps = groups[group];
  if (app >= apps.size())
    apps.resize(app + 1);
  apps[app].seen = true;
  return apps[app].stats;
}

void UsageStats::issued(uint32_t edge, uint32_t group, uint32_t app, double accuracy_need, bool local_hit,
                        bool edge_hit) {
  auto& st = slot(edge, group, app);
  st.requests += 1;
  st.local_hits += local_hit;
  st.edge_hits += edge_hit;
  st.accuracy_need_sum += accuracy_need;
}

void UsageStats::decided(uint32_t edge, uint32_t group, uint32_t app, double accuracy, bool offloaded, ModelId model) {
  auto& st = slot(edge, group, app);
  st.accuracy_delivered_sum += accuracy;
  st.offloaded += offloaded;
  buffers_[edge].model_uses[model] += 1;
}

void UsageStats::ended(uint32_t edge, uint32_t group, uint32_t app, bool answered, double latency_s) {
  auto& st = slot(edge, group, app);
  if (answered) {
    st.completed += 1;
    st.latency_sum_s += latency_s;
  }
}

EdgeReport UsageStats::take_report(uint32_t edge) {
  EdgeReport out;
  auto& b = buffers_[edge];
  for (uint32_t g = 0; g < b.apps.size(); ++g)
    for (uint32_t a = 0; a < b.apps[g].size(); ++a)
      if (auto& s = b.apps[g][a]; s.seen) {
        out.apps.emplace_hint(out.apps.end(), std::pair{g, a}, s.stats);
        s = AppSlot{};
      }
  for (ModelId m = 0; m < b.model_uses.size(); ++m)
    if (b.model_uses[m] > 0) {
      out.model_uses.emplace_hint(out.model_uses.end(), m, b.model_uses[m]);
      b.model_uses[m] = 0.0;
    }
  return out;
}

void UsageStats::reset_window() {
  std::fill(task_requests_.begin(), task_requests_.end(), 0.0);
  std::fill(task_need_.begin(), task_need_.end(), 0.0);
  std::fill(model_uses_.begin(), model_uses_.end(), 0.0);
}

}  // namespace modi::model
