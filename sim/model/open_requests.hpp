// Requests issued and not yet ended, by id: the radio ledger finds the owner of a tail here,
// mobility marks offloaded requests on handover, and a hard stop ends them all.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/model/request.hpp"

namespace modi::model {

class OpenRequests {
public:
  void add(Request* r) { open_.emplace(r->id, r); }
  void remove(uint64_t id) { open_.erase(id); }
  Request* find(uint64_t id) const {
    const auto it = open_.find(id);
    return it == open_.end() ? nullptr : it->second;
  }
  size_t size() const { return open_.size(); }
  bool empty() const { return open_.empty(); }
  /// Every open request, by increasing id.
  std::vector<Request*> sorted() const;
  /// Calls f(Request&) for every open request (in no particular order: f must not depend on it).
  template <class F>
  void for_each(F f) const {
    for (const auto& [id, r] : open_)
      f(*r);
  }

private:
  std::unordered_map<uint64_t, Request*> open_;
};

}  // namespace modi::model
