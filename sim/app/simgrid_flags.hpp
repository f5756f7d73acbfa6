// SimGrid's --cfg= and --log= flags pass through to the engine, which aborts (or crashes) on a
// value it cannot use. They are checked here first, against the options modisim supports, so a
// bad one is bad input (exit 2) before any work starts. `modisim list --simgrid` prints the table.
#pragma once

#include <string>
#include <vector>

namespace modi::app {

/// Throws InputError naming `source` (e.g. "command line" or "MODISIM_SIMGRID_ARGS") and the flag.
void check_simgrid_flags(const std::vector<std::string>& flags, const std::string& source);

/// One line per supported --cfg option: name, accepted values, meaning.
std::vector<std::string> supported_simgrid_options();

}  // namespace modi::app
