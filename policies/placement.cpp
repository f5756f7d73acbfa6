#include "policies/placement.hpp"

#include <algorithm>

namespace modi::policy {

std::vector<ModelId> sorted_unique(std::vector<ModelId> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

double task_weight(const PlacementContext& ctx, uint32_t task) {
  return ctx.tasks[task].requests + 1e-3;
}

}  // namespace modi::policy
