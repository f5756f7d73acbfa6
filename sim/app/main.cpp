// modisim: the command line. Thin: parse, load, run, print.
//   modisim run CONFIG.yaml [--out DIR] [--seed N] [--set key.path=VALUE]... [--progress auto|always|never]
//   modisim validate CONFIG.yaml [--set ...]
//   modisim list [--traces DIR]
// run, validate, list and sweep take --plugin FILE.so (repeatable): policy plugins (docs/plugins.md).
// SimGrid's own --cfg=... and --log=... flags pass through to the engine.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <regex>
#include <sys/wait.h>

#include "build_info.hpp"
#include <iostream>
#include <sstream>

#include "policies/placement.hpp"
#include "policies/selection.hpp"
#include "sim/config/plugins.hpp"
#include "sim/config/scenario.hpp"
#include "sim/core/error.hpp"
#include "sim/core/units.hpp"
#include "sim/app/allocator.hpp"
#include "sim/app/interrupt.hpp"
#include "sim/app/list_cmd.hpp"
#include "sim/app/profile_cmd.hpp"
#include "sim/app/simgrid_flags.hpp"
#include "sim/app/sweep_cmd.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/model/population.hpp"
#include "sim/output/output_dir.hpp"

namespace fs = std::filesystem;

namespace {

int input_error(const std::string& msg) {
  std::fprintf(stderr, "modisim: error: %s\n", msg.c_str());
  return 2;
}

std::vector<modi::config::Override> overrides(const std::vector<std::string>& sets) {
  std::vector<modi::config::Override> out;
  out.reserve(sets.size());
  for (const auto& s : sets)
    out.push_back(modi::config::parse_override(s));
  return out;
}

void print_summary(const modi::config::Scenario& s, const modi::output::Summary& r, const std::string& out) {
  using modi::units::format_duration;
  std::printf("modisim %s: %s, policy %s, seed %llu, %llu phones\n", MODISIM_VERSION, s.source_file.c_str(),
              s.selection.policy.c_str(), static_cast<unsigned long long>(r.seed),
              static_cast<unsigned long long>(s.phone_count()));
  std::printf("  requests     %llu (ok %llu, failed %llu), simulated %.1f s in %.2f s wall\n",
              static_cast<unsigned long long>(r.requests), static_cast<unsigned long long>(r.ok),
              static_cast<unsigned long long>(r.failed), r.sim_end_s, r.wall_s);
  const auto dur = [](const std::optional<double>& v) { return v ? format_duration(*v) : std::string("-"); };
  const auto pct = [](const std::optional<double>& v) { return v ? fmt::format("{:.1f}%", 100 * *v) : std::string("-"); };
  std::printf("  latency      mean %s  p50 %s  p95 %s  p99 %s\n", dur(r.latency_mean_s).c_str(), dur(r.latency_p50_s).c_str(),
              dur(r.latency_p95_s).c_str(), dur(r.latency_p99_s).c_str());
  std::printf("  deadlines    %s met; goals (deadline and accuracy need) %s; answered %s\n", pct(r.slo_attainment).c_str(),
              pct(r.goal_attainment).c_str(), pct(r.availability).c_str());
  std::printf("  accuracy     mean top-1 %s, correct %s\n",
              r.accuracy_mean ? fmt::format("{:.3f}", *r.accuracy_mean).c_str() : "-", pct(r.correct_rate).c_str());
  std::printf("  offloaded    %s of answered requests\n", pct(r.offload_fraction).c_str());
  std::printf("  energy       phones %.1f J (%s J per request for CPU and radio), edges %.1f J, cloud %.1f J\n",
              r.phone_energy_j, r.energy_per_request_j ? fmt::format("{:.3f}", *r.energy_per_request_j).c_str() : "-",
              r.edge_energy_j, r.cloud_energy_j);
  if (r.phones_dead > 0)
    std::printf("  batteries    %llu phones ran out\n", static_cast<unsigned long long>(r.phones_dead));
  std::printf("  results      %s/{run.yaml,requests.csv,summary.csv,phones.csv,servers.csv,pushes.csv,stats.csv}\n", out.c_str());
}


/// SimGrid's --cfg=/--log= flags (and MODISIM_SIMGRID_ARGS, which the sanitizer test build uses
/// to select thread contexts) pass through to the engine; the rest is modisim's command line.
/// Both sources are checked (modi::app::check_simgrid_flags) before any work starts.
std::vector<std::string> split_simgrid_args(int argc, char** argv, std::vector<char*>& rest) {
  std::vector<std::string> simgrid_args;
  if (const char* env = std::getenv("MODISIM_SIMGRID_ARGS")) {
    std::istringstream words(env);
    for (std::string w; words >> w;)
      simgrid_args.push_back(w);
    modi::app::check_simgrid_flags(simgrid_args, "MODISIM_SIMGRID_ARGS");
  }
  std::vector<std::string> from_cli;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (i > 0 && (a.rfind("--cfg=", 0) == 0 || a.rfind("--log=", 0) == 0))
      from_cli.push_back(a);
    else
      rest.push_back(argv[i]);
  }
  modi::app::check_simgrid_flags(from_cli, "command line");
  simgrid_args.insert(simgrid_args.end(), from_cli.begin(), from_cli.end());
  return simgrid_args;
}

