#include "sim/engine/offload_workers.hpp"

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace modi::engine {

void OffloadWorkers::launch(sg4::Host* host, model::Request* r) {
  auto& idle = idle_[host];
  if (!idle.empty()) {
    Worker* w = idle.back();
    idle.pop_back();
    w->job = r;
    w->wake->release();
    return;
  }
  workers_.push_back({sg4::Semaphore::create(0), r, host});
  Worker* w = &workers_.back();
  sg4::Actor::create("r", host, [this, w] { loop(w); });
}

void OffloadWorkers::loop(Worker* w) {
  while (w->job) {
    body_(std::exchange(w->job, nullptr));
    if (closed_)
      return;
    idle_[w->host].push_back(w);
    w->wake->acquire();
  }
}

void OffloadWorkers::close() {
  closed_ = true;
  for (auto& [host, idle] : idle_)
    for (Worker* w : idle)
      w->wake->release();  // job stays null: the worker's loop ends
  idle_.clear();
}

}  // namespace modi::engine
