#include "sim/engine/actor_pool.hpp"

#include <simgrid/s4u.hpp>

#include <utility>

namespace sg4 = simgrid::s4u;

namespace modi::engine {

void ActorPool::run(sg4::Host* host, std::function<void()> job) {
  if (!idle_.empty()) {
    Actor* a = idle_.back();
    idle_.pop_back();
    a->job = std::move(job);
    a->host = host;
    a->wake->release();
    // A new daemon costs an actor two simcalls (create, daemonize), a reused one only this
    // release: one more keeps what else happens at this instant in the order it had.
    if (lifetime_ == Lifetime::DAEMON && !sg4::Actor::is_maestro())
      sg4::this_actor::yield();
    return;
  }
  actors_.push_back({sg4::Semaphore::create(0), std::move(job), host});
  Actor* a = &actors_.back();
  auto actor = sg4::Actor::create(name_, host, [this, a] { loop(a); });
  if (lifetime_ == Lifetime::DAEMON)
    actor->daemonize();
}

void ActorPool::loop(Actor* a) {
  while (a->job) {
    if (sg4::this_actor::get_host() != a->host)
      sg4::this_actor::set_host(a->host);
    std::exchange(a->job, nullptr)();
    if (closed_)
      return;
    idle_.push_back(a);
    a->wake->acquire();
  }
}

void ActorPool::close() {
  closed_ = true;
  for (Actor* a : idle_)
    a->wake->release();  // job stays empty: the actor's loop ends
  idle_.clear();
}

}  // namespace modi::engine
