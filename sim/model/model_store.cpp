#include "sim/model/model_store.hpp"

#include <algorithm>

namespace modi::model {

int ModelStore::find(ModelId m) const {
  for (size_t i = 0; i < models_.size(); ++i)
    if (models_[i] == m)
      return static_cast<int>(i);
  return -1;
}

uint32_t ModelStore::version(ModelId m) const {
  const int i = find(m);
  return i < 0 ? 0 : versions_[static_cast<size_t>(i)];
}

void ModelStore::account(double now_s) {
  used_integral_ += used_bytes_ * (now_s - last_change_s_);
  last_change_s_ = now_s;
}

void ModelStore::put(ModelId m, uint32_t version, double size, double now_s) {
  account(now_s);
  const int i = find(m);
  if (i >= 0) {
    versions_[static_cast<size_t>(i)] = version;
    return;
  }
  const auto pos = std::lower_bound(models_.begin(), models_.end(), m) - models_.begin();
  models_.insert(models_.begin() + pos, m);
  versions_.insert(versions_.begin() + pos, version);
  used_bytes_ += size;
}

void ModelStore::remove(ModelId m, double size, double now_s) {
  const int i = find(m);
  if (i < 0)
    return;
  account(now_s);
  models_.erase(models_.begin() + i);
  versions_.erase(versions_.begin() + i);
  used_bytes_ -= size;
}

}  // namespace modi::model
