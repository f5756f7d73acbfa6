// A phone's runtime state: MODI's phone role (inference profiler inputs, model store, loaded-model
// memory, the local engine's CPU queue) as plain data. Phones are not SimGrid actors: the fleet
// drives them all, which keeps memory and context switches independent of the phone count.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/lru.hpp"
#include "sim/energy/phone_energy.hpp"
#include "sim/model/model_store.hpp"

namespace modi::model {

struct Request;

struct Phone {
  uint32_t index = 0;
  uint32_t group = 0;
  DeviceId device = NONE;
  uint32_t cell = 0;
  ModelStore store;               ///< models stored on the phone
  LoadedModels loaded;            ///< models in memory
  double cpu_free_at_s = 0;       ///< the local inference engine is FIFO: busy until this time
  double est_rtt_s = 0;           ///< the profiler's estimate of a request+reply transfer time
  double est_rtt_sd_s = 0;        ///< and its spread (rtt_estimator.hpp)
  uint32_t rtt_samples = 0;       ///< exchanges observed on the current network
  uint64_t seq = 0;               ///< requests issued so far (indexes this phone's random draws)
  energy::PhoneEnergy energy;     ///< CPU, radio and battery accounting
  std::vector<std::pair<ModelId, Request*>> waiting;  ///< requests waiting for an on-demand download
  std::vector<ModelId> downloading;                   ///< models being pushed to the phone
  uint32_t mobility_moves = 0;                        ///< index of this phone's mobility draws

  bool is_downloading(ModelId m) const;
};

}  // namespace modi::model
