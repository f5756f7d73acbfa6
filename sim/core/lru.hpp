// Models loaded in memory under a byte budget, least recently used out first. Small (a phone
// holds a handful of loaded models), so a vector with use stamps beats any node-based map.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/traces.hpp"

namespace modi {

class LoadedModels {
public:
  explicit LoadedModels(double budget_bytes = 0) : budget_(budget_bytes) {}

  bool contains(ModelId m) const {
    for (const auto& e : entries_)
      if (e.model == m)
        return true;
    return false;
  }
  /// Marks `m` used now; returns true if it was already loaded.
  bool touch(ModelId m) {
    for (auto& e : entries_)
      if (e.model == m) {
        e.stamp = ++clock_;
        return true;
      }
    return false;
  }
  /// Loads `m` (size in bytes), evicting least recently used models until it fits. A model
  /// larger than the whole budget is not kept (every use is a cold start).
  void insert(ModelId m, double size_bytes) {
    if (touch(m) || size_bytes > budget_)
      return;
    while (used_ + size_bytes > budget_ && !entries_.empty()) {
      size_t lru = 0;
      for (size_t i = 1; i < entries_.size(); ++i)
        if (entries_[i].stamp < entries_[lru].stamp)
          lru = i;
      used_ -= entries_[lru].size;
      entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(lru));
    }
    entries_.push_back({m, size_bytes, ++clock_});
    used_ += size_bytes;
  }
  /// Unloads `m` (its storage copy was evicted).
  void erase(ModelId m) {
    for (size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].model == m) {
        used_ -= entries_[i].size;
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
  }
  double used_bytes() const { return used_; }
  double budget_bytes() const { return budget_; }
  size_t size() const { return entries_.size(); }

private:
  struct Entry {
    ModelId model;
    double size;
    uint64_t stamp;
  };
  std::vector<Entry> entries_;
  double budget_ = 0;
  double used_ = 0;
  uint64_t clock_ = 0;
};

}  // namespace modi
