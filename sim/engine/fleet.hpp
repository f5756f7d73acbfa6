// The fleet drives every phone from one time-ordered event heap (request arrivals, local answers,
// moves between cells), with a handler per kind of event. Phones are plain state objects, so
// memory does not grow with anything but the phone count.
//
// The fleet is not an actor: its events run in SimGrid's maestro from one kernel timer, armed for
// the earliest event. An actor that slept between events would cost, per event, two context
// switches and a CPU sleep action that the host energy plugin accounts; a timer costs a heap entry.
// Handlers never block: they start activities and actors (offloads, pushes) and return. A request
// handed over by another actor re-arms the timer if it ends earlier.
//
// SimGrid ends a run (killing its daemon actors: the end, faults, manager) once only daemons are
// left, so while the fleet has work one non-daemon actor, the keeper, waits on a semaphore that
// the fleet releases when it is done.
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

namespace simgrid::kernel::timer {
class Timer;
}

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
  explicit Fleet(const FleetDeps& deps);

  /// From the keeper, first thing: schedules every phone's first events, handles those due now
  /// and arms the timer.
  void start();
  /// The keeper's body: returns once no event is pending and no request is open.
  void wait_until_done();
  void schedule(model::Request* r) override;
  void hand_over(model::Request* r) override;
  /// The last open request ended elsewhere: a fleet waiting for work may finish.
  void all_closed();
  /// Hard stop: drops every pending event (their requests are ended by the caller).
  void clear();
  uint64_t handled() const { return handled_; }

private:
  /// What happens at an event's time (the heap orders events by time, then by scheduling order).
  /// 16 bytes, so that a heap entry is 32 (two per cache line): the heap holds an event per phone
  /// and app, and its sifts' cache misses grow with the phone count.
  struct Event {
    enum Kind : uint8_t { ARRIVAL, LOCAL_DONE, MOVE };
    static constexpr uint32_t MAX_APPS = 1u << 24;
    uint32_t phone = 0;
    uint32_t app : 24 = 0;
    uint32_t kind : 8 = ARRIVAL;
    union {
      uint64_t k = 0;  ///< ARRIVAL: arrival index of this app on this phone; MOVE: the new cell
      model::Request* req;  ///< LOCAL_DONE
    };
    static Event arrival(uint32_t phone, uint32_t app, uint64_t k) { return of(ARRIVAL, phone, app, k); }
    static Event move(uint32_t phone, uint32_t cell) { return of(MOVE, phone, 0, cell); }
    static Event local_done(model::Request* r) {
      Event e = of(LOCAL_DONE, r->phone, r->app, 0);
      e.req = r;
      return e;
    }

  private:
    static Event of(Kind kind, uint32_t phone, uint32_t app, uint64_t k) {
      Event e;
      e.kind = kind;
      e.phone = phone;
      e.app = app;
      e.k = k;
      return e;
    }
  };
  static_assert(sizeof(Event) == 16);

  void push(double t, const Event& e) { heap_.push(t, e); }
  void schedule_arrival(const model::Phone& p, uint32_t app, uint64_t k, double prev_s);
  void schedule_move(const model::Move& m);
  void handle(const Event& e, double t, double now_s);
  /// The timer's callback: handles every due event, then re-arms or finishes.
  void run_due();
  void arm(double t);
  void disarm();
  void finish();

  FleetDeps d_;
  EventHeap<Event> heap_;
  simgrid::kernel::timer::Timer* timer_ = nullptr;
  double armed_at_ = -1;  ///< the armed timer's date
  bool running_ = false;  ///< inside run_due: it re-arms when it is done
  bool done_ = false;
  simgrid::s4u::SemaphorePtr done_sem_;
  uint64_t handled_ = 0;
};

}  // namespace modi::engine
