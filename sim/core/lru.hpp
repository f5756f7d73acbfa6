// Models loaded in memory under a byte budget, least recently used out first. A phone holds a
// handful of loaded models, so a vector with use stamps beats any node-based map; a server may
// hold dozens, so past a few entries a dense presence index answers contains() in O(1).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/traces.hpp"

namespace modi {

class LoadedModels {
public:
  explicit LoadedModels(double budget_bytes = 0) : budget_(budget_bytes) {}

  bool contains(ModelId m) const {
    if (!present_.empty())
      return m < present_.size() && present_[m];
    for (const auto& e : entries_)
      if (e.model == m)
        return true;
    return false;
  }
  /// Marks `m` used now; returns true if it was already loaded.
  bool touch(ModelId m) {
    if (!present_.empty() && !contains(m))
      return false;
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
      remove_at(lru);
    }
    entries_.push_back({m, size_bytes, ++clock_});
    ++changes_;
    used_ += size_bytes;
    if (!present_.empty() || entries_.size() >= INDEX_FROM) {
      if (present_.empty())
        for (const auto& e : entries_)
          mark(e.model, true);
      mark(m, true);
    }
  }
  /// Unloads `m` (its storage copy was evicted).
  void erase(ModelId m) {
    for (size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].model == m) {
        remove_at(i);
        return;
      }
  }
  /// Unloads everything (the server went down).
  void clear() {
    entries_.clear();
    present_.clear();
    used_ = 0;
    ++changes_;
  }
  double used_bytes() const { return used_; }
  double budget_bytes() const { return budget_; }
  size_t size() const { return entries_.size(); }
  /// Counts loads and unloads (not uses): while it stays the same, contains() answers the same.
  uint64_t changes() const { return changes_; }

private:
  static constexpr size_t INDEX_FROM = 8;  ///< entries from which contains() uses the index
  struct Entry {
    ModelId model;
    double size;
    uint64_t stamp;
  };
  void mark(ModelId m, bool on) {
    if (m >= present_.size())
      present_.resize(m + 1, 0);
    present_[m] = on ? 1 : 0;
  }
  void remove_at(size_t i) {
    used_ -= entries_[i].size;
    if (!present_.empty())
      present_[entries_[i].model] = 0;
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
    ++changes_;
  }
  std::vector<Entry> entries_;
  std::vector<uint8_t> present_;  ///< by model id; empty while there are few entries
  double budget_ = 0;
  double used_ = 0;
  uint64_t clock_ = 0;
  uint64_t changes_ = 0;
};

}  // namespace modi
