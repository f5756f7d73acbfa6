// Results flow into one recorder: requests.csv rows are streamed as requests end (completion
// order), the summary is computed at the end, the other files are written at the end. Files are
// written under temporary names and renamed only when the run succeeds (run.yaml last), so a
// failed run never leaves results that look complete.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/output/columns.hpp"
#include "sim/output/rows.hpp"

namespace modi::output {

class Recorder {
public:
  /// `dir` must exist; files are created as `<name>.partial` inside it.
  Recorder(std::string dir, Names names);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  /// Records one ended request. `correct_u` is the request's correctness draw.
  void record(const model::Request& r, double correct_u);
  uint64_t recorded() const { return recorded_; }

  /// Set by the engine before summarize().
  double edge_energy_j = 0, cloud_energy_j = 0;
  double storage_used_bytes_mean = 0;
  uint64_t handovers = 0;
  std::vector<PushRow> pushes;
  std::vector<StatsRow> stats;

  /// One phone's energy over the run: written to phones.csv at once (phones are not kept).
  void record_phone(const PhoneReport& p);
  Summary summarize(uint64_t seed, double sim_end_s, double wall_s);
  /// Writes the remaining files and run.yaml, then renames every partial file into place.
  void commit(const Summary& s, const std::vector<model::ServerState>& servers, const std::string& run_yaml);
  /// Removes partial files (on failure).
  void abandon();

private:
  template <class Row, class Rows>
  void write_file(const std::string& name, const std::vector<Column<Row>>& cols, const Rows& rows);
  std::string partial(const std::string& name);

  std::string dir_;
  Names names_;
  std::unique_ptr<csv::Writer> requests_, phones_file_;
  double phone_energy_j_ = 0;
  uint64_t phones_dead_ = 0;
  uint64_t recorded_ = 0, ok_ = 0, offloaded_ = 0, slo_met_ = 0, goal_met_ = 0, remote_ = 0, correct_ = 0, local_hits_ = 0,
           edge_hits_ = 0,
           fallbacks_ = 0;
  double accuracy_sum_ = 0, energy_sum_ = 0, prediction_abs_error_s_ = 0;
  uint64_t predicted_ = 0;  ///< answered requests with a profiler prediction
  std::vector<double> latencies_;  ///< of ok requests
  std::vector<std::string> partial_files_;
};

}  // namespace modi::output
