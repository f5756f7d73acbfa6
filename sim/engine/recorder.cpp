#include "sim/engine/recorder.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/core/stats.hpp"

namespace fs = std::filesystem;

namespace modi::engine {

const std::vector<std::string>& Recorder::request_columns() {
  static const std::vector<std::string> cols{
      "request_id", "phone",     "device",       "network",      "app",         "issued_at_s",
      "finished_at_s", "site",   "host",         "model",        "model_version", "accuracy",    "correct",
      "deadline_s", "latency_s", "slo_met",      "image_load_s", "model_load_s", "queue_s",
      "inference_s", "upload_s", "download_s",   "energy_j",     "cpu_energy_j", "radio_energy_j",
      "status",     "failure", "fallback", "local_hit", "edge_hit", "edge"};
  return cols;
}

const std::vector<std::string>& Recorder::summary_columns() {
  static const std::vector<std::string> cols{
      "requests",       "ok",           "failed",         "latency_mean_s", "latency_p50_s", "latency_p95_s",
      "latency_p99_s",  "slo_attainment", "accuracy_mean", "correct_rate",   "offload_fraction",
      "energy_per_request_j", "phone_energy_j", "edge_energy_j", "cloud_energy_j", "phones_dead",
      "model_push_bytes", "local_hit_rate", "edge_hit_rate", "storage_used_bytes_mean", "handovers",
      "availability", "fallbacks",
      "seed", "sim_end_s", "wall_s"};
  return cols;
}

Recorder::Recorder(std::string dir, std::vector<std::string> phone_names, std::vector<std::string> device_names,
                   std::vector<std::string> network_names, std::vector<std::vector<std::string>> app_names_by_group,
                   std::vector<uint32_t> phone_group, std::vector<std::string> model_names,
                   std::vector<std::string> server_names)
    : dir_(std::move(dir)),
      phone_names_(std::move(phone_names)),
      device_names_(std::move(device_names)),
      network_names_(std::move(network_names)),
      app_names_(std::move(app_names_by_group)),
      phone_group_(std::move(phone_group)),
      model_names_(std::move(model_names)),
      server_names_(std::move(server_names)) {
  const auto path = (fs::path(dir_) / "requests.csv.partial").string();
  partial_files_.push_back(path);
  requests_ = std::make_unique<csv::Writer>(path);
  requests_->header(request_columns());
}

void Recorder::record(const Request& r, double correct_u) {
  ++recorded_;
  const bool ok = !r.failed;
  const double latency = ok ? r.finished_at_s - r.issued_at_s : 0.0;
  const bool has_model = ok && r.model != NONE;
  const double accuracy = has_model ? r.accuracy : 0.0;
  local_hits_ += r.local_hit;
  fallbacks_ += !r.fallback.empty();
  edge_hits_ += r.edge_hit;
  const bool correct = has_model && correct_u < accuracy;
  const bool slo = ok && latency <= r.deadline_s;
  const double energy = r.cpu_energy_j + r.radio_energy_j;
  if (ok) {
    ++ok_;
    latencies_.push_back(latency);
    accuracy_sum_ += accuracy;
    correct_ += correct;
    slo_met_ += slo;
    offloaded_ += r.site != policy::Site::DEVICE;
  }
  energy_sum_ += energy;

  auto& w = *requests_;
  const auto& phone = phone_names_[r.phone];
  w.cell(r.id).cell(phone).cell(device_names_[r.phone]).cell(network_names_[r.network]);
  w.cell(app_names_[phone_group_[r.phone]][r.app]);
  w.cell(r.issued_at_s).cell(r.finished_at_s);
  if (ok) {
    w.cell(policy::site_name(r.site));
    w.cell(r.site == policy::Site::DEVICE ? std::string_view(phone) : std::string_view(server_names_[r.server]));
    w.cell(model_names_[r.model]).cell(static_cast<uint64_t>(r.version));
  } else {
    w.cell("").cell("").cell("").cell("");
  }
  w.cell(accuracy).cell(correct).cell(r.deadline_s).cell(latency).cell(slo);
  w.cell(r.image_load_s).cell(r.model_load_s).cell(r.queue_s).cell(r.inference_s).cell(r.upload_s).cell(r.download_s);
  w.cell(energy).cell(r.cpu_energy_j).cell(r.radio_energy_j);
  w.cell(ok ? "ok" : "failed").cell(r.failure).cell(r.fallback);
  w.cell(r.local_hit).cell(r.edge_hit).cell(server_names_[r.edge]);
  w.end_row();
}

Summary Recorder::summarize(uint64_t seed, double sim_end_s, double wall_s, std::vector<PhoneReport> phones) {
  phones_ = std::move(phones);
  Summary s;
  s.requests = recorded_;
  s.ok = ok_;
  s.failed = recorded_ - ok_;
  s.latency_mean_s = stats::mean(latencies_);
  const auto q = stats::quantiles(latencies_, {0.5, 0.95, 0.99});
  s.latency_p50_s = q[0];
  s.latency_p95_s = q[1];
  s.latency_p99_s = q[2];
  const double n = static_cast<double>(recorded_);
  const double nok = static_cast<double>(ok_);
  // SLO attainment counts failed requests as misses; accuracy and offload are over answered ones.
  s.slo_attainment = recorded_ ? static_cast<double>(slo_met_) / n : 0.0;
  s.accuracy_mean = ok_ ? accuracy_sum_ / nok : 0.0;
  s.correct_rate = recorded_ ? static_cast<double>(correct_) / n : 0.0;
  s.offload_fraction = ok_ ? static_cast<double>(offloaded_) / nok : 0.0;
  // energy_per_request_j: energy attributed to requests (CPU + radio); phone_energy_j: everything
  // the phones drew, idle included.
  s.energy_per_request_j = recorded_ ? energy_sum_ / n : 0.0;
  for (const auto& p : phones_) {
    s.phone_energy_j += p.total_j;
    s.phones_dead += p.died_at_s >= 0;
  }
  s.edge_energy_j = edge_energy_j;
  s.cloud_energy_j = cloud_energy_j;
  for (const auto& p : pushes)
    if (p.status == "ok")
      s.model_push_bytes += p.bytes;
  s.local_hit_rate = recorded_ ? static_cast<double>(local_hits_) / n : 0.0;
  s.edge_hit_rate = recorded_ ? static_cast<double>(edge_hits_) / n : 0.0;
  s.storage_used_bytes_mean = storage_used_bytes_mean;
  s.handovers = handovers;
  // availability: requests answered by their deadline, over all requests issued
  s.availability = s.slo_attainment;
  s.fallbacks = fallbacks_;
  s.seed = seed;
  s.sim_end_s = sim_end_s;
  s.wall_s = wall_s;
  return s;
}

void Recorder::commit(const Summary& s, const std::vector<Server>& servers, const std::string& run_yaml) {
  requests_->close();
  {
    const auto path = (fs::path(dir_) / "phones.csv.partial").string();
    partial_files_.push_back(path);
    csv::Writer w(path);
    w.header({"phone", "device", "network", "cpu_energy_j", "radio_energy_j", "idle_energy_j", "unattributed_energy_j",
              "total_energy_j", "battery_start_j", "battery_end_j", "died_at_s", "horizon_s"});
    for (const auto& p : phones_) {
      w.cell(p.name).cell(p.device).cell(p.network).cell(p.cpu_j).cell(p.radio_j).cell(p.idle_j).cell(p.unattributed_j);
      w.cell(p.total_j).cell(p.battery_start_j).cell(p.battery_end_j);
      if (p.died_at_s >= 0)
        w.cell(p.died_at_s);
      else
        w.cell("");
      w.cell(p.horizon_s);
      w.end_row();
    }
    w.close();
  }
  {
    const auto path = (fs::path(dir_) / "pushes.csv.partial").string();
    partial_files_.push_back(path);
    csv::Writer w(path);
    w.header({"issued_at_s", "finished_at_s", "source", "target", "model", "version", "bytes", "status",
              "phone_radio_energy_j"});
    for (const auto& p : pushes) {
      w.cell(p.issued_at_s).cell(p.finished_at_s).cell(p.source).cell(p.target).cell(p.model);
      w.cell(static_cast<uint64_t>(p.version)).cell(p.bytes).cell(p.status).cell(p.phone_radio_energy_j);
      w.end_row();
    }
    w.close();
  }
  {
    const auto path = (fs::path(dir_) / "stats.csv.partial").string();
    partial_files_.push_back(path);
    csv::Writer w(path);
    w.header({"period_start_s", "period_end_s", "received_at_s", "edge", "app", "task", "requests", "offloaded",
              "local_hits", "edge_hits", "accuracy_need_mean", "accuracy_delivered_mean", "completed",
              "latency_mean_s"});
    for (const auto& r : stats) {
      w.cell(r.period_start_s).cell(r.period_end_s).cell(r.received_at_s).cell(r.edge).cell(r.app).cell(r.task);
      w.cell(r.requests).cell(r.offloaded).cell(r.local_hits).cell(r.edge_hits);
      w.cell(r.requests > 0 ? r.accuracy_need_sum / r.requests : 0.0);
      w.cell(r.requests > 0 ? r.accuracy_delivered_sum / r.requests : 0.0);
      w.cell(r.completed).cell(r.completed > 0 ? r.latency_sum_s / r.completed : 0.0);
      w.end_row();
    }
    w.close();
  }
  {
    // The decision engines' raw statistics: what each server saw.
    const auto path = (fs::path(dir_) / "servers.csv.partial").string();
    partial_files_.push_back(path);
    csv::Writer w(path);
    w.header({"server", "site", "cores", "requests", "queue_mean_s", "busy_core_s", "utilization"});
    for (const auto& sv : servers) {
      const double n = static_cast<double>(sv.requests_seen);
      w.cell(sv.name).cell(policy::site_name(sv.site)).cell(static_cast<uint64_t>(sv.cores)).cell(sv.requests_seen);
      w.cell(sv.requests_seen ? sv.queue_sum_s / n : 0.0).cell(sv.busy_time_s);
      w.cell(s.sim_end_s > 0 ? sv.busy_time_s / (s.sim_end_s * sv.cores) : 0.0);
      w.end_row();
    }
    w.close();
  }
  {
    const auto path = (fs::path(dir_) / "summary.csv.partial").string();
    partial_files_.push_back(path);
    csv::Writer w(path);
    w.header(summary_columns());
    w.cell(s.requests).cell(s.ok).cell(s.failed);
    w.cell(s.latency_mean_s).cell(s.latency_p50_s).cell(s.latency_p95_s).cell(s.latency_p99_s);
    w.cell(s.slo_attainment).cell(s.accuracy_mean).cell(s.correct_rate).cell(s.offload_fraction);
    w.cell(s.energy_per_request_j).cell(s.phone_energy_j).cell(s.edge_energy_j).cell(s.cloud_energy_j);
    w.cell(s.phones_dead).cell(s.model_push_bytes).cell(s.local_hit_rate).cell(s.edge_hit_rate);
    w.cell(s.storage_used_bytes_mean).cell(s.handovers).cell(s.availability).cell(s.fallbacks);
    w.cell(s.seed).cell(s.sim_end_s).cell(s.wall_s);
    w.end_row();
    w.close();
  }
  {
    const auto path = (fs::path(dir_) / "run.yaml.partial").string();
    partial_files_.push_back(path);
    std::ofstream out(path, std::ios::binary);
    out << run_yaml;
    if (!out.flush())
      throw std::runtime_error("cannot write " + path);
  }
  // Every file is complete: move them into place (run.yaml last, as the completion marker).
  for (const auto& p : partial_files_) {
    const std::string final_path = p.substr(0, p.size() - std::string(".partial").size());
    if (p.find("run.yaml") == std::string::npos)
      fs::rename(p, final_path);
  }
  fs::rename((fs::path(dir_) / "run.yaml.partial"), (fs::path(dir_) / "run.yaml"));
  partial_files_.clear();
}

void Recorder::abandon() {
  requests_.reset();
  for (const auto& p : partial_files_) {
    std::error_code ec;
    fs::remove(p, ec);
  }
  partial_files_.clear();
}

}  // namespace modi::engine
