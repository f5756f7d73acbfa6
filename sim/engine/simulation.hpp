// One simulation run: wires the components of sim/model (plain state and rules) and sim/engine
// (SimGrid actors and activities), runs SimGrid, and hands the results to the recorder. One run
// per process (SimGrid 3.32 cannot restart its clock).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/output/rows.hpp"

namespace modi::engine {

struct RunOptions {
  std::string out_dir;
  bool progress = false;                     ///< live progress line on stderr
  std::vector<std::string> simgrid_args;     ///< --cfg=... / --log=... passed through
  std::vector<std::pair<std::string, std::string>> provenance;  ///< written into run.yaml
  std::function<void()> on_engine_started;  ///< called once SimGrid's engine exists (signal handlers)
};

/// Runs the scenario and writes the result files. Returns the summary; throws InputError for
/// bad input discovered while building the world (request and mobility traces), SimulationError
/// when the simulation itself fails (deadlock, lost requests). No complete-looking files are left
/// on failure.
output::Summary run(const config::Scenario& scenario, const RunOptions& options);

}  // namespace modi::engine
