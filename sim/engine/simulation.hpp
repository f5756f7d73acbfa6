// One simulation run: builds the SimGrid platform from a Scenario, drives the phones, edges
// and cloud, and hands every ended request to the Recorder. One run per process (SimGrid 3.32
// cannot restart its clock).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/engine/recorder.hpp"

namespace modi::engine {

struct RunOptions {
  std::string out_dir;
  bool progress = false;                     ///< live progress line on stderr
  std::vector<std::string> simgrid_args;     ///< --cfg=... / --log=... passed through
  std::vector<std::pair<std::string, std::string>> provenance;  ///< written into run.yaml
};

/// Runs the scenario and writes the result files. Returns the summary; throws InputError for
/// bad input discovered while building the world (request traces), SimulationError when the
/// simulation itself fails (deadlock, lost requests). No complete-looking files are left on
/// failure.
Summary run(const config::Scenario& scenario, const RunOptions& options);

}  // namespace modi::engine
