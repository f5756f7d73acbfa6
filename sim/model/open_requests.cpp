#include "sim/model/open_requests.hpp"

#include <algorithm>

namespace modi::model {

std::vector<Request*> OpenRequests::sorted() const {
  std::vector<Request*> v;
  v.reserve(open_.size());
  for (const auto& [id, r] : open_)
    v.push_back(r);
  std::sort(v.begin(), v.end(), [](const Request* a, const Request* b) { return a->id < b->id; });
  return v;
}

}  // namespace modi::model
