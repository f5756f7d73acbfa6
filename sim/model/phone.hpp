// A phone's runtime state: MODI's phone role (inference profiler inputs, model store, loaded-model
// memory, the local engine's CPU queue) as plain data. Phones are not SimGrid actors: the fleet
// drives them all, which keeps memory and context switches independent of the phone count.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/lru.hpp"
#include "sim/energy/phone_energy.hpp"
#include "sim/model/model_store.hpp"

namespace modi::model {

struct Request;

/// Models being pushed to a phone and the requests waiting for them. Few phones ever download,
/// so this lives out of line: 8 bytes per phone instead of 48.
struct Downloads {
  std::vector<ModelId> models;
  std::vector<std::pair<ModelId, Request*>> waiting;  ///< for an on-demand download, in arrival order

  /// The push of m ended (arrived or failed): m is no longer on its way; returns the requests
  /// that waited for it, in arrival order, and forgets them.
  std::vector<Request*> end(ModelId m);
};

struct Phone {
  uint32_t index = 0;
  uint32_t group = 0;
  DeviceId device = NONE;
  uint32_t cell = 0;
  uint32_t rtt_samples = 0;       ///< exchanges observed on the current network
  uint32_t mobility_moves = 0;    ///< index of this phone's mobility draws
  ModelStore store;               ///< models stored on the phone
  LoadedModels loaded;            ///< models in memory
  double cpu_free_at_s = 0;       ///< the local inference engine is FIFO: busy until this time
  double est_rtt_s = 0;           ///< the profiler's estimate of a request+reply transfer time
  double est_rtt_sd_s = 0;        ///< and its spread (rtt_estimator.hpp)
  uint64_t seq = 0;               ///< requests issued so far (indexes this phone's random draws)
  energy::PhoneEnergy energy;     ///< CPU, radio and battery accounting
  std::unique_ptr<Downloads> downloads;  ///< null until the first push to this phone

  bool is_downloading(ModelId m) const;
  /// Requests waiting for a download (0 without downloads).
  size_t waiting() const { return downloads ? downloads->waiting.size() : 0; }
  Downloads& downloads_made();  ///< created on first use
};

}  // namespace modi::model
