// The rows of modisim's output files as plain structs (what each column's getter reads).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/phone_names.hpp"
#include "sim/model/request.hpp"
#include "sim/model/server_state.hpp"

namespace modi::output {

/// Names the request columns print (indexes into them come from the request). Phone names are
/// computed when written, not stored per phone.
struct Names {
  const model::PhoneNames* phones = nullptr;
  std::vector<uint32_t> phone_group, phone_device;  ///< by phone
  std::vector<std::string> device, network, model, server;
  std::vector<std::vector<std::string>> app;  ///< [group][app]
  csv::NumberedName phone(uint32_t i) const { return phones->parts(phone_group[i], i); }
};

/// One ended request with what the recorder derives from it.
struct RequestRow {
  const model::Request& r;
  const Names& names;
  bool ok = false;
  double latency_s = 0;
  double accuracy = 0;
  bool correct = false;
  bool slo_met = false;
  bool goal_met = false;  ///< answered within the deadline by a model meeting the accuracy need
  double energy_j = 0;
};

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
  std::string status;  ///< ok | evicted | in_flight (still moving when the run ended) | failed_<reason>
  double phone_radio_energy_j = 0;
};

/// One edge's decision-engine statistics for one app, as received by the central manager.
struct StatsRow {
  double period_start_s = 0, period_end_s = 0, received_at_s = 0;
  std::string edge, app, task;
  double requests = 0, offloaded = 0, local_hits = 0, edge_hits = 0;
  double accuracy_need_sum = 0, accuracy_delivered_sum = 0, completed = 0, latency_sum_s = 0;
};

/// One server's raw statistics (servers.csv).
struct ServerRow {
  const model::ServerState& server;
  double sim_end_s = 0;
};

/// A metric is empty (std::nullopt) when it has no sample: no request, no answered request, no
/// offloaded request (docs/outputs.md states each denominator).
struct Summary {
  using Metric = std::optional<double>;
  uint64_t requests = 0, ok = 0, failed = 0;
  Metric latency_mean_s, latency_p50_s, latency_p95_s, latency_p99_s;
  Metric slo_attainment, goal_attainment, accuracy_mean, correct_rate, offload_fraction;
  Metric energy_per_request_j;
  double phone_energy_j = 0, edge_energy_j = 0, cloud_energy_j = 0;
  uint64_t phones_dead = 0;
  double model_push_bytes = 0;
  Metric local_hit_rate, edge_hit_rate;
  double storage_used_bytes_mean = 0;
  uint64_t handovers = 0;
  Metric availability;
  uint64_t fallbacks = 0;
  Metric prediction_mae_s;  ///< empty without a predicted, answered request
  uint64_t seed = 0;
  double sim_end_s = 0, wall_s = 0;
};

}  // namespace modi::output
