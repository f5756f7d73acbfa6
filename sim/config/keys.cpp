#include "sim/config/keys.hpp"

namespace modi::config::keys {
namespace {

using Kind = ArrivalConfig::Kind;

/// A bandwidth or duration whose default is another key's value (filled when the section resolves).
template <class S>
Field<S> inherited_bandwidth(const char* key, double S::*m, const char* from, const char* help) {
  return {{key, "bandwidth", from, "(0, 1Pbps]", help, ""},
          [=](Map& map, S& s) { s.*m = map.has(key) ? map.bandwidth(key, 0) : -1.0; },
          [=](YAML::Emitter& out, const S& s) { out << num_text(s.*m) + "bps"; }};
}
template <class S>
Field<S> inherited_latency(const char* key, double S::*m, const char* from, const char* help) {
  return {{key, "duration", from, range_text(0, kMaxLatencyS, "s"), help, ""},
          [=](Map& map, S& s) { s.*m = map.has(key) ? map.duration(key, 0, 0, kMaxLatencyS) : -1.0; },
          [=](YAML::Emitter& out, const S& s) { out << num_text(s.*m) + "s"; }};
}

bool poisson_or_periodic(const ArrivalConfig& a) { return a.kind != Kind::TRACE; }

}  // namespace

const std::vector<Field<Top>>& top() {
  static const std::vector<Field<Top>> f{
      names("traces", &Top::traces, {"default"},
            "trace directories, base first: later layers add or replace rows by key (a device, a model, a timing "
            "row); `default` is the shipped traces (traces/README.md)"),
      names("plugins", &Top::plugins, {},
            "policy plugins: shared libraries (paths relative to this file) whose selection and placement policies "
            "join the built-in ones before the scenario's policies are resolved (docs/plugins.md)"),
  };
  return f;
}

const std::vector<Field<SimulationConfig>>& simulation() {
  using S = SimulationConfig;
  static const std::vector<Field<S>> f{
      integer("seed", &S::seed, 1, 0, 1ULL << 53, "base seed of every random draw (--seed overrides)"),
      duration("duration", &S::duration_s, 600, 0, 1e300, "Poisson and periodic arrivals stop at this time"),
      duration("end", &S::end_s, 0, 0, 1e300, "hard stop; requests still running then end as failed sim_end (0: none)"),
      word("network_model", &S::network_model, {"CM02", "LV08", "SMPI", "IB"}, "CM02",
           "SimGrid network model (CM02: no correction factors)", "network model"),
      boolean("crosstraffic", &S::crosstraffic, false, "SimGrid cross-traffic (TCP ACKs)"),
      number("network_ewma_alpha", &S::network_ewma_alpha, 0.2, 0, 1,
             "weight of the newest transfer in each phone's round-trip estimate (> 0)"),
      choice("network_estimate", &S::network_estimate,
             {{"ewma", S::NetworkEstimate::EWMA}, {"last", S::NetworkEstimate::LAST},
              {"window", S::NetworkEstimate::WINDOW}, {"oracle", S::NetworkEstimate::ORACLE}},
             S::NetworkEstimate::EWMA,
             "what policies know of a request's network time: ewma (mean and spread, weight network_ewma_alpha), "
             "last (the previous exchange), window (mean and sd of the last network_window), oracle (this request's "
             "own sampled delays and uncontended route time: hindsight, an upper bound)",
             "estimator"),
      integer("network_window", &S::network_window, 10, 1, 100000, "exchanges in the window estimate"),
  };
  return f;
}

const std::vector<Field<SelectionConfig>>& selection() {
  using S = SelectionConfig;
  static const std::vector<Field<S>> f{
      text("policy", &S::policy, "modi", "selection policy (modisim list)"),
      structural<S>("params", "mapping", "policy defaults", "parameters of the policy (modisim list)"),
  };
  return f;
}

const std::vector<Field<EdgeGroup>>& edge() {
  using S = EdgeGroup;
  static const std::vector<Field<S>> f{
      text("name", &S::name, "", "group name (instances are name-0 .. name-(count-1), or name alone)", true, true),
      integer("count", &S::count, 1, 1, 1000000, "number of servers"),
      text("server", &S::server, "t2.medium", "server type (traces: servers.csv)"),
      integer("cores", &S::cores, 2, 1, 4096, "cores: requests beyond this wait in a FIFO queue"),
      number("speed", &S::speed, 1.0, 1e-6, 1e6, "relative to the server type's measured speed"),
      size("storage", &S::storage_bytes, 10e9, 0, "model storage; the stored models must fit"),
      size("memory", &S::memory_bytes, 4e9, 0, "memory for loaded models (LRU)"),
      names("models", &S::models, {"all"}, "model names, task names or all (only models the server type has timings for)"),
      names("preloaded", &S::preloaded, {}, "models loaded in memory at start"),
      bandwidth("backhaul_bandwidth", &S::backhaul_bandwidth_bps, 1e9, "from the group's cells to each server"),
      latency("backhaul_latency", &S::backhaul_latency_s, 0.0005, "one way"),
      text("parent", &S::parent, "", "edge group of the next tier towards the cloud (empty: the cloud); instance i "
                                      "attaches to parent instance i mod count"),
      inherited_bandwidth("wan_bandwidth", &S::wan_bandwidth_bps, "cloud.wan_bandwidth",
                          "each server's link to its parent tier (fault target wan/<server>)"),
      inherited_latency("wan_latency", &S::wan_latency_s, "cloud.wan_latency", "one way"),
      path_text("backhaul_uplink_trace", &S::backhaul_uplink_trace,
           "bandwidth trace replayed on the backhaul towards the server (as cells[].uplink_trace)"),
      path_text("backhaul_downlink_trace", &S::backhaul_downlink_trace, "the same towards the cells"),
      path_text("wan_uplink_trace", &S::wan_uplink_trace, "bandwidth trace on the WAN link towards the parent tier"),
      path_text("wan_downlink_trace", &S::wan_downlink_trace, "the same from the parent tier"),
      boolean("trace_loop", &S::trace_loop, true, "the traces repeat; otherwise the links return to their bandwidth"),
      number("trace_scale", &S::trace_scale, 1.0, 1e-9, 1e9, "the traces' bandwidths multiplied by this"),
  };
  return f;
}

const std::vector<Field<CloudConfig>>& cloud() {
  using S = CloudConfig;
  static const std::vector<Field<S>> f{
      boolean("enabled", &S::enabled, true, "whether the cloud is a site (model management needs it)"),
      text("server", &S::server, "c5", "server type (traces: servers.csv)"),
      integer("cores", &S::cores, 8, 1, 1000000, "cores"),
      number("speed", &S::speed, 1.0, 1e-6, 1e6, "relative to the server type's measured speed"),
      names("models", &S::models, {"all"}, "model names, task names or all (always loaded)"),
      bandwidth("wan_bandwidth", &S::wan_bandwidth_bps, 1e9, "default of edges[].wan_bandwidth"),
      latency("wan_latency", &S::wan_latency_s, 0.02, "default of edges[].wan_latency"),
  };
  return f;
}

const std::vector<Field<CellGroup>>& cell() {
  using S = CellGroup;
  static const std::vector<Field<S>> f{
      text("name", &S::name, "", "group name (instances as for edges)", true, true),
      integer("count", &S::count, 1, 1, 10000000, "number of cells; cell i attaches to edge instance i mod count"),
      text("network", &S::network, "", "connection type (traces: networks.csv)", true),
      text("edge", &S::edge, "", "edge group the cells attach to", true),
      bandwidth("uplink_capacity", &S::uplink_capacity_bps, 1e9, "shared by every phone in the cell"),
      bandwidth("downlink_capacity", &S::downlink_capacity_bps, 1e9, "shared by every phone in the cell"),
      path_text("uplink_trace", &S::uplink_trace,
           "bandwidth trace replayed on the cell's uplink instead of uplink_capacity: a Mahimahi file or a CSV "
           "time_s,bandwidth_bps (relative to the scenario; traces/README.md)"),
      path_text("downlink_trace", &S::downlink_trace, "the same for the downlink"),
      boolean("trace_loop", &S::trace_loop, true, "the traces repeat; otherwise the links return to their capacity"),
      number("trace_scale", &S::trace_scale, 1.0, 1e-9, 1e9, "the traces' bandwidths multiplied by this"),
  };
  return f;
}

const std::vector<Field<PhoneGroup>>& phone() {
  using S = PhoneGroup;
  static const std::vector<Field<S>> f{
      text("name", &S::name, "", "group name (instances as for edges)", true, true),
      integer("count", &S::count, 1, 1, 100000000, "phones; phone j sits in cell j mod count of its cell group"),
      text("device", &S::device, "", "device class (traces: devices.csv)", true),
      text("cell", &S::cell, "", "cell group", true),
      size("storage", &S::storage_bytes, 256e6, 0, "model storage budget; resident models must fit"),
      size("memory", &S::memory_bytes, 512e6, 0, "memory for loaded models (LRU; a larger model always cold-starts)"),
      number("battery", &S::battery_fraction, 1.0, 0, 1, "state of charge at start (fraction)"),
      {{"battery_capacity", "energy", "the device class's", "> 0", "e.g. 2700mAh@3.85V or 10kJ", ""},
       [](Map& map, S& s) { s.battery_capacity_j = map.energy("battery_capacity", 0.0); },
       [](YAML::Emitter& out, const S& s) { out << num_text(s.battery_capacity_j) + "J"; }},
      boolean("screen", &S::screen_on, false, "draw the device's screen power all the time"),
      names("models", &S::models, {}, "resident models"),
      structural<S>("apps", "list", "required", "apps on every phone of the group (phones[].apps[])"),
  };
  return f;
}

const std::vector<Field<AppConfig>>& app() {
  using S = AppConfig;
  static const std::vector<Field<S>> f{
      text("name", &S::name, "", "app name (unique in its phone group)", true, true),
      text("task", &S::task, "", "task (traces: models.csv)", true),
      number("accuracy_need", &S::accuracy_need, 0, 0, 1, "minimum acceptable top-1 (fraction)"),
      positive_duration("deadline", &S::deadline_s, 1.0, "relative deadline"),
      size("input_size", &S::input_bytes, 25000, 1, "request payload (the MODI app's 299x299 JPEG: 20-30 KB)"),
      size("output_size", &S::output_bytes, 200, 1, "reply payload (label and confidence)"),
      structural<S>("arrival", "mapping", "poisson 0.1/s", "when requests are issued (phones[].apps[].arrival)"),
  };
  return f;
}

const std::vector<Field<ArrivalConfig>>& arrival() {
  using S = ArrivalConfig;
  static const std::vector<Field<S>> f{
      choice("kind", &S::kind, {{"poisson", Kind::POISSON}, {"periodic", Kind::PERIODIC}, {"trace", Kind::TRACE}},
             Kind::POISSON, "how requests arrive", "arrival kind"),
      when(rate("rate", &S::rate_per_s, 0.1, "Poisson rate per phone"), "kind", "when kind is poisson",
           [](const S& a) { return a.kind == Kind::POISSON; }),
      when(positive_duration("interval", &S::interval_s, 10, "one request every interval"), "kind",
           "when kind is periodic", [](const S& a) { return a.kind == Kind::PERIODIC; }),
      when(duration("offset", &S::offset_s, 0, 0, 1e300, "time of the first request"), "kind", "when kind is periodic",
           [](const S& a) { return a.kind == Kind::PERIODIC; }),
      when(integer("max_requests", &S::max_requests, 0, 0, 1ULL << 40, "stop this app after this many requests (0: none)"),
           "kind", "when kind is poisson or periodic", poisson_or_periodic),
      when(path_text("file", &S::trace_file, "CSV time_s,phone,app sorted by time (relative to the scenario)", true),
           "kind", "when kind is trace", [](const S& a) { return a.kind == Kind::TRACE; }),
  };
  return f;
}

const std::vector<Field<ModelManagementConfig>>& management() {
  using S = ModelManagementConfig;
  static const std::vector<Field<S>> f{
      duration("stats_period", &S::stats_period_s, 60, 0, 1e300, "edges send their statistics to the cloud (0: never)"),
      duration("placement_period", &S::placement_period_s, 600, 0, 1e300,
               "the central manager runs the placement policies (0: never)"),
      size("stats_size", &S::stats_bytes, 2000, 1, "bytes of one edge's report"),
      structural<S>("phones", "mapping", "static", "placement for phones (model_management.phones)"),
      structural<S>("edges", "mapping", "static", "placement for edges (model_management.edges)"),
      structural<S>("on_demand", "mapping", "disabled", "on-demand downloads (model_management.on_demand)"),
  };
  return f;
}

const std::vector<Field<PlacementConfig>>& placement() {
  using S = PlacementConfig;
  static const std::vector<Field<S>> f{
      text("policy", &S::policy, "static", "placement policy (modisim list)"),
      structural<S>("params", "mapping", "policy defaults", "parameters of the policy"),
  };
  return f;
}

const std::vector<Field<OnDemandConfig>>& on_demand() {
  using S = OnDemandConfig;
  static const std::vector<Field<S>> f{
      boolean("enabled", &S::enabled, false, "fetch a missing adequate model when a request needs it"),
      choice("while_downloading", &S::wait_for_download, {{"offload", false}, {"wait", true}}, false,
             "meanwhile the request offloads, or waits and then runs locally", "mode"),
  };
  return f;
}

const std::vector<Field<ModelUpdate>>& model_update() {
  using S = ModelUpdate;
  static const std::vector<Field<S>> f{
      duration("at", &S::at_s, 0, 0, 1e300, "when the new version is published"),
      text("model", &S::model, "", "model (traces: models.csv)", true),
      {{"top1", "number", "the model's top1", "[0, 1]", "the new version's top-1 (fraction)", ""},
       [](Map& map, S& s) { s.top1 = map.has("top1") ? map.number("top1", 0, 0, 1) : -1.0; },
       [](YAML::Emitter& out, const S& s) { out << num_text(s.top1); }},
  };
  return f;
}

const std::vector<Field<MobilityConfig>>& mobility() {
  using S = MobilityConfig;
  using K = MobilityConfig::Kind;
  static const std::vector<Field<S>> f{
      choice("kind", &S::kind, {{"none", K::NONE}, {"trace", K::TRACE}, {"random", K::RANDOM}}, K::NONE,
             "how phones move between cells", "mobility"),
      when(path_text("file", &S::trace_file, "CSV time_s,phone,cell (relative to the scenario)", true), "kind",
           "when kind is trace", [](const S& m) { return m.kind == K::TRACE; }),
      when(positive_duration("dwell_mean", &S::dwell_mean_s, 600, "mean of the exponential time in a cell"), "kind",
           "when kind is random", [](const S& m) { return m.kind == K::RANDOM; }),
      choice("in_flight", &S::fail_in_flight, {{"complete", false}, {"fail", true}}, false,
             "on handover, offloaded requests in flight complete through the old path or fail (reason handover)",
             "handover behaviour"),
  };
  return f;
}

const std::vector<Field<FaultsConfig>>& faults() {
  using S = FaultsConfig;
  static const std::vector<Field<S>> f{
      duration("detection_delay", &S::detection_delay_s, 1.0, 0, 1e300,
               "the profiler learns of a failure (and a recovery) this much later"),
      duration("request_timeout", &S::request_timeout_s, 0, 0, 1e300,
               "an offloaded request whose reply has not come back is given up (0: never)"),
      structural<S>("periods", "list", "[]", "faults (faults.periods[])"),
  };
  return f;
}

const std::vector<Field<FaultPeriod>>& fault_period() {
  using S = FaultPeriod;
  static const std::vector<Field<S>> f{
      text("target", &S::target_name, "", "cell/<cell>, backhaul/<edge>, wan/<edge> or edge/<edge> (instances)", true),
      number("bandwidth_factor", &S::bandwidth_factor, 0, 0, 1, "0: down; in (0,1): degraded to this share of the bandwidth"),
      structural<S>("windows", "list of [from, to]", "", "down periods as windows, e.g. [[60s, 120s]]"),
      {{"trace", "text", "", "", "availability CSV time_s,up (1/0) (relative to the scenario)", ""},
       [](Map& map, S& s) { s.trace_file = map.str("trace", ""); }, nullptr},
      structural<S>("random", "mapping", "", "exponential up and down times (faults.periods[].random)"),
  };
  return f;
}

const std::vector<Field<FaultPeriod::Random>>& fault_random() {
  using S = FaultPeriod::Random;
  static const std::vector<Field<S>> f{
      positive_duration("mtbf", &S::mtbf_s, 0, "mean time between failures"),
      positive_duration("mttr", &S::mttr_s, 0, "mean time to repair"),
  };
  return f;
}

const std::vector<Field<ProfilerConfig>>& profiler() {
  using S = ProfilerConfig;
  using P = ProfilerConfig::Predictor;
  using R = ProfilerConfig::Prior;
  static const std::vector<Field<S>> f{
      choice("predictor", &S::predictor, {{"table", P::TABLE}, {"online", P::ONLINE}, {"regression", P::REGRESSION}},
             P::TABLE,
             "table: the device class's measured means; online: learns each phone's own times from a prior; "
             "regression: predicted from model features (modisim profile-cv)",
             "predictor"),
      number("online_alpha", &S::online_alpha, 0.2, 1e-6, 1, "online: weight of the newest observed time (EWMA)"),
      choice("online_prior", &S::online_prior, {{"table", R::TABLE}, {"regression", R::REGRESSION}}, R::REGRESSION,
             "online: where the estimate starts before any observation", "prior"),
      number("online_prior_scale", &S::online_prior_scale, 1, 1e-3, 1e3,
             "online: the prior multiplied by this (to study a profiler that starts wrong)"),
  };
  return f;
}

const std::vector<Field<Sweep>>& sweep() {
  using S = Sweep;
  static const std::vector<Field<S>> f{
      text("base", &S::base, "", "the base scenario (relative to the sweep file)", true),
      integer("replications", &S::replications, 1, 1, 100000, "runs per configuration point"),
      integer("base_seed", &S::base_seed, 1, 0, 1ULL << 53,
              "replication r runs with a seed derived from (base_seed, r), the same at every point"),
      structural<S>("set", "mapping", "{}", "fixed overrides: --set path: value"),
      structural<S>("grid", "mapping", "{}", "full factorial: --set path: [values]"),
      structural<S>("zip", "list", "[]", "groups of --set path: [values] that move together (equal lengths)"),
  };
  return f;
}

std::vector<SectionDoc> all() {
  return {
      document("", "top level", top()),
      document("simulation", "the run", simulation()),
      document("selection", "which model runs where", selection()),
      document("edges[]", "edge server groups (tiers: an edge group may have a parent edge group)", edge()),
      document("cloud", "the cloud: the top tier and MODI's central manager", cloud()),
      document("cells[]", "access networks", cell()),
      document("phones[]", "phone groups", phone()),
      document("phones[].apps[]", "apps on every phone of a group", app()),
      document("phones[].apps[].arrival", "when an app issues requests", arrival()),
      {"catalog", "extra tasks", {{"task_aliases", "mapping", "{}", "",
                                  "{alias: task}: extra tasks reusing a task's models (named alias/<model>)", ""}}},
      document("model_management", "MODI's central manager: statistics up, plans and models down", management()),
      document("model_management.phones / .edges", "placement policies", placement()),
      document("model_management.on_demand", "on-demand downloads", on_demand()),
      document("model_updates[]", "new versions published at the central manager", model_update()),
      document("mobility", "phones moving between cells", mobility()),
      document("faults", "outages, failures and timeouts", faults()),
      document("faults.periods[]", "one fault: give exactly one of windows, trace or random", fault_period()),
      document("faults.periods[].random", "random down periods", fault_random()),
      document("profiler", "MODI's inference profiler: the phone's estimates of its own times", profiler()),
      document("(sweep file)", "a sweep file for modisim sweep (not a scenario key)", sweep()),
  };
}

}  // namespace modi::config::keys
