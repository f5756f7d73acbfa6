// Sweeps as data: a sweep file (base config, grid and zipped parameters as --set paths,
// replications, base seed) expands into a deterministic list of runs; finished run directories
// collect into results.csv (one row per run) and aggregate.csv (mean, sd, 95% CI per point).
// No processes and no SimGrid here: the command line (sim/app/sweep_cmd.cpp) runs the plan.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>


namespace modi::sweep {

/// One swept parameter: a --set path and its values (as YAML text).
struct Axis {
  std::string path;
  std::vector<std::string> values;
};

struct SweepSpec {
  std::string file;                  ///< the sweep file
  std::string base_config;           ///< resolved path of the base scenario
  uint64_t base_seed = 1;
  uint32_t replications = 1;
  std::vector<std::pair<std::string, std::string>> fixed;  ///< `set:` applied to every run
  std::vector<Axis> grid;            ///< full factorial
  std::vector<std::vector<Axis>> zips;  ///< each group varies together (equal lengths)
};

struct Run {
  uint32_t index = 0;     ///< position in the plan (array task id)
  std::string id;         ///< p<point>-r<replication>
  uint32_t point = 0;
  uint32_t replication = 0;
  uint64_t seed = 0;
  std::vector<std::pair<std::string, std::string>> swept;  ///< path -> value for this point
  std::vector<std::string> args;  ///< modisim run arguments after the config path
};

struct Plan {
  SweepSpec spec;
  std::vector<std::string> swept_paths;  ///< grid paths then zip paths, in file order
  uint32_t points = 0;
  std::vector<Run> runs;                 ///< point-major, replication-minor
  std::string fingerprint() const;       ///< identifies the plan (resume checks it)
};

/// Reads and checks a sweep file (the same strict reader as scenarios); throws InputError with
/// FILE:LINE:COL and the key.
SweepSpec load_spec(const std::string& path);
/// Grid x zip groups x replications; seeds depend only on (base seed, replication).
Plan expand(const SweepSpec& spec);
uint64_t replication_seed(uint64_t base_seed, uint32_t replication);

/// Writes DIR/plan.csv, DIR/tasks/<index>.args and DIR/plan.fingerprint (atomically), or checks
/// that an existing DIR holds the same plan (throws InputError otherwise).
void prepare_dir(const Plan& plan, const std::string& dir);
/// Indices of runs without a completed run directory.
std::vector<uint32_t> pending(const Plan& plan, const std::string& dir);

struct RunStatus {
  bool ok = false;
  int exit_code = 0;
  std::string error;  ///< failure record (exit code and stderr tail)
};
RunStatus status_of(const Run& run, const std::string& dir);

/// Writes DIR/results.csv and DIR/aggregate.csv from the run directories; returns (ok, failed).
std::pair<uint32_t, uint32_t> collect(const Plan& plan, const std::string& dir);

/// Student-t 97.5% quantile for n-1 degrees of freedom times sd/sqrt(n) (0 below n = 2).
double ci95_half_width(double sd, uint64_t n);

// --- one run (the body of `modisim sweep-task DIR INDEX`) ---------------------------------
struct TaskPaths {
  std::string final_dir, partial_dir, failure_file, stderr_file;
};
TaskPaths task_paths(const std::string& dir, const std::string& run_id);
/// The arguments of task INDEX (from DIR/tasks/<index>.args) and its run id.
std::pair<std::string, std::vector<std::string>> read_task(const std::string& dir, uint32_t index);

}  // namespace modi::sweep
