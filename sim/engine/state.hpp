// Runtime state of the simulated MODI roles as plain objects. Phones are not SimGrid actors:
// one fleet actor drives all of them (see simulation.cpp), which keeps memory and context
// switches independent of the phone count.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "policies/selection.hpp"
#include "sim/core/lru.hpp"
#include "sim/core/traces.hpp"
#include "sim/energy/phone_energy.hpp"

namespace simgrid::s4u {
class Host;
class Semaphore;
}  // namespace simgrid::s4u

namespace modi::engine {

struct Request;

/// Models held by a phone or a server under a storage budget, each at a version.
struct ModelStore {
  std::vector<ModelId> models;      ///< sorted
  std::vector<uint32_t> versions;   ///< aligned with models
  double budget_bytes = 0;
  double used_bytes = 0;
  double reserved_bytes = 0;        ///< pushes in flight
  // time-weighted storage use
  double used_integral = 0, last_change_s = 0;

  int find(ModelId m) const {
    for (size_t i = 0; i < models.size(); ++i)
      if (models[i] == m)
        return static_cast<int>(i);
    return -1;
  }
  bool holds(ModelId m) const { return find(m) >= 0; }
  uint32_t version(ModelId m) const {
    const int i = find(m);
    return i < 0 ? 0 : versions[static_cast<size_t>(i)];
  }
  void account(double now) {
    used_integral += used_bytes * (now - last_change_s);
    last_change_s = now;
  }
  /// Adds (or replaces the version of) a model of `size` bytes.
  void put(ModelId m, uint32_t version, double size, double now) {
    account(now);
    const int i = find(m);
    if (i >= 0) {
      versions[static_cast<size_t>(i)] = version;
      return;
    }
    const auto pos = static_cast<size_t>(std::lower_bound(models.begin(), models.end(), m) - models.begin());
    models.insert(models.begin() + static_cast<std::ptrdiff_t>(pos), m);
    versions.insert(versions.begin() + static_cast<std::ptrdiff_t>(pos), version);
    used_bytes += size;
  }
  void remove(ModelId m, double size, double now) {
    const int i = find(m);
    if (i < 0)
      return;
    account(now);
    models.erase(models.begin() + i);
    versions.erase(versions.begin() + i);
    used_bytes -= size;
  }
};

struct Phone {
  uint32_t index = 0;
  std::string name;
  uint32_t group = 0;
  DeviceId device = NONE;
  uint32_t cell = 0;
  ModelStore store;               ///< models stored on the phone
  LoadedModels loaded;            ///< models in memory
  double cpu_free_at_s = 0;       ///< local inference engine is FIFO: busy until this time
  double est_rtt_s = 0;           ///< EWMA of observed request+reply transfer times
  uint64_t seq = 0;               ///< requests issued so far (indexes this phone's random draws)
  energy::PhoneEnergy energy;     ///< CPU, radio and battery accounting
  struct Request* tail_pending = nullptr;  ///< ended request waiting for its radio tail's energy
  std::vector<std::pair<ModelId, Request*>> waiting;  ///< on-demand downloads with requests waiting
  std::vector<ModelId> downloading;                   ///< models being pushed to the phone
  uint32_t mobility_moves = 0;                        ///< index of this phone's mobility draws
};

struct Cell {
  std::string name;
  uint32_t group = 0;
  NetworkId network = NONE;
  uint32_t edge = 0;
  simgrid::s4u::Host* host = nullptr;  ///< the access point; transfers start and end here
  Distribution extra_up, extra_down;   ///< calibrated per cell (route-specific)
  // Uncontended route to the cell's edge: latency and bottleneck rate (phone radio, cell, backhaul).
  double latency_s = 0;
  double up_bytes_per_s = 0, down_bytes_per_s = 0;
};

/// An inference server: an edge or the cloud. FIFO queue in front of `cores` workers.
struct Server {
  std::string name;
  policy::Site site = policy::Site::EDGE;
  ServerTypeId type = NONE;
  uint32_t cores = 1;
  double speed = 1.0;
  simgrid::s4u::Host* host = nullptr;
  simgrid::s4u::Semaphore* slots = nullptr;
  std::vector<std::vector<ModelId>> models_by_task;  ///< indexed by task id (rebuilt when the store changes)
  ModelStore store;
  LoadedModels loaded;
  uint32_t waiting = 0;
  uint32_t busy = 0;
  bool up = true;           ///< faults: the server is running
  uint64_t epoch = 0;       ///< increases at every failure (a failed server loses its queue)
  double service_ewma_s = 0;
  // decision engine's raw statistics
  uint64_t requests_seen = 0;
  double queue_sum_s = 0;
  double busy_time_s = 0;
};

/// One inference request from issue to answer.
struct Request {
  uint64_t id = 0;
  uint32_t phone = 0;
  uint32_t app = 0;         ///< index into the phone group's apps
  uint32_t cell = 0;        ///< the phone's cell at issue (the offload path uses it throughout)
  uint32_t edge = 0;        ///< the phone's edge at issue (MODI's Edge-i)
  uint32_t version = 0;     ///< version of the model that answered
  double accuracy = 0;      ///< top-1 of that version
  bool local_hit = false;   ///< an adequate model was resident at issue
  bool edge_hit = false;    ///< the phone's edge held an adequate model at issue
  double handover_at_s = -1;  ///< the phone left its cell while this was offloaded (in_flight: fail)
  bool fallback_local = false;    ///< the policy's intent if the remote path fails
  std::string_view fallback;      ///< why the request fell back to the device (empty: it did not)
  uint32_t task = 0;
  uint64_t seq = 0;         ///< per-phone index for random draws
  NetworkId network = NONE; ///< at issue
  double issued_at_s = 0;
  double finished_at_s = 0;
  double deadline_s = 0;
  double input_bytes = 0, output_bytes = 0;
  policy::Site site = policy::Site::DEVICE;
  uint32_t server = 0;       ///< index into servers when remote
  ModelId model = NONE;
  ModelId duplicate_model = NONE;
  double dup_done_at_s = -1;        ///< local duplicate's finish time (-1: no duplicate)
  double dup_image_load_s = 0, dup_model_load_s = 0, dup_queue_s = 0, dup_inference_s = 0;
  double dup_cpu_energy_j = 0;
  double image_load_s = 0, model_load_s = 0, queue_s = 0, inference_s = 0, upload_s = 0, download_s = 0;
  double cpu_energy_j = 0, radio_energy_j = 0;
  bool failed = false;
  std::string_view failure;
};

}  // namespace modi::engine
