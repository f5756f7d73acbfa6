// An inference server's state as the decision engines see it: stored and loaded models, the
// FIFO queue's counters, its service-time estimate and raw statistics (servers.csv). Plain data;
// sim/engine/inference_server.cpp runs the queue and executions on SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policies/selection.hpp"
#include "sim/core/lru.hpp"
#include "sim/model/catalog.hpp"
#include "sim/model/model_store.hpp"

namespace modi::model {

struct ServerState {
  std::string name;
  policy::Site site = policy::Site::EDGE;
  ServerTypeId type = NONE;
  uint32_t cores = 1;
  double speed = 1.0;
  ModelStore store;
  LoadedModels loaded;
  std::vector<std::vector<ModelId>> models_by_task;  ///< indexed by task (rebuilt when the store changes)
  uint32_t waiting = 0;     ///< requests queued for a core
  uint32_t busy = 0;        ///< cores busy
  bool up = true;           ///< faults: the server is running
  uint64_t epoch = 0;       ///< increases at every failure (a failed server loses its queue)
  uint64_t store_epoch = 0; ///< increases whenever the stored models change (option caches)
  double service_ewma_s = 0;
  // decision engine's raw statistics
  uint64_t requests_seen = 0;
  double queue_sum_s = 0;
  double busy_time_s = 0;

  /// Predicted wait for a core: none while a core is free, else the queue ahead times the mean
  /// service time over the cores.
  double est_queue_s() const { return busy < cores ? 0.0 : (waiting + 1.0) * service_ewma_s / cores; }
  /// The store changed: rebuild the per-task lists.
  void refresh_models(const Catalog& catalog);
};

}  // namespace modi::model
