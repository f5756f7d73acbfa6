// Long-lived actors that carry offloaded requests: handing a request to an idle worker costs a
// semaphore release instead of a new actor (no stack to map and protect, no exception unwinding
// the stack of an actor that ends). One pool for the whole run, as large as the peak number of
// requests in flight: a worker moves to the host its request needs (SimGrid actor migration)
// before it starts. When the fleet has no more requests to hand out, workers end once they are
// idle, so the run ends when the last request does.
#pragma once

#include <simgrid/forward.h>
#include <simgrid/s4u/Semaphore.hpp>

#include <deque>
#include <functional>
#include <vector>

#include "sim/model/request.hpp"

namespace modi::engine {

class OffloadWorkers {
public:
  explicit OffloadWorkers(std::function<void(model::Request*)> body) : body_(std::move(body)) {}

  /// Runs body(r) in an actor on `host`: an idle worker there, or a new one.
  void launch(simgrid::s4u::Host* host, model::Request* r);
  /// No more requests will come: idle workers end now, busy ones after their request.
  void close();
  size_t workers() const { return workers_.size(); }

private:
  struct Worker {
    simgrid::s4u::SemaphorePtr wake;
    model::Request* job = nullptr;
    simgrid::s4u::Host* host = nullptr;  ///< where the job must run (the worker moves there)
  };
  void loop(Worker* w);

  std::function<void(model::Request*)> body_;
  std::deque<Worker> workers_;
  std::vector<Worker*> idle_;  ///< most recently idle last
  bool closed_ = false;
};

}  // namespace modi::engine
