#include "sim/output/recorder.hpp"

#include "sim/model/outcome.hpp"

#include "sim/core/error.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/core/stats.hpp"
#include "sim/output/outputs.hpp"

namespace fs = std::filesystem;

namespace modi::output {

Recorder::Recorder(std::string dir, Names names) : dir_(std::move(dir)), names_(std::move(names)) {
  requests_ = std::make_unique<csv::Writer>(partial("requests.csv"));
  requests_->header(header_of(request_columns()));
}

Recorder::~Recorder() = default;

std::string Recorder::partial(const std::string& name) {
  const auto path = (fs::path(dir_) / (name + ".partial")).string();
  partial_files_.push_back(path);
  return path;
}

void Recorder::record(const model::Request& r, double correct_u) {
  ++recorded_;
  RequestRow row{r, names_};
  const auto o = model::outcome_of(r);
  row.ok = o.ok;
  row.latency_s = o.latency_s;
  row.accuracy = o.accuracy;
  row.correct = o.has_model && correct_u < row.accuracy;
  row.slo_met = o.slo_met;
  row.goal_met = o.goal_met;
  row.energy_j = r.cpu_energy_j + r.radio_energy_j;
  local_hits_ += r.local_hit;
  fallbacks_ += r.fallback != Reason::EMPTY;
  goal_met_ += row.goal_met;
  if (r.site != policy::Site::DEVICE || r.fallback != Reason::EMPTY) {  // the policy chose a server
    ++remote_;
    edge_hits_ += r.edge_hit;
  }
  if (row.ok) {
    ++ok_;
    latencies_.push_back(row.latency_s);
    accuracy_sum_ += row.accuracy;
    correct_ += row.correct;
    slo_met_ += row.slo_met;
    offloaded_ += r.site != policy::Site::DEVICE;
    if (r.predicted_latency_s >= 0) {
      prediction_abs_error_s_ += std::fabs(r.predicted_latency_s - row.latency_s);
      ++predicted_;
    }
  }
  energy_sum_ += row.energy_j;
  write_row(*requests_, request_columns(), row);
}

void Recorder::record_phone(const PhoneReport& p) {
  if (!phones_file_) {
    phones_file_ = std::make_unique<csv::Writer>(partial("phones.csv"));
    phones_file_->header(header_of(phone_columns()));
  }
  write_row(*phones_file_, phone_columns(), p);
  phone_energy_j_ += p.total_j;
  phones_dead_ += p.died_at_s >= 0;
}

Summary Recorder::summarize(uint64_t seed, double sim_end_s, double wall_s) {
  Summary s;
  s.requests = recorded_;
  s.ok = ok_;
  s.failed = recorded_ - ok_;
  if (!latencies_.empty()) {
    s.latency_mean_s = stats::mean(latencies_);
    const auto q = stats::quantiles(std::move(latencies_), {0.5, 0.95, 0.99});  // no copy at the peak
    s.latency_p50_s = q[0];
    s.latency_p95_s = q[1];
    s.latency_p99_s = q[2];
  }
  const auto over = [](double count, uint64_t of) -> Summary::Metric {
    return of ? Summary::Metric(count / static_cast<double>(of)) : std::nullopt;
  };
  // Attainments count failed requests as misses; accuracy and offload are over answered ones.
  s.slo_attainment = over(static_cast<double>(slo_met_), recorded_);
  s.goal_attainment = over(static_cast<double>(goal_met_), recorded_);
  s.availability = over(static_cast<double>(ok_), recorded_);
  s.accuracy_mean = over(accuracy_sum_, ok_);
  s.correct_rate = over(static_cast<double>(correct_), recorded_);
  s.offload_fraction = over(static_cast<double>(offloaded_), ok_);
  s.energy_per_request_j = over(energy_sum_, recorded_);
  s.phone_energy_j = phone_energy_j_;
  s.phones_dead = phones_dead_;
  s.edge_energy_j = edge_energy_j;
  s.cloud_energy_j = cloud_energy_j;
  for (const auto& p : pushes)
    if (p.status == "ok")
      s.model_push_bytes += p.bytes;
  s.local_hit_rate = over(static_cast<double>(local_hits_), recorded_);
  s.edge_hit_rate = over(static_cast<double>(edge_hits_), remote_);
  s.storage_used_bytes_mean = storage_used_bytes_mean;
  s.handovers = handovers;
  s.fallbacks = fallbacks_;
  s.prediction_mae_s = over(prediction_abs_error_s_, predicted_);
  s.seed = seed;
  s.sim_end_s = sim_end_s;
  s.wall_s = wall_s;
  return s;
}

template <class Row, class Rows>
void Recorder::write_file(const std::string& name, const std::vector<Column<Row>>& cols, const Rows& rows) {
  csv::Writer w(partial(name));
  w.header(header_of(cols));
  for (const auto& row : rows)
    write_row(w, cols, row);
  w.close();
}

void Recorder::commit(const Summary& s, const std::vector<model::ServerState>& servers, const std::string& run_yaml) {
  requests_->close();
  if (!phones_file_) {  // a scenario always has phones; keep the file well-formed regardless
    phones_file_ = std::make_unique<csv::Writer>(partial("phones.csv"));
    phones_file_->header(header_of(phone_columns()));
  }
  phones_file_->close();
  write_file("pushes.csv", push_columns(), pushes);
  write_file("stats.csv", stats_columns(), stats);
  std::vector<ServerRow> server_rows;
  for (const auto& sv : servers)
    server_rows.push_back({sv, s.sim_end_s});
  write_file("servers.csv", server_columns(), server_rows);
  write_file("summary.csv", summary_columns(), std::vector<Summary>{s});
  {
    const auto path = partial("run.yaml");
    std::ofstream out(path, std::ios::binary);
    out << run_yaml;
    if (!out.flush())
      throw OutputError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
  // Every file is complete: move them into place (run.yaml last, as the completion marker).
  for (const auto& p : partial_files_) {
    const std::string final_path = p.substr(0, p.size() - std::string(".partial").size());
    if (p.find("run.yaml") == std::string::npos)
      fs::rename(p, final_path);
  }
  fs::rename(fs::path(dir_) / "run.yaml.partial", fs::path(dir_) / "run.yaml");
  partial_files_.clear();
}

void Recorder::abandon() {
  requests_.reset();
  phones_file_.reset();
  for (const auto& p : partial_files_) {
    std::error_code ec;
    fs::remove(p, ec);
  }
  partial_files_.clear();
}

}  // namespace modi::output
