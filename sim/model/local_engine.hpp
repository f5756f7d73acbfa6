// MODI's local inference engine on a phone, in closed form: the phone's CPU runs one inference at
// a time (FIFO), a cold start loads (and inflates) the model into an LRU memory, every phase is
// a draw from the device's measured distributions, and its CPU energy is charged at once. Local
// work contends with nothing but the phone's own earlier work, so no simulated activity is spent.
#pragma once

#include <cstdint>

#include "sim/core/traces.hpp"
#include "sim/model/phone.hpp"

namespace modi::model {

/// Sampled phase times of one local inference.
struct LocalTimes {
  double image_s = 0, load_s = 0, inference_s = 0;
};

/// One local run as reserved on the phone's CPU.
struct LocalRun {
  double finish_s = 0;
  double image_s = 0, load_s = 0, queue_s = 0, inference_s = 0;
  double cpu_energy_j = 0;
};

class LocalEngine {
public:
  LocalEngine(const TraceSet& traces, uint64_t seed) : traces_(traces), seed_(seed) {}

  /// This request's draws for model m on the phone (cold: with the model load).
  LocalTimes sample(const Phone& p, uint64_t seq, ModelId m, bool cold) const;
  /// Reserves the phone's CPU for one inference of m starting no earlier than `now_s`.
  /// `owner`: the request whose CPU energy it is.
  LocalRun run(Phone& p, uint64_t seq, ModelId m, double now_s, uint64_t owner) const;

private:
  const TraceSet& traces_;
  uint64_t seed_;
};

}  // namespace modi::model
