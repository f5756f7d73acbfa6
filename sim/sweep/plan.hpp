// Sweeps as data: a sweep file (spec.hpp) expands into a deterministic list of runs; each run's
// manifest (its arguments and the digest of every file it reads) decides whether a sweep
// directory's results belong to it (sweep_dir.hpp); finished runs collect into results.csv and
// aggregate.csv (collect.hpp). No processes and no SimGrid here: sim/app/sweep_cmd.cpp runs it.
#pragma once

#include <cassert>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/sweep/collect.hpp"
#include "sim/sweep/spec.hpp"
#include "sim/sweep/sweep_dir.hpp"

namespace modi::sweep {

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
  /// Per point: "input <path> <digest>" lines for every file its runs read (check_points fills it).
  std::vector<std::string> point_inputs;

  /// The runs of `point`, by replication.
  std::span<const Run> point_runs(uint32_t point) const {
    assert(point < points && runs.size() == static_cast<size_t>(points) * spec.replications);
    return {runs.data() + static_cast<size_t>(point) * spec.replications, spec.replications};
  }
  /// The overrides of `point` (set: then swept), each named "--set <path>" in messages.
  std::vector<config::Override> overrides(uint32_t point) const;
  /// "a=1, b=x" for messages.
  std::string describe(uint32_t point) const;
  /// Where the sweep file gives the value of `path` at `point` (or the fixed `set:` entry).
  SourceLocation where(uint32_t point, const std::string& path) const;
  /// What identifies a run: its id, base scenario, arguments and input digests.
  std::string manifest(const Run& run) const;
};

/// Grid x zip groups x replications; seeds depend only on (base seed, replication).
Plan expand(const SweepSpec& spec);
uint64_t replication_seed(uint64_t base_seed, uint32_t replication);

}  // namespace modi::sweep
