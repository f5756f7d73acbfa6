// A scenario as plain structs: what the YAML says, with units resolved to SI and every default
// filled in. The loader checks references (device classes, networks, models, policies) against
// the trace set so the engine can trust what it gets. Key names and defaults: docs/config.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "policies/placement.hpp"
#include "policies/selection.hpp"
#include "sim/core/error.hpp"
#include "sim/core/traces.hpp"

namespace modi::config {

struct ArrivalConfig {
  enum class Kind { POISSON, PERIODIC, TRACE };
  Kind kind = Kind::POISSON;
  double rate_per_s = 0.1;
  double interval_s = 10.0;   ///< PERIODIC: one request every interval, the first at offset
  double offset_s = 0.0;
  uint64_t max_requests = 0;  ///< 0 = no limit (Poisson arrivals stop at simulation.duration)
  std::string trace_file;     ///< TRACE: CSV time_s,phone,app (resolved path)
  std::string trace_file_as_written;
};

struct AppConfig {
  std::string name;
  std::string task;
  double accuracy_need = 0.0;
  double deadline_s = 1.0;
  double input_bytes = 25000;  ///< MODI app: 299x299 JPEG at quality 90 (about 20-30 KB)
  double output_bytes = 200;   ///< label and confidence
  ArrivalConfig arrival;
};

struct PhoneGroup {
  std::string name;
  uint32_t count = 1;
  std::string device;
  std::string cell;             ///< cell group name; phones spread round-robin over its instances
  double storage_bytes = 0;     ///< model storage budget
  double memory_bytes = 0;      ///< budget for models loaded in memory (LRU)
  double battery_fraction = 1.0;  ///< state of charge at start
  double battery_capacity_j = 0;  ///< 0 = the device class's battery
  bool screen_on = false;         ///< screen power drawn all the time
  std::vector<std::string> models;  ///< resident at start
  std::vector<AppConfig> apps;
  // resolved
  DeviceId device_id = NONE;
  std::vector<ModelId> model_ids;
};

struct CellGroup {
  std::string name;
  uint32_t count = 1;
  std::string network;
  std::string edge;             ///< edge group name; cell i attaches to edge instance i mod count
  double uplink_capacity_bps = 1e9;   ///< shared by every phone in the cell
  double downlink_capacity_bps = 1e9;
  NetworkId network_id = NONE;
};

struct EdgeGroup {
  std::string name;
  uint32_t count = 1;
  std::string server = "t2.medium";
  uint32_t cores = 2;
  double speed = 1.0;           ///< relative to the server type's measured speed
  double storage_bytes = 10e9;
  double memory_bytes = 4e9;
  std::vector<std::string> models{"all"};  ///< model or task names, or "all"
  std::vector<std::string> preloaded;      ///< loaded in memory at start
  double backhaul_bandwidth_bps = 1e9;     ///< cell access point to edge server
  double backhaul_latency_s = 0.0005;
  std::string parent;                      ///< edge group of the next tier ("" = the cloud)
  double wan_bandwidth_bps = 1e9;          ///< link to the parent tier (default: cloud.wan_bandwidth)
  double wan_latency_s = 0.02;             ///< (default: cloud.wan_latency)
  ServerTypeId server_id = NONE;
  std::vector<ModelId> model_ids;
  std::vector<ModelId> preloaded_ids;
};

struct CloudConfig {
  bool enabled = true;
  std::string server = "c5";
  uint32_t cores = 8;
  double speed = 1.0;
  std::vector<std::string> models{"all"};
  double wan_bandwidth_bps = 1e9;
  double wan_latency_s = 0.02;
  ServerTypeId server_id = NONE;
  std::vector<ModelId> model_ids;
};

struct SimulationConfig {
  uint64_t seed = 1;
  double duration_s = 600;      ///< Poisson arrivals stop at this time
  double end_s = 0;             ///< hard stop; 0 = run until every request has ended
  std::string network_model = "CM02";
  bool crosstraffic = false;
  double network_ewma_alpha = 0.2;  ///< weight of the newest transfer in the phone's RTT estimate
};

struct SelectionConfig {
  std::string policy = "modi";
  policy::Params params;  ///< resolved (defaults filled)
};

/// A new version of a model published at the central manager (MODI's model updates).
struct ModelUpdate {
  double at_s = 0;
  std::string model;
  double top1 = 0;
  ModelId model_id = NONE;
};

struct PlacementConfig {
  std::string policy = "static";
  policy::Params params;
};

/// MODI's model management: statistics up, plans and models down.
struct ModelManagementConfig {
  double stats_period_s = 60;        ///< edges report their decision engines' statistics
  double placement_period_s = 600;   ///< the central manager runs the placement policies
  double stats_bytes = 2000;         ///< size of one edge's report (over the WAN)
  PlacementConfig phones;
  PlacementConfig edges;
  bool on_demand = false;            ///< a phone fetches a missing adequate model from its edge
  bool wait_for_download = false;    ///< on demand: the request waits and runs locally (else offloads)
};

struct MobilityConfig {
  enum class Kind { NONE, TRACE, RANDOM };
  Kind kind = Kind::NONE;
  std::string trace_file;            ///< CSV time_s,phone,cell (cell instance names)
  double dwell_mean_s = 600;         ///< RANDOM: exponential dwell time in a cell
  bool fail_in_flight = false;       ///< on handover, offloaded requests in flight fail (else complete)
};

/// A fault: a target that is down (or degraded) over some intervals.
struct FaultPeriod {
  enum class Target { CELL, BACKHAUL, WAN, EDGE };
  Target target = Target::CELL;
  std::string target_name;         ///< as written: cell/<name>, backhaul/<edge>, wan/<edge>, edge/<edge>
  uint32_t index = 0;              ///< cell or edge instance
  double bandwidth_factor = 0;     ///< 0: down; (0,1): bandwidth multiplied by this (degraded)
  std::vector<std::pair<double, double>> intervals;  ///< [from, to), sorted, resolved at load
};

struct FaultsConfig {
  double detection_delay_s = 1.0;  ///< the profiler learns of a change this much later
  double request_timeout_s = 0;    ///< an offloaded request's reply must come within this (0: none)
  std::vector<FaultPeriod> periods;
};

struct Scenario {
  std::string source_file;
  std::string traces_dir;            ///< resolved path
  std::string traces_dir_as_written; ///< as in the file ("" = the shipped traces)
  SimulationConfig simulation;
  SelectionConfig selection;
  std::vector<EdgeGroup> edges;
  std::vector<CellGroup> cells;
  std::vector<PhoneGroup> phones;
  CloudConfig cloud;
  std::vector<std::pair<std::string, std::string>> task_aliases;  ///< catalog.task_aliases
  ModelManagementConfig management;
  std::vector<ModelUpdate> updates;
  MobilityConfig mobility;
  FaultsConfig faults;
  std::shared_ptr<const TraceSet> traces;

  uint64_t phone_count() const;
};

/// One `--set key.path=value` override.
struct Override {
  std::string path;
  std::string value;
};

/// Loads, applies overrides, fills defaults, checks everything. Throws InputError.
Scenario load(const std::string& path, const std::vector<Override>& overrides,
              const std::string& default_traces_dir = "");
/// Parses "a.b=c" (throws InputError on a malformed override).
Override parse_override(const std::string& text);

/// The fully resolved config as YAML (loadable again with `load`).
std::string to_yaml(const Scenario& s, const std::vector<std::pair<std::string, std::string>>& provenance);

/// Directory of the shipped traces (compile-time default, MODISIM_TRACES env overrides).
std::string default_traces_dir();

}  // namespace modi::config
