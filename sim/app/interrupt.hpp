// SIGINT, SIGTERM and SIGHUP during `modisim run`: one line on stderr, the run's partial files
// removed, exit 128 + signal (130 for SIGINT, 143 for SIGTERM). SimGrid installs its own SIGINT
// handler (an actor dump) when its engine starts, so this one is installed after it.
#pragma once

#include <string>

namespace modi::app {

/// Installs the handlers for a run writing into `out_dir` (which output::claim_run_dir claimed).
void stop_cleanly_on_signals(const std::string& out_dir);

}  // namespace modi::app
