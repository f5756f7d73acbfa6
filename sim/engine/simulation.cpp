// The composition root: builds the world from the scenario (everything that can reject bad
// input comes first, before any output file exists), wires the components, starts the actors
// (fleet, hard stop, fault injector, central manager), runs SimGrid and writes the results.
#include "sim/engine/simulation.hpp"

#include "sim/model/outcome.hpp"

#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <simgrid/version.h>
#include <xbt/config.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>

#include "sim/core/csv.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/digest.hpp"
#include "sim/engine/bandwidth_replay.hpp"
#include "sim/engine/fault_injector.hpp"
#include "sim/engine/fleet.hpp"
#include "sim/engine/model_manager.hpp"
#include "sim/engine/path_steps.hpp"
#include "sim/engine/phone_role.hpp"
#include "sim/model/population.hpp"

namespace sg4 = simgrid::s4u;
namespace fs = std::filesystem;

namespace modi::engine {
namespace {

/// The world at time zero; building it checks the input that only the engine can check.
struct World {
  explicit World(const config::Scenario& s)
      : topology(model::Topology::build(s)),
        platform(build_platform(s, topology)),
        network(topology, *s.traces, platform.tcp_gamma_bytes),
        catalog(*s.traces, s.traces->task_names()),
        phones(model::make_phones(s, topology)),
        server_states(model::make_servers(s, topology, catalog)),
        arrivals(s, phones),
        moves(model::load_moves(s, topology, phones)),
        faults(s.faults, topology),
        names(s) {}
  model::Topology topology;
  Platform platform;
  model::NetworkModel network;
  model::Catalog catalog;
  std::vector<model::Phone> phones;
  std::vector<model::ServerState> server_states;
  model::Arrivals arrivals;
  std::vector<model::Move> moves;
  model::FaultSchedule faults;
  model::PhoneNames names;
};

output::Names names_of(const config::Scenario& s, const World& w) {
  const auto& ts = *s.traces;
  output::Names n;
  n.phones = &w.names;
  for (const auto& p : w.phones) {
    n.phone_group.push_back(p.group);
    n.phone_device.push_back(p.device);
  }
  n.device = TraceSet::names(ts.devices());
  n.network = TraceSet::names(ts.networks());
  n.model = TraceSet::names(ts.models());
  for (const auto& sv : w.server_states)
    n.server.push_back(sv.name);
  for (const auto& g : s.phones) {
    n.app.emplace_back();
    for (const auto& a : g.apps)
      n.app.back().push_back(a.name);
  }
  return n;
}

/// The components of a run and their wiring.
class Run {
public:
  Run(const config::Scenario& s, const RunOptions& o, World& w, output::Recorder& rec);
  output::Summary execute(std::chrono::steady_clock::time_point wall0);

private:
  void start_actors();
  void stop_at_end(double end_s);
  void record(model::Request* r);
  void close_phones(double sim_end_s);
  void finish_storage(double sim_end_s);
  std::vector<std::pair<std::string, std::string>> provenance() const;

