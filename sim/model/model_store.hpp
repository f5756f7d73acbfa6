// Models held by a phone or a server under a storage budget, each at a version, with the
// time-weighted storage use (summary: storage_used_bytes_mean).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/traces.hpp"

namespace modi::model {

class ModelStore {
public:
  ModelStore() = default;
  explicit ModelStore(double budget_bytes) : budget_bytes_(budget_bytes) {}

  const std::vector<ModelId>& models() const { return models_; }  ///< sorted
  const std::vector<uint32_t>& versions() const { return versions_; }  ///< aligned with models()
  bool holds(ModelId m) const { return find(m) >= 0; }
  uint32_t version(ModelId m) const;  ///< 0 when not held
  double budget_bytes() const { return budget_bytes_; }
  double used_bytes() const { return used_bytes_; }
  double reserved_bytes() const { return reserved_bytes_; }
  /// Bytes still free for a new model: budget - used - reserved.
  double free_bytes() const { return budget_bytes_ - used_bytes_ - reserved_bytes_; }
  /// Whether `size` more bytes fit beside what is stored and reserved (with rounding slack).
  bool fits(double size) const { return used_bytes_ + reserved_bytes_ + size <= budget_bytes_ * (1 + 1e-12); }

  /// Adds (or replaces the version of) a model of `size` bytes.
  void put(ModelId m, uint32_t version, double size, double now_s);
  void remove(ModelId m, double size, double now_s);
  void reserve(double size) { reserved_bytes_ += size; }
  void unreserve(double size) { reserved_bytes_ -= size; }

  /// Brings the storage-time integral up to `now_s`.
  void account(double now_s);
  double used_integral() const { return used_integral_; }

private:
  int find(ModelId m) const;
  std::vector<ModelId> models_;
  std::vector<uint32_t> versions_;
  double budget_bytes_ = 0;
  double used_bytes_ = 0;
  double reserved_bytes_ = 0;  ///< pushes in flight
  double used_integral_ = 0, last_change_s_ = 0;
};

}  // namespace modi::model
