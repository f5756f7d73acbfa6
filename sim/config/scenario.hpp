// A scenario as plain structs: what the YAML says, with units resolved to SI and names resolved
// against the trace set, so the engine can trust what it gets. Key names, units, defaults and
// ranges are declared once, in keys.cpp (docs/config.md is generated from them); the members here
// carry no defaults of their own.
#pragma once

#include "sim/core/bandwidth_trace.hpp"

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
  double rate_per_s = 0;
  double interval_s = 0;      ///< PERIODIC: one request every interval, the first at offset
  double offset_s = 0;
  uint64_t max_requests = 0;  ///< 0 = no limit (arrivals stop at simulation.duration)
  std::string trace_file;     ///< TRACE: CSV time_s,phone,app (resolved path)
};

struct AppConfig {
  std::string name;
  std::string task;
  double accuracy_need = 0;
  double deadline_s = 0;
  double input_bytes = 0;
  double output_bytes = 0;
  ArrivalConfig arrival;
};

struct PhoneGroup {
  std::string name;
  uint32_t count = 0;
  std::string device;
  std::string cell;             ///< cell group name; phones spread round-robin over its instances
  double storage_bytes = 0;     ///< model storage budget
  double memory_bytes = 0;      ///< budget for models loaded in memory (LRU)
  double battery_fraction = 0;  ///< state of charge at start
  double battery_capacity_j = 0;
  bool screen_on = false;       ///< screen power drawn all the time
  std::vector<std::string> models;  ///< resident at start
  std::vector<AppConfig> apps;
  // resolved
  DeviceId device_id = NONE;
  std::vector<ModelId> model_ids;
};

/// Bandwidth traces replayed on a pair of links (sim/core/bandwidth_trace.hpp); null: constant.
struct LinkTraces {
  std::shared_ptr<const BandwidthTrace> up, down;
  bool any() const { return up || down; }
};

struct CellGroup {
  std::string name;
  uint32_t count = 0;
  std::string network;
  std::string edge;             ///< edge group name; cell i attaches to edge instance i mod count
  double uplink_capacity_bps = 0;   ///< shared by every phone in the cell
  double downlink_capacity_bps = 0;
  std::string uplink_trace, downlink_trace;  ///< files (resolved against the scenario)
  LinkTraces traces;                ///< replace the capacities while they play
  bool trace_loop = true;
  double trace_scale = 1;
  NetworkId network_id = NONE;
};

struct EdgeGroup {
  std::string name;
  uint32_t count = 0;
  std::string server;
  uint32_t cores = 0;
  double speed = 0;             ///< relative to the server type's measured speed
  double storage_bytes = 0;
  double memory_bytes = 0;
  std::vector<std::string> models;     ///< model or task names, or "all" (resolved: model names)
  std::vector<std::string> preloaded;  ///< loaded in memory at start
  double backhaul_bandwidth_bps = 0;   ///< cell access point to edge server
  double backhaul_latency_s = 0;
  std::string parent;                  ///< edge group of the next tier ("" = the cloud)
  double wan_bandwidth_bps = 0;        ///< link to the parent tier
  double wan_latency_s = 0;
  std::string backhaul_uplink_trace, backhaul_downlink_trace, wan_uplink_trace, wan_downlink_trace;
  LinkTraces backhaul_traces, wan_traces;
  bool trace_loop = true;
  double trace_scale = 1;
  ServerTypeId server_id = NONE;
  std::vector<ModelId> model_ids;
  std::vector<ModelId> preloaded_ids;
};

struct CloudConfig {
  bool enabled = false;
  std::string server;
  uint32_t cores = 0;
  double speed = 0;
  std::vector<std::string> models;
  double wan_bandwidth_bps = 0;  ///< default of edges[].wan_bandwidth
  double wan_latency_s = 0;      ///< default of edges[].wan_latency
  ServerTypeId server_id = NONE;
  std::vector<ModelId> model_ids;
};

struct SimulationConfig {
  uint64_t seed = 0;
  double duration_s = 0;        ///< arrivals stop at this time
  double end_s = 0;             ///< hard stop; 0 = run until every request has ended
  std::string network_model;
  bool crosstraffic = false;
  double network_ewma_alpha = 0;  ///< weight of the newest transfer in the phone's RTT estimate
  /// What a policy knows of the next exchange's network time (sim/model/rtt_estimator.hpp).
  enum class NetworkEstimate { EWMA, LAST, WINDOW, ORACLE };
  NetworkEstimate network_estimate = NetworkEstimate::EWMA;
  uint32_t network_window = 0;    ///< exchanges in the `window` estimate
};

