// Fuzzes the scenario loader (YAML, strict keys, units, references) against the fixture traces.
#include "common.hpp"
#include "sim/config/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The seeds name files relative to themselves (traces-fixed/, request traces): provide them.
  static const bool prepared = [] {
    namespace fs = std::filesystem;
    const fs::path data_dir = fs::path(MODISIM_FIXTURE_TRACES).parent_path();
    fs::copy(data_dir / "traces-fixed", fuzz::scratch() / "traces-fixed",
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    for (const char* f : {"two_requests.csv", "handover.csv", "no_requests.csv", "spaced_wide.csv"})
      fs::copy_file(data_dir / f, fuzz::scratch() / f, fs::copy_options::overwrite_existing);
    return true;
  }();
  (void)prepared;
  const auto path = fuzz::scratch() / "scenario.yaml";
  fuzz::write(path, data, size);
  try {
    (void)modi::config::load(path.string(), {}, MODISIM_FIXTURE_TRACES);
  } catch (const modi::InputError&) {
  }
  return 0;
}
