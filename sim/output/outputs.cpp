#include "sim/output/outputs.hpp"

#include "policies/selection.hpp"

namespace modi::output {

using W = csv::Writer;

const std::vector<Column<RequestRow>>& request_columns() {
  using R = RequestRow;
  using enum Kind;
  static const std::vector<Column<R>> cols{
      {"request_id", "", integer, "0.. in order of issue", [](W& w, const R& x) { w.cell(x.r.id); }},
      {"phone", "", text, "phone instance", [](W& w, const R& x) { w.cell(x.names.phone(x.r.phone)); }},
      {"device", "", text, "the phone's device class",
       [](W& w, const R& x) { w.cell(x.names.device[x.names.phone_device[x.r.phone]]); }},
      {"network", "", text, "the phone's connection type at issue", [](W& w, const R& x) { w.cell(x.names.network[x.r.network]); }},
      {"app", "", text, "the app that issued it",
       [](W& w, const R& x) { w.cell(x.names.app[x.names.phone_group[x.r.phone]][x.r.app]); }},
      {"issued_at_s", "s", real, "simulated time of issue", [](W& w, const R& x) { w.cell(x.r.issued_at_s); }},
      {"finished_at_s", "s", real, "simulated time of the answer (or of the failure)",
       [](W& w, const R& x) { w.cell(x.r.finished_at_s); }},
      {"site", "", text, "device, edge or cloud (empty if failed)",
       [](W& w, const R& x) { w.cell(x.ok ? policy::site_name(x.r.site) : std::string_view()); }},
      {"host", "", text, "the phone or server that answered (empty if failed)",
       [](W& w, const R& x) {
         if (!x.ok)
           w.cell("");
         else if (x.r.site == policy::Site::DEVICE)
           w.cell(x.names.phone(x.r.phone));
         else
           w.cell(x.names.server[x.r.server]);
       }},
      {"model", "", text, "the model variant that answered (empty if failed)",
       [](W& w, const R& x) { w.cell(x.ok ? std::string_view(x.names.model[x.r.model]) : std::string_view()); }},
      {"model_version", "", integer, "its version (model updates); empty if failed",
       [](W& w, const R& x) {
         if (x.ok)
           w.cell(static_cast<uint64_t>(x.r.version));
         else
           w.cell("");
       }},
      {"accuracy", "fraction", real, "the model's top-1 in [0,1] (0 if failed)", [](W& w, const R& x) { w.cell(x.accuracy); }},
      {"correct", "", flag, "1 if a seeded draw u < accuracy (a more accurate model is correct whenever a less accurate one is)",
       [](W& w, const R& x) { w.cell(x.correct); }},
      {"deadline_s", "s", real, "relative deadline", [](W& w, const R& x) { w.cell(x.r.deadline_s); }},
      {"accuracy_need", "fraction", real, "the app's minimum acceptable top-1", [](W& w, const R& x) { w.cell(x.r.accuracy_need); }},
      {"latency_s", "s", real, "finished_at_s - issued_at_s (0 if failed)", [](W& w, const R& x) { w.cell(x.latency_s); }},
      {"slo_met", "", flag, "1 if answered within the deadline", [](W& w, const R& x) { w.cell(x.slo_met); }},
      {"goal_met", "", flag, "1 if answered within the deadline by a model whose accuracy meets accuracy_need",
       [](W& w, const R& x) { w.cell(x.goal_met); }},
      {"predicted_latency_s", "s", real, "the profiler's estimate for the chosen option when the policy chose (empty: no decision)",
       [](W& w, const R& x) { w.cell(x.r.predicted_latency_s >= 0 ? std::optional<double>(x.r.predicted_latency_s) : std::nullopt); }},
      {"image_load_s", "s", real, "on the phone: image decode", [](W& w, const R& x) { w.cell(x.r.image_load_s); }},
      {"model_load_s", "s", real, "cold model load at the site that answered (0 when loaded)",
       [](W& w, const R& x) { w.cell(x.r.model_load_s); }},
      {"queue_s", "s", real, "wait for the phone's CPU or a server core (and for an on-demand download)",
       [](W& w, const R& x) { w.cell(x.r.queue_s); }},
      {"inference_s", "s", real, "inference", [](W& w, const R& x) { w.cell(x.r.inference_s); }},
      {"upload_s", "s", real, "request transfer (calibrated extra delay + SimGrid transfer)",
       [](W& w, const R& x) { w.cell(x.r.upload_s); }},
      {"download_s", "s", real, "reply transfer (calibrated extra delay + SimGrid transfer)",
       [](W& w, const R& x) { w.cell(x.r.download_s); }},
      {"energy_j", "J", real, "phone energy attributed to the request: cpu_energy_j + radio_energy_j",
       [](W& w, const R& x) { w.cell(x.energy_j); }},
      {"cpu_energy_j", "J", real, "phone CPU energy above idle for its local phases", [](W& w, const R& x) { w.cell(x.r.cpu_energy_j); }},
      {"radio_energy_j", "J", real, "phone radio energy: promotion, transfers, and the tail its last transfer started",
       [](W& w, const R& x) { w.cell(x.r.radio_energy_j); }},
      {"status", "", text, "ok or failed", [](W& w, const R& x) { w.cell(x.ok ? "ok" : "failed"); }},
      {"failure", "", text, "why it failed (empty if ok)", [](W& w, const R& x) { w.cell(reason_name(x.r.failure)); }},
      {"fallback", "", text, "why it fell back to the phone after its offload failed (network, edge_down, timeout; empty otherwise)",
       [](W& w, const R& x) { w.cell(reason_name(x.r.fallback)); }},
      {"local_hit", "", flag, "1 if an adequate model was resident on the phone at issue", [](W& w, const R& x) { w.cell(x.r.local_hit); }},
      {"edge_hit", "", flag, "1 if the phone's edge stored an adequate model at issue", [](W& w, const R& x) { w.cell(x.r.edge_hit); }},
      {"edge", "", text, "the phone's edge at issue (MODI's Edge-i)", [](W& w, const R& x) { w.cell(x.names.server[x.r.edge]); }},
  };
  return cols;
}

const std::vector<Column<Summary>>& summary_columns() {
  using S = Summary;
  using enum Kind;
  static const std::vector<Column<S>> cols{
      {"requests", "", integer, "requests issued", [](W& w, const S& s) { w.cell(s.requests); }},
      {"ok", "", integer, "answered", [](W& w, const S& s) { w.cell(s.ok); }},
      {"failed", "", integer, "failed", [](W& w, const S& s) { w.cell(s.failed); }},
      {"latency_mean_s", "s", real, "mean latency of answered requests (empty: none answered)",
       [](W& w, const S& s) { w.cell(s.latency_mean_s); }},
      {"latency_p50_s", "s", real, "median latency of answered requests", [](W& w, const S& s) { w.cell(s.latency_p50_s); }},
      {"latency_p95_s", "s", real, "95th percentile", [](W& w, const S& s) { w.cell(s.latency_p95_s); }},
      {"latency_p99_s", "s", real, "99th percentile", [](W& w, const S& s) { w.cell(s.latency_p99_s); }},
      {"slo_attainment", "fraction", real, "answered within the deadline / requests issued (failed count as missed)",
       [](W& w, const S& s) { w.cell(s.slo_attainment); }},
      {"goal_attainment", "fraction", real,
       "answered within the deadline by a model meeting the app's accuracy need (goal_met) / requests issued",
       [](W& w, const S& s) { w.cell(s.goal_attainment); }},
      {"accuracy_mean", "fraction", real, "mean top-1 of the models that answered / answered",
       [](W& w, const S& s) { w.cell(s.accuracy_mean); }},
      {"correct_rate", "fraction", real, "correct / requests issued", [](W& w, const S& s) { w.cell(s.correct_rate); }},
      {"offload_fraction", "fraction", real, "answered remotely / answered", [](W& w, const S& s) { w.cell(s.offload_fraction); }},
      {"energy_per_request_j", "J", real, "CPU and radio energy attributed to requests / requests issued",
       [](W& w, const S& s) { w.cell(s.energy_per_request_j); }},
      {"phone_energy_j", "J", real, "everything the phones drew, idle included", [](W& w, const S& s) { w.cell(s.phone_energy_j); }},
      {"edge_energy_j", "J", real, "edge servers (SimGrid's host energy plugin)", [](W& w, const S& s) { w.cell(s.edge_energy_j); }},
      {"cloud_energy_j", "J", real, "the cloud (SimGrid's host energy plugin)", [](W& w, const S& s) { w.cell(s.cloud_energy_j); }},
      {"phones_dead", "", integer, "phones whose battery ran out", [](W& w, const S& s) { w.cell(s.phones_dead); }},
      {"model_push_bytes", "bytes", real, "bytes of models pushed (completed pushes)", [](W& w, const S& s) { w.cell(s.model_push_bytes); }},
      {"local_hit_rate", "fraction", real,
       "requests issued with an adequate model resident on the phone (wherever they ran) / requests issued",
       [](W& w, const S& s) { w.cell(s.local_hit_rate); }},
      {"edge_hit_rate", "fraction", real,
       "requests sent to a server whose phone's edge stored an adequate model at issue / requests sent to a server "
       "(empty: none sent)",
       [](W& w, const S& s) { w.cell(s.edge_hit_rate); }},
      {"storage_used_bytes_mean", "bytes", real, "model storage used per phone, time-averaged",
       [](W& w, const S& s) { w.cell(s.storage_used_bytes_mean); }},
      {"handovers", "", integer, "phone moves between cells", [](W& w, const S& s) { w.cell(s.handovers); }},
      {"availability", "fraction", real, "answered at all (any site, in time or late) / requests issued",
       [](W& w, const S& s) { w.cell(s.availability); }},
      {"fallbacks", "", integer, "requests answered on the phone after their offload failed", [](W& w, const S& s) { w.cell(s.fallbacks); }},
      {"prediction_mae_s", "s", real, "mean |predicted_latency_s - latency_s| over answered requests (profiler error; empty: none)",
       [](W& w, const S& s) { w.cell(s.prediction_mae_s); }},
      {"seed", "", integer, "the run's seed", [](W& w, const S& s) { w.cell(s.seed); }},
      {"sim_end_s", "s", real, "simulated time when the run ended", [](W& w, const S& s) { w.cell(s.sim_end_s); }},
      {"wall_s", "s", real, "host time of the run (not a result: varies between runs)", [](W& w, const S& s) { w.cell(s.wall_s); }},
  };
  return cols;
}

const std::vector<Column<PhoneReport>>& phone_columns() {
  using P = PhoneReport;
  using enum Kind;
  static const std::vector<Column<P>> cols{
      {"phone", "", text, "phone instance", [](W& w, const P& p) { w.cell(p.name); }},
      {"device", "", text, "device class", [](W& w, const P& p) { w.cell(p.device); }},
      {"network", "", text, "connection type at the end of the run", [](W& w, const P& p) { w.cell(p.network); }},
      {"cpu_energy_j", "J", real, "CPU phases above idle", [](W& w, const P& p) { w.cell(p.cpu_j); }},
      {"radio_energy_j", "J", real, "radio promotion, transfer and tail energy", [](W& w, const P& p) { w.cell(p.radio_j); }},
      {"idle_energy_j", "J", real, "device idle (+ screen) and radio idle power over the horizon",
       [](W& w, const P& p) { w.cell(p.idle_j); }},
      {"unattributed_energy_j", "J", real, "radio energy no request owns (pushes, tails of requests already ended)",
       [](W& w, const P& p) { w.cell(p.unattributed_j); }},
      {"total_energy_j", "J", real, "cpu + radio + idle", [](W& w, const P& p) { w.cell(p.total_j); }},
      {"battery_start_j", "J", real, "battery energy at start", [](W& w, const P& p) { w.cell(p.battery_start_j); }},
      {"battery_end_j", "J", real, "battery energy at the end (never below 0)", [](W& w, const P& p) { w.cell(p.battery_end_j); }},
      {"died_at_s", "s", real, "when the battery ran out (empty while alive)",
       [](W& w, const P& p) {
         if (p.died_at_s >= 0)
           w.cell(p.died_at_s);
         else
           w.cell("");
       }},
      {"horizon_s", "s", real, "the phone is accounted until the run ends, its battery dies, or its radio's last tail ends",
       [](W& w, const P& p) { w.cell(p.horizon_s); }},
  };
  return cols;
}

const std::vector<Column<ServerRow>>& server_columns() {
  using S = ServerRow;
  using enum Kind;
  static const std::vector<Column<S>> cols{
      {"server", "", text, "server instance", [](W& w, const S& s) { w.cell(s.server.name); }},
      {"site", "", text, "edge or cloud", [](W& w, const S& s) { w.cell(policy::site_name(s.server.site)); }},
      {"cores", "", integer, "cores (requests beyond wait in a FIFO queue)",
       [](W& w, const S& s) { w.cell(static_cast<uint64_t>(s.server.cores)); }},
      {"requests", "", integer, "offloaded requests it received", [](W& w, const S& s) { w.cell(s.server.requests_seen); }},
      {"queue_mean_s", "s", real, "mean wait for a core",
       [](W& w, const S& s) {
         const double n = static_cast<double>(s.server.requests_seen);
         w.cell(s.server.requests_seen ? s.server.queue_sum_s / n : 0.0);
       }},
      {"busy_core_s", "s", real, "core-seconds of model loading and inference", [](W& w, const S& s) { w.cell(s.server.busy_time_s); }},
      {"utilization", "fraction", real, "busy_core_s / (sim_end_s x cores)",
       [](W& w, const S& s) { w.cell(s.sim_end_s > 0 ? s.server.busy_time_s / (s.sim_end_s * s.server.cores) : 0.0); }},
  };
  return cols;
}

const std::vector<Column<PushRow>>& push_columns() {
  using P = PushRow;
  using enum Kind;
  static const std::vector<Column<P>> cols{
      {"issued_at_s", "s", real, "when the push (or eviction) started", [](W& w, const P& p) { w.cell(p.issued_at_s); }},
      {"finished_at_s", "s", real, "when it ended (-1: still moving at the end)", [](W& w, const P& p) { w.cell(p.finished_at_s); }},
      {"source", "", text, "the cloud or the edge it came from (empty for an eviction)", [](W& w, const P& p) { w.cell(p.source); }},
      {"target", "", text, "the phone or edge it went to", [](W& w, const P& p) { w.cell(p.target); }},
      {"model", "", text, "model", [](W& w, const P& p) { w.cell(p.model); }},
      {"version", "", integer, "version pushed (0 for an eviction)", [](W& w, const P& p) { w.cell(static_cast<uint64_t>(p.version)); }},
      {"bytes", "bytes", real, "model size", [](W& w, const P& p) { w.cell(p.bytes); }},
      {"status", "", text, "ok, evicted, in_flight (still moving when the run ended) or failed_<reason>",
       [](W& w, const P& p) { w.cell(p.status); }},
      {"phone_radio_energy_j", "J", real, "the target phone's radio energy for the transfer",
       [](W& w, const P& p) { w.cell(p.phone_radio_energy_j); }},
  };
  return cols;
}

const std::vector<Column<StatsRow>>& stats_columns() {
  using S = StatsRow;
  using enum Kind;
  static const std::vector<Column<S>> cols{
      {"period_start_s", "s", real, "start of the stats period", [](W& w, const S& s) { w.cell(s.period_start_s); }},
      {"period_end_s", "s", real, "end of the stats period", [](W& w, const S& s) { w.cell(s.period_end_s); }},
      {"received_at_s", "s", real, "when the report reached the cloud", [](W& w, const S& s) { w.cell(s.received_at_s); }},
      {"edge", "", text, "the edge that reported", [](W& w, const S& s) { w.cell(s.edge); }},
      {"app", "", text, "<phone group>/<app>", [](W& w, const S& s) { w.cell(s.app); }},
      {"task", "", text, "the app's task", [](W& w, const S& s) { w.cell(s.task); }},
      {"requests", "", integer, "requests issued in the period", [](W& w, const S& s) { w.cell(s.requests); }},
      {"offloaded", "", integer, "of which offloaded", [](W& w, const S& s) { w.cell(s.offloaded); }},
      {"local_hits", "", integer, "of which found an adequate model resident", [](W& w, const S& s) { w.cell(s.local_hits); }},
      {"edge_hits", "", integer, "of which found an adequate model at the edge", [](W& w, const S& s) { w.cell(s.edge_hits); }},
      {"accuracy_need_mean", "fraction", real, "mean accuracy needed",
       [](W& w, const S& s) { w.cell(s.requests > 0 ? s.accuracy_need_sum / s.requests : 0.0); }},
      {"accuracy_delivered_mean", "fraction", real, "mean accuracy of the models chosen",
       [](W& w, const S& s) { w.cell(s.requests > 0 ? s.accuracy_delivered_sum / s.requests : 0.0); }},
      {"completed", "", integer, "requests answered in the period", [](W& w, const S& s) { w.cell(s.completed); }},
      {"latency_mean_s", "s", real, "their mean latency",
       [](W& w, const S& s) { w.cell(s.completed > 0 ? s.latency_sum_s / s.completed : 0.0); }},
  };
  return cols;
}

std::vector<FileDoc> output_docs() {
  return {
      document("requests.csv", "one row per request issued, in completion order", request_columns()),
      document("summary.csv", "one row: the run's totals", summary_columns()),
      document("phones.csv", "one row per phone: energy over the run (total = cpu + radio + idle = the sum of its "
                             "requests' energy_j + idle + unattributed)",
               phone_columns()),
      document("servers.csv", "one row per edge server and the cloud: the decision engines' raw statistics",
               server_columns()),
      document("pushes.csv", "one row per model push or eviction", push_columns()),
      document("stats.csv", "one row per edge, app and stats period as received by the central manager",
               stats_columns()),
  };
}

}  // namespace modi::output
