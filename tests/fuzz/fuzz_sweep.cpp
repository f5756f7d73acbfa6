// Fuzzes the sweep-file loader and the plan expansion.
#include "common.hpp"
#include "sim/core/error.hpp"
#include "sim/sweep/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = fuzz::scratch() / "sweep.yaml";
  fuzz::write(path, data, size);
  // the base scenario named in the input is resolved next to the sweep file
  static const bool linked = [] {
    std::error_code ec;
    std::filesystem::copy_file(MODISIM_FIXTURE_SCENARIO, fuzz::scratch() / "fixed.yaml",
                               std::filesystem::copy_options::overwrite_existing, ec);
    return true;
  }();
  (void)linked;
  try {
    const auto spec = modi::sweep::load_spec(path.string());
    (void)modi::sweep::expand(spec);
  } catch (const modi::InputError&) {
  }
  return 0;
}