/// The command line: every subcommand and its options.
struct Cli {
  explicit Cli(CLI::App& app);
  std::string config_path, out_dir, progress = "auto", traces_dir, task_dir, run_timeout;
  std::vector<std::string> sets;
  std::vector<std::string> plugins;  ///< --plugin files, loaded before anything resolves a policy
  std::string seed;  ///< checked by the scenario reader like simulation.seed (exactly, not through uint64)
  unsigned task_index = 0;
  bool resume = false;
  modi::app::ListOptions list_opt;
  modi::app::SweepOptions sweep_opt;
  modi::app::ProfileCvOptions profile_opt;
  std::string report_dir;
  CLI::App *run = nullptr, *validate = nullptr, *list = nullptr, *sweep = nullptr, *task = nullptr, *profile = nullptr,
           *report = nullptr;
  CLI::Option* seed_opt = nullptr;
};

Cli::Cli(CLI::App& app) {
  run = app.add_subcommand("run", "run one simulation and write run.yaml, requests.csv, summary.csv");
  run->add_option("config", config_path, "scenario YAML file")->required();
  run->add_option("--out", out_dir, "output directory (default results/<config name>)");
  seed_opt = run->add_option("--seed", seed, "random seed (overrides simulation.seed)");
  run->add_option("--set", sets, "override a config value: key.path=VALUE (repeatable)");
  run->add_option("--progress", progress, "progress line on stderr")->check(CLI::IsMember({"auto", "always", "never"}));
  validate = app.add_subcommand("validate", "check a scenario and its traces; write nothing");
  validate->add_option("config", config_path, "scenario YAML file")->required();
  validate->add_option("--set", sets, "override a config value: key.path=VALUE (repeatable)");
  list = app.add_subcommand("list", "list policies with their parameters and defaults, devices, networks");
  list->add_option("--traces", traces_dir, "trace directory (default: the shipped traces)");
  list->add_flag("--keys", list_opt.keys, "every scenario key: type, default, range, meaning (docs/config.md)");
  list->add_flag("--outputs", list_opt.outputs, "every output file and column (docs/outputs.md)");
  list->add_flag("--policies", list_opt.policies, "only the policies");
  list->add_flag("--simgrid", list_opt.simgrid, "the SimGrid options (--cfg=) a run takes");
  list->add_flag("--markdown", list_opt.markdown, "as Markdown (how the docs are generated)");
  list->add_flag("--json", list_opt.json, "with --outputs: as JSON (python/modisim/outputs.json)")
      ->needs(list->get_option("--outputs"));
  sweep = app.add_subcommand("sweep", "run a grid of configurations x replications, each in its own process");
  sweep->add_option("sweep", sweep_opt.sweep_file, "sweep YAML file")->required();
  sweep->add_option("--out", sweep_opt.out_dir, "sweep directory (runs/, results.csv, aggregate.csv)")->required();
  sweep->add_option("-j,--jobs", sweep_opt.jobs, "runs at a time (default: number of cores)");
  sweep->add_flag("--resume", resume, "continue a sweep directory (also the default when it exists)");
  sweep->add_option("--backend", sweep_opt.backend, "where runs execute")->check(CLI::IsMember({"local", "slurm", "parallel"}));
  sweep->add_option("--sshlogin", sweep_opt.sshlogin, "GNU parallel --sshlogin (backend parallel; ':' is this host)");
  sweep->add_option("--progress", sweep_opt.progress, "progress bar on stderr")->check(CLI::IsMember({"auto", "always", "never"}));
  sweep->add_flag("--dry-run", sweep_opt.dry_run, "check every point and list the points with their values; run nothing");
  sweep->add_option("--baseline", sweep_opt.baseline,
                    "PATH=VALUE of a swept key: paired differences of every point against that value (paired.csv)");
  sweep->add_option("--run-timeout", run_timeout, "stop a run still going after this long (e.g. 10min) and record it failed");
  profile = app.add_subcommand("profile-cv", "the regression profiler's leave-one-model-out error on a device's models");
  profile->add_option("--traces", traces_dir, "trace directory (default: the shipped traces)");
  profile->add_option("--device", profile_opt.device, "device class (default pixel2)");
  profile->add_option("--task", profile_opt.task, "the task whose models are cross-validated (default flowers)");
  profile->add_flag("--csv", profile_opt.csv, "one CSV row per model and phase");
  report = app.add_subcommand("report", "a finished run's report: DIR/report/report.md with latency, attainment, "
                                       "server and battery plots (python3 with matplotlib, or MODISIM_PYTHON)");
  report->add_option("dir", report_dir, "the run's output directory")->required();
  task = app.add_subcommand("sweep-task", "run one task of a prepared sweep directory (used by the backends)");
  task->add_option("dir", task_dir)->required();
  task->add_option("index", task_index)->required();
  task->group("");  // internal: hidden from --help
  for (auto* sub : {run, validate, list, sweep})
    sub->add_option("--plugin", plugins, "load policies from a plugin shared library (repeatable; docs/plugins.md)");
}