  const config::Scenario& s_;
  const RunOptions& o_;
  World& w_;
  output::Recorder& rec_;
  model::OpenRequests open_;
  model::RequestPool pool_;
  model::UsageStats stats_;
  model::RadioLedger ledger_;
  model::Profiler profiler_;
  model::RttEstimator rtt_;
  model::RequestCloser closer_;
  model::LocalEngine local_;
  model::ServerTiming timing_;
  std::unique_ptr<policy::SelectionPolicy> policy_;
  model::DecisionStub stub_;
  std::vector<InferenceServer> servers_;
  model::Mobility mobility_;
  Progress progress_;
  Fleet fleet_;
  OffloadPath offloads_;
  PushService pushes_;
  PhoneRole role_;
  ModelManager manager_;
  FaultInjector injector_;
  bool deadlock_ = false;
};

std::vector<InferenceServer> make_inference_servers(World& w, const model::ServerTiming& timing,
                                                    const TraceSet& traces) {
  std::vector<InferenceServer> out;
  for (uint32_t i = 0; i < w.server_states.size(); ++i)
    out.emplace_back(w.server_states[i], w.platform.server_hosts[i], timing, traces, w.faults.servers_can_fail());
  return out;
}

Run::Run(const config::Scenario& s, const RunOptions& o, World& w, output::Recorder& rec)
    : s_(s),
      o_(o),
      w_(w),
      rec_(rec),
      stats_(w.server_states.size(), w.catalog.task_names().size(), w.catalog.size()),
      ledger_(w.phones.size(), open_, [this](model::Request* r) { record(r); }),
      profiler_(s.profiler, *s.traces),
      rtt_(s.simulation, w.phones.size()),
      closer_(w.phones, open_, ledger_, profiler_),
      local_(*s.traces, s.simulation.seed),
      timing_(*s.traces, s.simulation.seed),
      policy_(policy::selection_policies().get(s.selection.policy).make(s.selection.params)),
      stub_({s, w.catalog, w.topology, w.network, w.faults, w.server_states, local_, timing_, profiler_, rtt_},
            policy::selection_policies().get(s.selection.policy).needs_hindsight),
      servers_(make_inference_servers(w, timing_, *s.traces)),
      mobility_(s, w.topology, *s.traces, w.moves, open_, ledger_),
      progress_(o.progress, [this] { return rec_.recorded(); }),
      fleet_({s, w.phones, w.arrivals, [this](model::Phone& p, uint32_t app, double now) { role_.issue(p, app, now); },
              mobility_, closer_, open_, progress_}),
      offloads_({s, w.platform, w.network, w.catalog, w.phones, servers_, ledger_, closer_, local_, stub_, *policy_, fleet_, rtt_},
                w.faults.servers_can_fail()),
      pushes_({w.topology, w.platform, w.catalog, w.phones, servers_, ledger_, closer_, local_, fleet_, rec, w.names}),
      role_({s, w.catalog, w.topology, servers_, stub_, *policy_, stats_, local_, pool_, open_, closer_, ledger_, fleet_, offloads_,
             pushes_}),
      manager_({s, w.topology, w.platform, w.catalog, w.phones, servers_, stats_, pushes_, rec}),
      injector_(w.faults, w.platform, servers_) {}

void Run::record(model::Request* r) {
  const auto& p = w_.phones[r->phone];
  stats_.ended(r->edge, p.group, r->app, !r->failed, r->finished_at_s - r->issued_at_s);
  const double correct_u =
      rng::uniform(s_.simulation.seed, p.index + 1ULL, r->seq, static_cast<uint64_t>(rng::Purpose::CORRECT));
  rec_.record(*r, correct_u);
  pool_.release(r);
}

/// Hard stop: every request still open ends as failed with reason `sim_end`.
/// The other actors are killed first: SimGrid carries out a kill only after every actor woken at
/// this instant has run, so state shared with them (the fleet's heap, open requests) is touched
/// only once none of them can run again.
void Run::stop_at_end(double end_s) {
  wait_for(end_s - sg4::Engine::get_clock());
  sg4::Actor::kill_all();
  fleet_.clear();
  for (auto& p : w_.phones)
    if (p.downloads)
      p.downloads->waiting.clear();
  for (auto* r : open_.sorted()) {
    r->fail(Reason::SIM_END, end_s);
    closer_.finish(r);
  }
}

void Run::start_actors() {
  closer_.on_all_closed([this] { fleet_.all_closed(); });
  if (policy_->wants_completions())
    closer_.on_finished([this](const model::Request& r) { policy_->completed(model::completion_of(r)); });
  sg4::Engine::on_deadlock_cb([this] { deadlock_ = true; });
  sg4::Actor::create("fleet", w_.platform.control, [this] {
    fleet_.start();
    fleet_.wait_until_done();
    offloads_.close();  // nothing more to offload: idle workers end
  });
  if (s_.simulation.end_s > 0)
    sg4::Actor::create("end", w_.platform.control, [this] { stop_at_end(s_.simulation.end_s); })->daemonize();
  if (w_.faults.any())
    sg4::Actor::create("faults", w_.platform.control, [this] { injector_(); })->daemonize();
  for (const auto& replay : BandwidthReplay::for_links(w_.platform.replayed))
    sg4::Actor::create("bandwidth-trace", w_.platform.control, replay)->daemonize();
  if (manager_.needed())
    sg4::Actor::create("manager", w_.platform.server_hosts[w_.topology.cloud()], [this] { manager_(); })->daemonize();
}

/// Ends every phone's energy accounting (last tails, idle energy), hands over the requests still
/// held for their tail and writes the phone's row, in phone order.
void Run::close_phones(double sim_end_s) {
  const auto& ts = *s_.traces;
  for (auto& p : w_.phones) {
    const double horizon = p.energy.dead() ? std::min(sim_end_s, p.energy.died_at_s()) : sim_end_s;
    ledger_.close_phone(p, horizon);
    output::PhoneReport rep;
    rep.name = w_.names.name(p.group, p.index);
    rep.device = ts.devices()[p.device].name;
    rep.network = ts.networks()[w_.topology.cells()[p.cell].network].name;
    rep.cpu_j = p.energy.cpu_j();
    rep.radio_j = p.energy.radio_j();
    rep.idle_j = p.energy.idle_j();
    rep.unattributed_j = ledger_.unattributed_j(p.index);
    rep.total_j = p.energy.total_j();
    rep.battery_start_j = p.energy.start_j();
    rep.battery_end_j = std::max(0.0, p.energy.start_j() - p.energy.total_j());
    rep.died_at_s = p.energy.died_at_s();
    rep.horizon_s = p.energy.horizon_s();
    rec_.record_phone(rep);
  }
}

void Run::finish_storage(double sim_end_s) {
  for (auto& p : w_.phones)
    p.store.account(sim_end_s);
  for (auto& sv : w_.server_states)
    sv.store.account(sim_end_s);
  if (!w_.phones.empty() && sim_end_s > 0) {
    double sum = 0;
    for (const auto& p : w_.phones)
      sum += p.store.used_integral() / sim_end_s;
    rec_.storage_used_bytes_mean = sum / static_cast<double>(w_.phones.size());
  }
  rec_.handovers = mobility_.handovers();
}

output::Summary Run::execute(std::chrono::steady_clock::time_point wall0) {
  start_actors();
  sg4::Engine::get_instance()->run();
  progress_.tick(true);
  policy_->finish();
  manager_.finish();
  for (const auto& broken : {policy_->broken(), manager_.broken()})
    if (broken)
      std::rethrow_exception(broken);  // an external policy's bad reply or death: no results
  const double sim_end = sg4::Engine::get_clock();
  if (pushes_.waiting() > 0)
    throw SimulationError(fmt::format("{} requests still wait for a model download", pushes_.waiting()));
  finish_storage(sim_end);
  close_phones(sim_end);
  for (auto& sv : servers_)
    (sv.state().site == policy::Site::CLOUD ? rec_.cloud_energy_j : rec_.edge_energy_j) +=
        sg_host_get_consumed_energy(sv.host());
  if (deadlock_)
    throw SimulationError("deadlock: actors are blocked forever (see the messages above)");
  if (rec_.recorded() != role_.issued())
    throw SimulationError(
        fmt::format("{} requests were issued but {} ended in requests.csv", role_.issued(), rec_.recorded()));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const auto summary = rec_.summarize(s_.simulation.seed, sim_end, wall);
  rec_.commit(summary, w_.server_states, config::to_yaml(s_, provenance(), o_.out_dir));
  return summary;
}

std::vector<std::pair<std::string, std::string>> Run::provenance() const {
  auto p = o_.provenance;
  int maj = 0, min = 0, patch = 0;
  sg_version_get(&maj, &min, &patch);
  p.emplace_back("simgrid_version", fmt::format("{}.{}.{}", maj, min, patch));
  p.emplace_back("network_model", simgrid::config::get_value<std::string>("network/model"));
  p.emplace_back("network_crosstraffic", simgrid::config::get_value<bool>("network/crosstraffic") ? "true" : "false");
  p.emplace_back("network_tcp_gamma", csv::format_double(simgrid::config::get_value<double>("network/TCP-gamma")));
  p.emplace_back("contexts_stack_size_kib", std::to_string(simgrid::config::get_value<int>("contexts/stack-size")));
  p.emplace_back("seed", std::to_string(s_.simulation.seed));
  // what was read, by content: a rerun can check it reads the same traces
  for (const auto& f : config::input_files(s_))
    p.emplace_back("input " + f, file_digest(f));
  return p;
}

/// SimGrid's command line: quiet logs, small actor stacks, then the user's flags (later wins).
std::vector<std::string> engine_args(const RunOptions& o) {
  std::vector<std::string> args{"modisim", "--log=xbt_cfg.thres:warning", "--log=host_energy.thres:warning",
                                "--log=root.fmt:%m%n"};
  // Offload actors are shallow: 256 KiB stacks instead of SimGrid's 8 MiB save an mmap per actor.
  // Thread contexts ignore (and warn about) a stack size: only set it for the default contexts.
  if (std::none_of(o.simgrid_args.begin(), o.simgrid_args.end(),
                   [](const std::string& a) { return a.find("contexts/factory:thread") != std::string::npos; }))
    args.emplace_back("--cfg=contexts/stack-size:256");
  args.insert(args.end(), o.simgrid_args.begin(), o.simgrid_args.end());
  return args;
}

}  // namespace

output::Summary run(const config::Scenario& s, const RunOptions& o) {
  const auto wall0 = std::chrono::steady_clock::now();
  auto args = engine_args(o);
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  sg4::Engine engine(&argc, argv.data());
  if (o.on_engine_started)
    o.on_engine_started();
  sg_host_energy_plugin_init();  // edge and cloud energy (power per pstate, idle/busy)

  World world(s);  // may throw InputError (request and mobility traces) before any file exists
  output::Recorder rec(o.out_dir, names_of(s, world));  // o.out_dir was claimed (output::claim_run_dir)
  try {
    Run run(s, o, world, rec);
    return run.execute(wall0);
  } catch (...) {
    rec.abandon();
    throw;
  }
}

}  // namespace modi::engine
