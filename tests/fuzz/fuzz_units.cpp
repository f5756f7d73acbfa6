// Fuzzes the unit parsers ("250ms", "25KB", "54Mbps", "0.1/s", "3000mAh@3.85V").
#include <string_view>

#include "sim/core/units.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace modi::units;
  for (auto parse : {parse_number, parse_duration_s, parse_size_bytes, parse_bandwidth_bps, parse_rate_per_s,
                     parse_power_w, parse_energy_j}) {
    try {
      (void)parse(text);
    } catch (const UnitError&) {
    }
  }
  return 0;
}
