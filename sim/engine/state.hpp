// Runtime state of the simulated MODI roles as plain objects. Phones are not SimGrid actors:
// one fleet actor drives all of them (see simulation.cpp), which keeps memory and context
// switches independent of the phone count.
#pragma once

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

struct Phone {
  uint32_t index = 0;
  std::string name;
  uint32_t group = 0;
  DeviceId device = NONE;
  uint32_t cell = 0;
  std::vector<ModelId> resident;  ///< models stored on the phone (sorted)
  LoadedModels loaded;            ///< models in memory
  double cpu_free_at_s = 0;       ///< local inference engine is FIFO: busy until this time
  double est_rtt_s = 0;           ///< EWMA of observed request+reply transfer times
  uint64_t seq = 0;               ///< requests issued so far (indexes this phone's random draws)
  energy::PhoneEnergy energy;     ///< CPU, radio and battery accounting
  struct Request* tail_pending = nullptr;  ///< ended request waiting for its radio tail's energy
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
  std::vector<std::vector<ModelId>> models_by_task;  ///< indexed by task id
  LoadedModels loaded;
  uint32_t waiting = 0;
  uint32_t busy = 0;
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
