// Fuzzes every trace-table parser: the first byte picks which table of a copy of the fixture
// trace set the rest of the input replaces, then the whole set is loaded.
#include <filesystem>

#include "common.hpp"
#include "sim/core/traces.hpp"
#include "sim/core/error.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* files[] = {"models.csv",   "devices.csv", "device_timings.csv", "quantiles.csv",
                                "networks.csv", "servers.csv", "server_timings.csv", "radio_power.csv"};
  if (size < 1)
    return 0;
  const auto dir = fuzz::scratch() / "traces";
  static bool copied = false;
  if (!copied) {
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(MODISIM_FIXTURE_TRACES))
      fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
    copied = true;
  }
  const char* target = files[data[0] % 8];
  const auto original = fs::path(MODISIM_FIXTURE_TRACES) / target;
  fuzz::write(dir / target, data + 1, size - 1);
  try {
    (void)modi::TraceSet::load(dir.string());
  } catch (const modi::InputError&) {
  }
  fs::copy_file(original, dir / target, fs::copy_options::overwrite_existing);
  return 0;
}
