// Results flow into one recorder: requests.csv rows are streamed as requests end (completion
// order), summary.csv is computed at the end. Files are written under temporary names and
// renamed only when the run succeeds (see commit()).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/core/csv.hpp"
#include "sim/engine/state.hpp"

namespace modi::engine {

/// One phone's energy over the run (phones.csv).
struct PhoneReport {
  std::string name, device, network;
  double cpu_j = 0, radio_j = 0, idle_j = 0, unattributed_j = 0, total_j = 0;
  double battery_start_j = 0, battery_end_j = 0, died_at_s = -1, horizon_s = 0;
};

/// One model push or eviction (pushes.csv).
struct PushRow {
  double issued_at_s = 0, finished_at_s = 0;
  std::string source, target, model;
  uint32_t version = 0;
  double bytes = 0;
  std::string status;       ///< ok | evicted | in_flight (still moving when the run ended)
  double phone_radio_energy_j = 0;
};

/// One edge's decision-engine statistics for one app, as received by the central manager.
struct StatsRow {
  double period_start_s = 0, period_end_s = 0, received_at_s = 0;
  std::string edge, app, task;
  double requests = 0, offloaded = 0, local_hits = 0, edge_hits = 0;
  double accuracy_need_sum = 0, accuracy_delivered_sum = 0, completed = 0, latency_sum_s = 0;
};

struct Summary {
  uint64_t requests = 0, ok = 0, failed = 0;
  double latency_mean_s = 0, latency_p50_s = 0, latency_p95_s = 0, latency_p99_s = 0;
  double slo_attainment = 0, accuracy_mean = 0, correct_rate = 0, offload_fraction = 0;
  double energy_per_request_j = 0, phone_energy_j = 0, edge_energy_j = 0, cloud_energy_j = 0;
  uint64_t phones_dead = 0;
  double model_push_bytes = 0, local_hit_rate = 0, edge_hit_rate = 0, storage_used_bytes_mean = 0;
  double availability = 0;
  uint64_t fallbacks = 0;
  uint64_t handovers = 0;
  uint64_t seed = 0;
  double sim_end_s = 0, wall_s = 0;
};

class Recorder {
public:
  /// `dir` must exist; files are created as `<name>.partial` inside it.
  Recorder(std::string dir, std::vector<std::string> phone_names, std::vector<std::string> device_names,
           std::vector<std::string> network_names, std::vector<std::vector<std::string>> app_names_by_group,
           std::vector<uint32_t> phone_group, std::vector<std::string> model_names, std::vector<std::string> server_names);

  /// Records one ended request. `correct_u` is the request's correctness draw.
  void record(const Request& r, double correct_u);
  uint64_t recorded() const { return recorded_; }

  Summary summarize(uint64_t seed, double sim_end_s, double wall_s, std::vector<PhoneReport> phones);
  double edge_energy_j = 0, cloud_energy_j = 0;  ///< set by the engine from SimGrid's energy plugin
  double storage_used_bytes_mean = 0;             ///< set by the engine
  uint64_t handovers = 0;                         ///< set by the engine
  std::vector<PushRow> pushes;                    ///< set by the engine
  std::vector<StatsRow> stats;                    ///< set by the engine
  /// Writes summary.csv, servers.csv and run.yaml, then renames every partial file into place.
  void commit(const Summary& s, const std::vector<Server>& servers, const std::string& run_yaml);
  /// Removes partial files (on failure).
  void abandon();

  static const std::vector<std::string>& request_columns();
  static const std::vector<std::string>& summary_columns();

private:
  std::string dir_;
  std::unique_ptr<csv::Writer> requests_;
  std::vector<std::string> phone_names_, device_names_, network_names_;
  std::vector<std::vector<std::string>> app_names_;
  std::vector<uint32_t> phone_group_;
  std::vector<std::string> model_names_;
  std::vector<std::string> server_names_;
  uint64_t recorded_ = 0, ok_ = 0, offloaded_ = 0, slo_met_ = 0, correct_ = 0, local_hits_ = 0, edge_hits_ = 0,
           fallbacks_ = 0;
  double accuracy_sum_ = 0, energy_sum_ = 0;
  std::vector<double> latencies_;  ///< of ok requests
  std::vector<std::string> partial_files_;
  std::vector<PhoneReport> phones_;
};

}  // namespace modi::engine
