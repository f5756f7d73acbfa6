// Multiple-choice knapsack for placement policies: at most one model per task within a storage
// budget. Plain arithmetic, unit-tested against brute force.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace modi::policy {

/// Multiple-choice knapsack: at most one item per group, maximise value within `capacity`.
/// Exact dynamic programming over `capacity / unit` cells (sizes rounded up to whole units, so a
/// solution never exceeds the capacity); exact when every size is a multiple of `unit`.
struct KnapsackItem {
  uint32_t group = 0;
  double weight = 0;
  double value = 0;
};
std::vector<size_t> knapsack(const std::vector<KnapsackItem>& items, double capacity, double unit);
/// The unit the placement policies use: 1 byte up to 2^16 cells, else capacity / 2^16.
double knapsack_unit(double capacity);

}  // namespace modi::policy
