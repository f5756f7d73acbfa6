// Where local answers end: every request answered on the phone (a local decision, a fallback
// after a failed offload, a request that waited for an on-demand download) is closed at its
// finish time by the fleet's event heap. Implemented by Fleet.
#pragma once

#include "sim/model/request.hpp"

namespace modi::engine {

class LocalAnswers {
public:
  virtual ~LocalAnswers() = default;
  /// From the fleet's own handlers: r ends at r->finished_at_s.
  virtual void schedule(model::Request* r) = 0;
  /// From another actor (offload path, push): r ends at r->finished_at_s (now or later).
  virtual void hand_over(model::Request* r) = 0;
};

}  // namespace modi::engine