/// Loads the --plugin files: their policies join the registries before any scenario is read.
void load_cli_plugins(const std::vector<std::string>& files) {
  for (const auto& f : files)
    modi::config::load_plugin(f, {"command line", 0, 0, "--plugin"});
}

/// The scenario's plugins and then the command line's (once each): run.yaml records them all,
/// with their digests, so that rerunning it loads them again.
void add_cli_plugins(modi::config::Scenario& s, const std::vector<std::string>& files) {
  const auto same_file = [](const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
  };
  for (const auto& f : files)
    if (std::none_of(s.plugins.begin(), s.plugins.end(), [&](const std::string& p) { return same_file(p, f); }))
      s.plugins.push_back(f);
}

/// `modisim report DIR`: the plots are drawn by scripts/report.py with the user's python3 (or
/// MODISIM_PYTHON); without matplotlib, one line says how to get it (exit 2).
int cmd_report(const std::string& dir) {
  const char* env = std::getenv("MODISIM_PYTHON");
  const std::string py = env && *env ? env : "python3";
  const std::string script = std::string(MODISIM_SOURCE_DIR) + "/scripts/report.py";
  const auto quoted = [](const std::string& x) { return "'" + std::regex_replace(x, std::regex("'"), "'\\''") + "'"; };
  if (std::system((quoted(py) + " -c 'import matplotlib' 2>/dev/null").c_str()) != 0) {
    std::fprintf(stderr, "modisim: error: report: %s has no matplotlib (expected python3-matplotlib: apt install "
                 "python3-matplotlib, or pip install matplotlib in a virtual environment, or MODISIM_PYTHON)\n", py.c_str());
    return 2;
  }
  const int status = std::system((quoted(py) + " " + quoted(script) + " " + quoted(dir)).c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int run_or_validate(const Cli& c, const std::vector<std::string>& simgrid_args) {
  const std::string out_dir =
      c.out_dir.empty() ? (fs::path("results") / fs::path(c.config_path).stem()).string() : c.out_dir;
  if (c.run->parsed())
    modi::output::claim_run_dir(out_dir);  // first: a rerun that fails leaves no older results behind
  auto ov = overrides(c.sets);
  if (c.run->parsed() && c.seed_opt->count() > 0)
    ov.push_back({"simulation.seed", c.seed, "--seed"});
  auto scenario = modi::config::load(c.config_path, ov);
  add_cli_plugins(scenario, c.plugins);
  if (c.validate->parsed()) {
    modi::model::check_run_inputs(scenario);
    std::printf("%s: ok (%llu phones in %zu groups, %zu cell groups, %zu edge groups, policy %s)\n",
                c.config_path.c_str(), static_cast<unsigned long long>(scenario.phone_count()), scenario.phones.size(),
                scenario.cells.size(), scenario.edges.size(), scenario.selection.policy.c_str());
    return 0;
  }
  modi::engine::RunOptions opt;
  opt.out_dir = out_dir;
  opt.on_engine_started = [out_dir] { modi::app::stop_cleanly_on_signals(out_dir); };
  opt.progress = c.progress == "always" || (c.progress == "auto" && isatty(STDERR_FILENO));
  opt.simgrid_args = simgrid_args;
  opt.provenance = {{"modisim_version", MODISIM_VERSION}, {"modisim_commit", MODISIM_COMMIT},
                    {"build_type", MODISIM_BUILD_TYPE}, {"allocator", modi::app::allocator_in_use()},
                    {"config", c.config_path}};
  if (!c.sets.empty())
    opt.provenance.emplace_back("overrides", fmt::format("{}", fmt::join(c.sets, "; ")));
  const auto summary = modi::engine::run(scenario, opt);
  print_summary(scenario, summary, opt.out_dir);
  return 0;
}

double parse_run_timeout(const std::string& text) {
  try {
    const double t = modi::units::parse_duration_s(text);
    if (t > 0)
      return t;
  } catch (const modi::units::UnitError&) {
  }
  throw modi::InputError({"command line", 0, 0, "--run-timeout"}, fmt::format("'{}' is not a duration above zero", modi::printable(text)),
                         "a duration such as 30s or 10min");
}

/// Runs a command, mapping what it throws to the exit status: 2 bad input, 1 simulation failure.
template <class F>
int guarded(F f) {
  try {
    return f();
  } catch (const modi::InputError& e) {
    return input_error(e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    // a path the OS refuses (too long, not permitted) is bad input too
    return input_error(fmt::format("{}: {}", e.path1().string(), e.code().message()));
  } catch (const modi::SimulationError& e) {
    std::fprintf(stderr, "modisim: simulation failed: %s\n", modi::one_line(e.what()).c_str());
    return 1;
  } catch (const modi::OutputError& e) {
    std::fprintf(stderr, "modisim: results not written: %s\n", modi::one_line(e.what()).c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "modisim: internal error: %s\n", modi::one_line(e.what()).c_str());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) makes writes fail with EFBIG, reported like a full disk,
  // instead of killing the process with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  std::vector<char*> rest;
  std::vector<std::string> simgrid_args;
  try {
    simgrid_args = split_simgrid_args(argc, argv, rest);
  } catch (const modi::InputError& e) {
    return input_error(e.what());
  }
  CLI::App app{"modisim: a discrete-event simulator for mobile deep inference across phones, edges and a cloud (MODI)",
               "modisim"};
  app.set_version_flag("--version", std::string("modisim ") + MODISIM_VERSION);
  app.require_subcommand(1);
  Cli c(app);
  try {
    app.parse(static_cast<int>(rest.size()), rest.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return input_error(fmt::format("command line: {} (see modisim --help)", e.what()));
  }
  return guarded([&] {
    load_cli_plugins(c.plugins);
    if (c.list->parsed()) {
      c.list_opt.traces_dir = c.traces_dir.empty() ? modi::config::default_traces_dir() : c.traces_dir;
      return modi::app::cmd_list(c.list_opt);
    }
    if (c.profile->parsed()) {
      auto opt = c.profile_opt;
      opt.traces_dir = c.traces_dir.empty() ? modi::config::default_traces_dir() : c.traces_dir;
      return modi::app::cmd_profile_cv(opt);
    }
    if (c.sweep->parsed()) {
      auto opt = c.sweep_opt;
      opt.plugins = c.plugins;
      if (!c.run_timeout.empty())
        opt.run_timeout_s = parse_run_timeout(c.run_timeout);
      return modi::app::cmd_sweep(opt);
    }
    if (c.task->parsed())
      return modi::app::cmd_sweep_task(c.task_dir, c.task_index);
    if (c.report->parsed())
      return cmd_report(c.report_dir);
    return run_or_validate(c, simgrid_args);
  });
}
