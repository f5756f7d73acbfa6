#include "policies/knapsack.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

namespace modi::policy {

std::vector<size_t> knapsack(const std::vector<KnapsackItem>& items, double capacity, double unit) {
  const auto cells = static_cast<size_t>(std::floor(capacity / unit + 1e-9));
  std::map<uint32_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < items.size(); ++i)
    groups[items[i].group].push_back(i);
  // best[g][c]: best value using the first g groups within c cells; choice[g][c]: item or npos.
  const size_t npos = SIZE_MAX;
  std::vector<std::vector<double>> best(groups.size() + 1, std::vector<double>(cells + 1, 0.0));
  std::vector<std::vector<size_t>> choice(groups.size() + 1, std::vector<size_t>(cells + 1, npos));
  size_t g = 0;
  std::vector<const std::vector<size_t>*> order;
  for (const auto& [id, members] : groups) {
    order.push_back(&members);
    ++g;
    for (size_t c = 0; c <= cells; ++c) {
      best[g][c] = best[g - 1][c];
      for (auto i : members) {
        const auto w = static_cast<size_t>(std::ceil(items[i].weight / unit - 1e-9));
        if (w > c || items[i].value <= 0)
          continue;
        const double v = best[g - 1][c - w] + items[i].value;
        if (v > best[g][c] + 1e-12) {
          best[g][c] = v;
          choice[g][c] = i;
        }
      }
    }
  }
  std::vector<size_t> picked;
  size_t c = cells;
  for (size_t k = groups.size(); k > 0; --k) {
    const size_t i = choice[k][c];
    if (i == npos)
      continue;
    picked.push_back(i);
    c -= static_cast<size_t>(std::ceil(items[i].weight / unit - 1e-9));
  }
  std::sort(picked.begin(), picked.end());
  return picked;
}

double knapsack_unit(double capacity) {
  return capacity <= 65536.0 ? 1.0 : capacity / 65536.0;
}

}  // namespace modi::policy
