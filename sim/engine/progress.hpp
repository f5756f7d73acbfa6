// The live progress line on stderr (simulated time, requests done, rate), at most twice a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace modi::engine {

class Progress {
public:
  Progress(bool enabled, std::function<uint64_t()> done) : enabled_(enabled), done_(std::move(done)) {}
  void tick(bool final_line = false);

private:
  bool enabled_;
  std::function<uint64_t()> done_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

}  // namespace modi::engine
