// The fleet: one SimGrid actor drives every phone from one time-ordered event heap (request
// arrivals, local answers, moves between cells), with a handler per kind of event. Phones are
// plain state objects, so memory and context switches do not grow with the phone count.
//
// When other actors can hand over local answers (a fallback after a failed offload, a request
// that waited for a download), the fleet waits on a semaphore with a timeout so that an earlier
// event wakes it; otherwise it simply sleeps until its next event.
#pragma once

#include <simgrid/forward.h>
#include <simgrid/s4u/Semaphore.hpp>

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/core/event_heap.hpp"
#include "sim/engine/local_answers.hpp"
#include "sim/engine/progress.hpp"
#include "sim/model/arrivals.hpp"
#include "sim/model/mobility.hpp"
#include "sim/model/request_closer.hpp"

namespace modi::engine {

struct FleetDeps {
  const config::Scenario& scenario;
  std::vector<model::Phone>& phones;
  const model::Arrivals& arrivals;
  std::function<void(model::Phone&, uint32_t app, double now_s)> issue;  ///< the phone role
  model::Mobility& mobility;
  model::RequestCloser& closer;
  const model::OpenRequests& open;
  Progress& progress;
};

class Fleet final : public LocalAnswers {
public:
  /// `interruptible`: other actors may hand over local answers.
  Fleet(const FleetDeps& deps, bool interruptible);

  /// The actor body.
  void operator()();
  void schedule(model::Request* r) override;
  void hand_over(model::Request* r) override;
  /// The last open request ended elsewhere: a fleet waiting for work may finish.
  void all_closed();
  /// Hard stop: drops every pending event (their requests are ended by the caller).
  void clear();
  uint64_t handled() const { return handled_; }

private:
  /// What happens at an event's time (the heap orders events by time, then by scheduling order).
  struct Event {
    enum Kind : uint8_t { ARRIVAL, LOCAL_DONE, MOVE };
    Kind kind;
    uint32_t phone;
    uint32_t app;
    uint64_t k;      ///< arrival index of this app on this phone; MOVE: the new cell
    model::Request* req;
  };

  void push(double t, const Event& e) { heap_.push(t, e); }
  void schedule_arrival(const model::Phone& p, uint32_t app, uint64_t k, double prev_s);
  void schedule_move(const model::Move& m);
  void handle(const Event& e, double t, double now_s);
  bool wait_until_next();

  FleetDeps d_;
  bool interruptible_;
  simgrid::s4u::SemaphorePtr wake_;
  double waiting_until_ = -1;  ///< while the fleet waits: when it will wake by itself
  EventHeap<Event> heap_;
  uint64_t handled_ = 0;
};

}  // namespace modi::engine
