// A sweep file as data: the base scenario, `set:` overrides for every run, grid axes (full
// factorial) and zip groups (values that move together), replications and a base seed. Every
// value keeps its place in the file, so a point that fails its check names the sweep file's line.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"

namespace modi::sweep {

/// One swept parameter: a --set path and its values (as YAML text), each with its place.
struct Axis {
  std::string path;
  std::vector<std::string> values;
  std::vector<SourceLocation> where;  ///< of each value
};

struct Fixed {
  std::string path, value;
  SourceLocation where;
};

struct SweepSpec {
  std::string file;                  ///< the sweep file
  std::string base_config;           ///< resolved path of the base scenario
  uint64_t base_seed = 1;
  uint32_t replications = 1;
  std::vector<Fixed> fixed;          ///< `set:` applied to every run
  std::vector<Axis> grid;            ///< full factorial
  std::vector<std::vector<Axis>> zips;  ///< each group varies together (equal lengths)
};

/// Reads and checks a sweep file (the same strict reader as scenarios); throws InputError with
/// FILE:LINE:COL and the key. Keys are --set paths: names and list indices joined by dots.
SweepSpec load_spec(const std::string& path);

}  // namespace modi::sweep
