// Fuzzes what the command line feeds the loader: --set overrides (paths, YAML values, list
// indices, aliases in the base scenario), --seed, and SimGrid --cfg=/--log= flags. One argument
// per input line: "--cfg=..."/"--log=..." go to the SimGrid flag check, "seed:X" is --seed X,
// anything else is a --set text. Bad input may only raise modi::InputError.
#include <string>
#include <vector>

#include "common.hpp"
#include "sim/app/simgrid_flags.hpp"
#include "sim/config/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> flags;
  std::vector<modi::config::Override> overrides;
  try {
    size_t start = 0;
    for (int n = 0; n < 16 && start <= text.size(); ++n) {
      const auto end = std::min(text.find('\n', start), text.size());
      const std::string arg = text.substr(start, end - start);
      start = end + 1;
      if (arg.rfind("--cfg=", 0) == 0 || arg.rfind("--log=", 0) == 0)
        flags.push_back(arg);
      else if (arg.rfind("seed:", 0) == 0)
        overrides.push_back({"simulation.seed", arg.substr(5), "--seed"});
      else if (!arg.empty())
        overrides.push_back(modi::config::parse_override(arg));
    }
    modi::app::check_simgrid_flags(flags, "command line");
    (void)modi::config::load(MODISIM_CLI_SCENARIO, overrides, MODISIM_FIXTURE_TRACES);
  } catch (const modi::InputError&) {
  }
  return 0;
}
