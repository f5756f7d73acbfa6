#include "sim/output/outputs.hpp"

#include "policies/selection.hpp"

namespace modi::output {

using W = csv::Writer;

const std::vector<Column<RequestRow>>& request_columns() {
  using R = RequestRow;
  static const std::vector<Column<R>> cols{
      {"request_id", "", "0.. in order of issue", [](W& w, const R& x) { w.cell(x.r.id); }},
      {"phone", "", "phone instance", [](W& w, const R& x) { w.cell(x.names.phone(x.r.phone)); }},
      {"device", "", "the phone's device class",
       [](W& w, const R& x) { w.cell(x.names.device[x.names.phone_device[x.r.phone]]); }},
      {"network", "", "the phone's connection type at issue", [](W& w, const R& x) { w.cell(x.names.network[x.r.network]); }},
      {"app", "", "the app that issued it",
       [](W& w, const R& x) { w.cell(x.names.app[x.names.phone_group[x.r.phone]][x.r.app]); }},
      {"issued_at_s", "s", "simulated time of issue", [](W& w, const R& x) { w.cell(x.r.issued_at_s); }},
      {"finished_at_s", "s", "simulated time of the answer (or of the failure)",
       [](W& w, const R& x) { w.cell(x.r.finished_at_s); }},
      {"site", "", "device, edge or cloud (empty if failed)",
       [](W& w, const R& x) { w.cell(x.ok ? policy::site_name(x.r.site) : std::string_view()); }},
      {"host", "", "the phone or server that answered (empty if failed)",
       [](W& w, const R& x) {
         if (!x.ok)
           w.cell("");
         else if (x.r.site == policy::Site::DEVICE)
           w.cell(x.names.phone(x.r.phone));
         else
           w.cell(x.names.server[x.r.server]);
       }},
      {"model", "", "the model variant that answered (empty if failed)",
       [](W& w, const R& x) { w.cell(x.ok ? std::string_view(x.names.model[x.r.model]) : std::string_view()); }},
      {"model_version", "", "its version (model updates); empty if failed",
       [](W& w, const R& x) {
         if (x.ok)
           w.cell(static_cast<uint64_t>(x.r.version));
         else
           w.cell("");
       }},
      {"accuracy", "fraction", "the model's top-1 in [0,1] (0 if failed)", [](W& w, const R& x) { w.cell(x.accuracy); }},
      {"correct", "", "1 if a seeded draw u < accuracy (a more accurate model is correct whenever a less accurate one is)",
       [](W& w, const R& x) { w.cell(x.correct); }},
      {"deadline_s", "s", "relative deadline", [](W& w, const R& x) { w.cell(x.r.deadline_s); }},
      {"accuracy_need", "fraction", "the app's minimum acceptable top-1", [](W& w, const R& x) { w.cell(x.r.accuracy_need); }},
      {"latency_s", "s", "finished_at_s - issued_at_s (0 if failed)", [](W& w, const R& x) { w.cell(x.latency_s); }},
      {"slo_met", "", "1 if answered within the deadline", [](W& w, const R& x) { w.cell(x.slo_met); }},
      {"goal_met", "", "1 if answered within the deadline by a model whose accuracy meets accuracy_need",
       [](W& w, const R& x) { w.cell(x.goal_met); }},
      {"predicted_latency_s", "s", "the profiler's estimate for the chosen option when the policy chose (empty: no decision)",
       [](W& w, const R& x) { w.cell(x.r.predicted_latency_s >= 0 ? std::optional<double>(x.r.predicted_latency_s) : std::nullopt); }},
      {"image_load_s", "s", "on the phone: image decode", [](W& w, const R& x) { w.cell(x.r.image_load_s); }},
      {"model_load_s", "s", "cold model load at the site that answered (0 when loaded)",
       [](W& w, const R& x) { w.cell(x.r.model_load_s); }},
      {"queue_s", "s", "wait for the phone's CPU or a server core (and for an on-demand download)",
       [](W& w, const R& x) { w.cell(x.r.queue_s); }},
      {"inference_s", "s", "inference", [](W& w, const R& x) { w.cell(x.r.inference_s); }},
      {"upload_s", "s", "request transfer (calibrated extra delay + SimGrid transfer)",
       [](W& w, const R& x) { w.cell(x.r.upload_s); }},
      {"download_s", "s", "reply transfer (calibrated extra delay + SimGrid transfer)",
       [](W& w, const R& x) { w.cell(x.r.download_s); }},
      {"energy_j", "J", "phone energy attributed to the request: cpu_energy_j + radio_energy_j",
       [](W& w, const R& x) { w.cell(x.energy_j); }},
      {"cpu_energy_j", "J", "phone CPU energy above idle for its local phases", [](W& w, const R& x) { w.cell(x.r.cpu_energy_j); }},
      {"radio_energy_j", "J", "phone radio energy: promotion, transfers, and the tail its last transfer started",
       [](W& w, const R& x) { w.cell(x.r.radio_energy_j); }},
      {"status", "", "ok or failed", [](W& w, const R& x) { w.cell(x.ok ? "ok" : "failed"); }},
      {"failure", "", "why it failed (empty if ok)", [](W& w, const R& x) { w.cell(reason_name(x.r.failure)); }},
      {"fallback", "", "why it fell back to the phone after its offload failed (network, edge_down, timeout; empty otherwise)",
       [](W& w, const R& x) { w.cell(reason_name(x.r.fallback)); }},
      {"local_hit", "", "1 if an adequate model was resident on the phone at issue", [](W& w, const R& x) { w.cell(x.r.local_hit); }},
      {"edge_hit", "", "1 if the phone's edge stored an adequate model at issue", [](W& w, const R& x) { w.cell(x.r.edge_hit); }},
      {"edge", "", "the phone's edge at issue (MODI's Edge-i)", [](W& w, const R& x) { w.cell(x.names.server[x.r.edge]); }},
  };
  return cols;
}

const std::vector<Column<Summary>>& summary_columns() {
  using S = Summary;
  static const std::vector<Column<S>> cols{
      {"requests", "", "requests issued", [](W& w, const S& s) { w.cell(s.requests); }},
      {"ok", "", "answered", [](W& w, const S& s) { w.cell(s.ok); }},
      {"failed", "", "failed", [](W& w, const S& s) { w.cell(s.failed); }},
      {"latency_mean_s", "s", "mean latency of answered requests (empty: none answered)",
       [](W& w, const S& s) { w.cell(s.latency_mean_s); }},
      {"latency_p50_s", "s", "median latency of answered requests", [](W& w, const S& s) { w.cell(s.latency_p50_s); }},
      {"latency_p95_s", "s", "95th percentile", [](W& w, const S& s) { w.cell(s.latency_p95_s); }},
      {"latency_p99_s", "s", "99th percentile", [](W& w, const S& s) { w.cell(s.latency_p99_s); }},
      {"slo_attainment", "fraction", "answered within the deadline / requests issued (failed count as missed)",
       [](W& w, const S& s) { w.cell(s.slo_attainment); }},
      {"goal_attainment", "fraction",
       "answered within the deadline by a model meeting the app's accuracy need (goal_met) / requests issued",
       [](W& w, const S& s) { w.cell(s.goal_attainment); }},
      {"accuracy_mean", "fraction", "mean top-1 of the models that answered / answered",
       [](W& w, const S& s) { w.cell(s.accuracy_mean); }},
      {"correct_rate", "fraction", "correct / requests issued", [](W& w, const S& s) { w.cell(s.correct_rate); }},
      {"offload_fraction", "fraction", "answered remotely / answered", [](W& w, const S& s) { w.cell(s.offload_fraction); }},
      {"energy_per_request_j", "J", "CPU and radio energy attributed to requests / requests issued",
       [](W& w, const S& s) { w.cell(s.energy_per_request_j); }},
      {"phone_energy_j", "J", "everything the phones drew, idle included", [](W& w, const S& s) { w.cell(s.phone_energy_j); }},
      {"edge_energy_j", "J", "edge servers (SimGrid's host energy plugin)", [](W& w, const S& s) { w.cell(s.edge_energy_j); }},
      {"cloud_energy_j", "J", "the cloud (SimGrid's host energy plugin)", [](W& w, const S& s) { w.cell(s.cloud_energy_j); }},
      {"phones_dead", "", "phones whose battery ran out", [](W& w, const S& s) { w.cell(s.phones_dead); }},
      {"model_push_bytes", "bytes", "bytes of models pushed (completed pushes)", [](W& w, const S& s) { w.cell(s.model_push_bytes); }},
      {"local_hit_rate", "fraction",
       "requests issued with an adequate model resident on the phone (wherever they ran) / requests issued",
       [](W& w, const S& s) { w.cell(s.local_hit_rate); }},
      {"edge_hit_rate", "fraction",
       "requests sent to a server whose phone's edge stored an adequate model at issue / requests sent to a server "
       "(empty: none sent)",
       [](W& w, const S& s) { w.cell(s.edge_hit_rate); }},
      {"storage_used_bytes_mean", "bytes", "model storage used per phone, time-averaged",
       [](W& w, const S& s) { w.cell(s.storage_used_bytes_mean); }},
      {"handovers", "", "phone moves between cells", [](W& w, const S& s) { w.cell(s.handovers); }},
      {"availability", "fraction", "answered at all (any site, in time or late) / requests issued",
       [](W& w, const S& s) { w.cell(s.availability); }},
      {"fallbacks", "", "requests answered on the phone after their offload failed", [](W& w, const S& s) { w.cell(s.fallbacks); }},
      {"prediction_mae_s", "s", "mean |predicted_latency_s - latency_s| over answered requests (profiler error; empty: none)",
       [](W& w, const S& s) { w.cell(s.prediction_mae_s); }},
      {"seed", "", "the run's seed", [](W& w, const S& s) { w.cell(s.seed); }},
      {"sim_end_s", "s", "simulated time when the run ended", [](W& w, const S& s) { w.cell(s.sim_end_s); }},
      {"wall_s", "s", "host time of the run (not a result: varies between runs)", [](W& w, const S& s) { w.cell(s.wall_s); }},
  };
  return cols;
}

const std::vector<Column<PhoneReport>>& phone_columns() {
  using P = PhoneReport;
  static const std::vector<Column<P>> cols{
      {"phone", "", "phone instance", [](W& w, const P& p) { w.cell(p.name); }},
      {"device", "", "device class", [](W& w, const P& p) { w.cell(p.device); }},
      {"network", "", "connection type at the end of the run", [](W& w, const P& p) { w.cell(p.network); }},
      {"cpu_energy_j", "J", "CPU phases above idle", [](W& w, const P& p) { w.cell(p.cpu_j); }},
      {"radio_energy_j", "J", "radio promotion, transfer and tail energy", [](W& w, const P& p) { w.cell(p.radio_j); }},
      {"idle_energy_j", "J", "device idle (+ screen) and radio idle power over the horizon", [](W& w, const P& p) { w.cell(p.idle_j); }},
      {"unattributed_energy_j", "J", "radio energy no request owns (pushes, tails of requests already ended)",
       [](W& w, const P& p) { w.cell(p.unattributed_j); }},
      {"total_energy_j", "J", "cpu + radio + idle", [](W& w, const P& p) { w.cell(p.total_j); }},
      {"battery_start_j", "J", "battery energy at start", [](W& w, const P& p) { w.cell(p.battery_start_j); }},
      {"battery_end_j", "J", "battery energy at the end (never below 0)", [](W& w, const P& p) { w.cell(p.battery_end_j); }},
      {"died_at_s", "s", "when the battery ran out (empty while alive)",
       [](W& w, const P& p) {
         if (p.died_at_s >= 0)
           w.cell(p.died_at_s);
         else
           w.cell("");
       }},
      {"horizon_s", "s", "the phone is accounted until the run ends, its battery dies, or its radio's last tail ends",
       [](W& w, const P& p) { w.cell(p.horizon_s); }},
  };
  return cols;
}

const std::vector<Column<ServerRow>>& server_columns() {
  using S = ServerRow;
  static const std::vector<Column<S>> cols{
      {"server", "", "server instance", [](W& w, const S& s) { w.cell(s.server.name); }},
      {"site", "", "edge or cloud", [](W& w, const S& s) { w.cell(policy::site_name(s.server.site)); }},
      {"cores", "", "cores (requests beyond wait in a FIFO queue)", [](W& w, const S& s) { w.cell(static_cast<uint64_t>(s.server.cores)); }},
      {"requests", "", "offloaded requests it received", [](W& w, const S& s) { w.cell(s.server.requests_seen); }},
      {"queue_mean_s", "s", "mean wait for a core",
       [](W& w, const S& s) {
         const double n = static_cast<double>(s.server.requests_seen);
         w.cell(s.server.requests_seen ? s.server.queue_sum_s / n : 0.0);
       }},
      {"busy_core_s", "s", "core-seconds of model loading and inference", [](W& w, const S& s) { w.cell(s.server.busy_time_s); }},
      {"utilization", "fraction", "busy_core_s / (sim_end_s x cores)",
       [](W& w, const S& s) { w.cell(s.sim_end_s > 0 ? s.server.busy_time_s / (s.sim_end_s * s.server.cores) : 0.0); }},
  };
  return cols;
}

const std::vector<Column<PushRow>>& push_columns() {
  using P = PushRow;
  static const std::vector<Column<P>> cols{
      {"issued_at_s", "s", "when the push (or eviction) started", [](W& w, const P& p) { w.cell(p.issued_at_s); }},
      {"finished_at_s", "s", "when it ended (-1: still moving at the end)", [](W& w, const P& p) { w.cell(p.finished_at_s); }},
      {"source", "", "the cloud or the edge it came from (empty for an eviction)", [](W& w, const P& p) { w.cell(p.source); }},
      {"target", "", "the phone or edge it went to", [](W& w, const P& p) { w.cell(p.target); }},
      {"model", "", "model", [](W& w, const P& p) { w.cell(p.model); }},
      {"version", "", "version pushed (0 for an eviction)", [](W& w, const P& p) { w.cell(static_cast<uint64_t>(p.version)); }},
      {"bytes", "bytes", "model size", [](W& w, const P& p) { w.cell(p.bytes); }},
      {"status", "", "ok, evicted, in_flight (still moving when the run ended) or failed_<reason>",
       [](W& w, const P& p) { w.cell(p.status); }},
      {"phone_radio_energy_j", "J", "the target phone's radio energy for the transfer",
       [](W& w, const P& p) { w.cell(p.phone_radio_energy_j); }},
  };
  return cols;
}

const std::vector<Column<StatsRow>>& stats_columns() {
  using S = StatsRow;
  static const std::vector<Column<S>> cols{
      {"period_start_s", "s", "start of the stats period", [](W& w, const S& s) { w.cell(s.period_start_s); }},
      {"period_end_s", "s", "end of the stats period", [](W& w, const S& s) { w.cell(s.period_end_s); }},
      {"received_at_s", "s", "when the report reached the cloud", [](W& w, const S& s) { w.cell(s.received_at_s); }},
      {"edge", "", "the edge that reported", [](W& w, const S& s) { w.cell(s.edge); }},
      {"app", "", "<phone group>/<app>", [](W& w, const S& s) { w.cell(s.app); }},
      {"task", "", "the app's task", [](W& w, const S& s) { w.cell(s.task); }},
      {"requests", "", "requests issued in the period", [](W& w, const S& s) { w.cell(s.requests); }},
      {"offloaded", "", "of which offloaded", [](W& w, const S& s) { w.cell(s.offloaded); }},
      {"local_hits", "", "of which found an adequate model resident", [](W& w, const S& s) { w.cell(s.local_hits); }},
      {"edge_hits", "", "of which found an adequate model at the edge", [](W& w, const S& s) { w.cell(s.edge_hits); }},
      {"accuracy_need_mean", "fraction", "mean accuracy needed",
       [](W& w, const S& s) { w.cell(s.requests > 0 ? s.accuracy_need_sum / s.requests : 0.0); }},
      {"accuracy_delivered_mean", "fraction", "mean accuracy of the models chosen",
       [](W& w, const S& s) { w.cell(s.requests > 0 ? s.accuracy_delivered_sum / s.requests : 0.0); }},
      {"completed", "", "requests answered in the period", [](W& w, const S& s) { w.cell(s.completed); }},
      {"latency_mean_s", "s", "their mean latency",
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