struct SelectionConfig {
  std::string policy;
  policy::Params params;  ///< resolved (defaults filled)
};

/// A new version of a model published at the central manager (MODI's model updates).
struct ModelUpdate {
  double at_s = 0;
  std::string model;
  double top1 = -1;  ///< -1 until resolved: the model's catalog top-1
  ModelId model_id = NONE;
};

struct PlacementConfig {
  std::string policy;
  policy::Params params;
};

struct OnDemandConfig {
  bool enabled = false;             ///< fetch a missing adequate model when a request needs it
  bool wait_for_download = false;   ///< the request waits and runs locally (else it offloads)
};

/// MODI's model management: statistics up, plans and models down.
struct ModelManagementConfig {
  double stats_period_s = 0;        ///< edges report their decision engines' statistics
  double placement_period_s = 0;    ///< the central manager runs the placement policies
  double stats_bytes = 0;           ///< size of one edge's report (over the WAN)
  PlacementConfig phones;
  PlacementConfig edges;
  OnDemandConfig on_demand;
};

struct MobilityConfig {
  enum class Kind { NONE, TRACE, RANDOM };
  Kind kind = Kind::NONE;
  std::string trace_file;        ///< CSV time_s,phone,cell (cell instance names; resolved path)
  double dwell_mean_s = 0;       ///< RANDOM: exponential dwell time in a cell
  bool fail_in_flight = false;   ///< on handover, offloaded requests in flight fail (else complete)
};

/// A fault: a target that is down (or degraded) over some intervals.
struct FaultPeriod {
  enum class Target { CELL, BACKHAUL, WAN, EDGE };
  Target target = Target::CELL;
  std::string target_name;         ///< as written: cell/<name>, backhaul/<edge>, wan/<edge>, edge/<edge>
  uint32_t index = 0;              ///< cell or edge instance
  double bandwidth_factor = 0;     ///< 0: down; (0,1): bandwidth multiplied by this (degraded)
  std::string trace_file;          ///< availability trace (resolved into intervals)
  struct Random {
    double mtbf_s = 0, mttr_s = 0;
  } random;                        ///< random periods (resolved into intervals)
  std::vector<std::pair<double, double>> intervals;  ///< [from, to), sorted, resolved at load
};

struct FaultsConfig {
  double detection_delay_s = 0;  ///< the profiler learns of a change this much later
  double request_timeout_s = 0;  ///< an offloaded request's reply must come within this (0: none)
  std::vector<FaultPeriod> periods;
};

/// MODI's inference profiler: how a phone estimates its own load and inference times.
struct ProfilerConfig {
  enum class Predictor { TABLE, ONLINE, REGRESSION };
  enum class Prior { TABLE, REGRESSION };
  Predictor predictor = Predictor::TABLE;
  double online_alpha = 0.2;       ///< weight of the newest observation (EWMA)
  Prior online_prior = Prior::REGRESSION;
  double online_prior_scale = 1;   ///< the prior, multiplied (to study a wrong prior)
};

struct Scenario {
  std::string source_file;
  std::vector<std::string> trace_layers;  ///< resolved directories, base first
  std::vector<std::string> trace_layer_names;  ///< as written (`default` for the shipped traces)
  /// Policy plugins loaded for this scenario (its `plugins:` resolved against it, then any
  /// `--plugin` files): written into run.yaml and digested like every other input.
  std::vector<std::string> plugins;
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
  ProfilerConfig profiler;
  std::shared_ptr<const TraceSet> traces;

  uint64_t phone_count() const;
};

/// One `--set key.path=value` override.
struct Override {
  std::string path;
  std::string value;
  std::string origin;  ///< how messages name it; empty: "--set <path>"
};

/// Every file a run of `s` reads: the scenario, its plugins, each trace layer's tables, request,
/// mobility and availability traces (absolute paths, sorted, no duplicates).
std::vector<std::string> input_files(const Scenario& s);

/// Loads, applies overrides, fills defaults, checks everything. Throws InputError.
Scenario load(const std::string& path, const std::vector<Override>& overrides,
              const std::string& default_traces_dir = "");
/// Parses "a.b=c" (throws InputError on a malformed override).
Override parse_override(const std::string& text);

/// The fully resolved config as YAML (loadable again with `load`). File paths are written relative
/// to `out_dir` (where the YAML goes) when they were relative, absolute when they were absolute.
std::string to_yaml(const Scenario& s, const std::vector<std::pair<std::string, std::string>>& provenance,
                    const std::string& out_dir = "");

/// Directory of the shipped traces (compile-time default, MODISIM_TRACES env overrides).
std::string default_traces_dir();

}  // namespace modi::config
