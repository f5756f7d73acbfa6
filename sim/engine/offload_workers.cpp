#include "sim/engine/offload_workers.hpp"

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace modi::engine {

void OffloadWorkers::launch(sg4::Host* host, model::Request* r) {
  if (!idle_.empty()) {
    Worker* w = idle_.back();
    idle_.pop_back();
    w->job = r;
    w->host = host;
    w->wake->release();
    return;
  }
  workers_.push_back({sg4::Semaphore::create(0), r, host});
  Worker* w = &workers_.back();
  sg4::Actor::create("r", host, [this, w] { loop(w); });
}

void OffloadWorkers::loop(Worker* w) {
  while (w->job) {
    if (sg4::this_actor::get_host() != w->host)
      sg4::this_actor::set_host(w->host);
    body_(std::exchange(w->job, nullptr));
    if (closed_)
      return;
    idle_.push_back(w);
    w->wake->acquire();
  }
}

void OffloadWorkers::close() {
  closed_ = true;
  for (Worker* w : idle_)
    w->wake->release();  // job stays null: the worker's loop ends
  idle_.clear();
}

}  // namespace modi::engine
