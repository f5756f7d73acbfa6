// Request objects are reused: a run issues millions, each lives for a moment.
#pragma once

#include <memory>
#include <vector>

#include "sim/model/request.hpp"

namespace modi::model {

class RequestPool {
public:
  /// A request with every field at its default.
  Request* acquire() {
    if (free_.empty()) {
      all_.push_back(std::make_unique<Request>());
      return all_.back().get();
    }
    Request* r = free_.back();
    free_.pop_back();
    *r = Request{};
    return r;
  }
  void release(Request* r) { free_.push_back(r); }
  size_t allocated() const { return all_.size(); }

private:
  std::vector<std::unique_ptr<Request>> all_;
  std::vector<Request*> free_;
};

}  // namespace modi::model
