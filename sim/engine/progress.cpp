#include "sim/engine/progress.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <cstdio>

namespace modi::engine {

void Progress::tick(bool final_line) {
  if (!enabled_)
    return;
  const auto now = std::chrono::steady_clock::now();
  if (!final_line && now - last_ < std::chrono::milliseconds(500))
    return;
  last_ = now;
  const double wall = std::chrono::duration<double>(now - start_).count();
  const auto done = done_();
  std::fprintf(stderr, "\r  sim %10.1f s | %12llu requests done | %8.0f req/s | wall %6.1f s%s",
               simgrid::s4u::Engine::get_clock(), static_cast<unsigned long long>(done),
               wall > 0 ? static_cast<double>(done) / wall : 0.0, wall, final_line ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace modi::engine
