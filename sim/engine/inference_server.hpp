// MODI's inference engine on an edge server or the cloud, on SimGrid: a FIFO queue in front of
// `cores` workers (an M/M/c queue, not processor sharing), a model load when the model is not in
// memory, and the inference, both as executions on the server's host so that SimGrid's host
// energy plugin sees them. A request that finds a core free takes it without a simulated
// activity; one that waits sleeps on its own semaphore until a core is handed to it (FIFO) or its
// timeout passes. A failure of the server loses its queue and its loaded models.
#pragma once

#include <simgrid/forward.h>
#include <simgrid/s4u/Semaphore.hpp>

#include <deque>
#include <vector>

#include "sim/model/request.hpp"
#include "sim/model/server_timing.hpp"

namespace modi::engine {

class InferenceServer {
public:
  /// `can_fail`: faults may turn this server off (executions check its host first).
  InferenceServer(model::ServerState& state, simgrid::s4u::Host* host, const model::ServerTiming& timing,
                  const TraceSet& traces, bool can_fail);

  /// Serves request r (its upload has arrived): waits for a core, loads the model if cold, runs
  /// the inference. Throws PathFailure (the server failed, or the request's deadline_at passed).
  /// `epoch` is the server's epoch when the request left the phone.
  void serve(model::Request& r, double deadline_at, uint64_t epoch);
  /// The server fails: it stops, loses its queue (waiting requests fail when they get a core)
  /// and its loaded models.
  void fail();
  void recover();

  model::ServerState& state() { return state_; }
  const model::ServerState& state() const { return state_; }
  simgrid::s4u::Host* host() const { return host_; }

private:
  /// One request waiting for a core.
  struct Waiter {
    simgrid::s4u::SemaphorePtr wake;
    bool granted = false;
  };
  /// Takes a core, waiting in FIFO order; false when deadline_at passed first.
  bool take_core(double deadline_at);
  /// Releases a core: to the first waiter, or free.
  void give_core();
  void compute(model::Request& r, double deadline_at);
  model::ServerState& state_;
  simgrid::s4u::Host* host_;
  std::deque<Waiter*> queue_;
  const model::ServerTiming& timing_;
  const TraceSet& traces_;
  bool can_fail_;
};

}  // namespace modi::engine
