// Long-lived actors that run jobs: handing a job to an idle actor costs a semaphore release
// instead of a new actor (no stack to allocate and guard, no exception unwinding an actor that
// ends). Reusing stacks also keeps peak memory down: the heap would otherwise fill with pages
// touched by the stacks of actors that ended. A pool grows to the peak number of jobs running at
// once. Before a job, its actor moves to the host the job names (SimGrid actor migration): the
// host matters, since an actor's waits put sleep actions on its host's CPU.
#pragma once

#include <simgrid/forward.h>

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace modi::engine {

class ActorPool {
public:
  /// UNTIL_CLOSED: the pool's actors, idle ones included, hold the run open until close(),
  /// which its owner must call (SimGrid reports a deadlock otherwise).
  /// DAEMON: SimGrid ends the run when only daemons remain, killing their jobs.
  enum class Lifetime { UNTIL_CLOSED, DAEMON };
  ActorPool(std::string actor_name, Lifetime lifetime) : name_(std::move(actor_name)), lifetime_(lifetime) {}
  ActorPool(const ActorPool&) = delete;  ///< its actors point back at it
  ActorPool& operator=(const ActorPool&) = delete;

  /// Runs `job` in an actor on `host`: an idle actor of the pool, or a new one.
  void run(simgrid::s4u::Host* host, std::function<void()> job);
  /// No more jobs will come: idle actors end now, busy ones after their job (later jobs get an
  /// actor of their own).
  void close();
  size_t actors() const { return actors_.size(); }  ///< actors created so far

private:
  struct Actor {
    simgrid::s4u::SemaphorePtr wake;
    std::function<void()> job;
    simgrid::s4u::Host* host = nullptr;  ///< where the job must run
  };
  void loop(Actor* a);

  std::string name_;
  Lifetime lifetime_;
  std::deque<Actor> actors_;
  std::vector<Actor*> idle_;  ///< most recently idle last
  bool closed_ = false;
};

}  // namespace modi::engine
