// Fuzzes the CSV reader and the event-trace parsers (requests, mobility, availability).
#include <string_view>

#include "common.hpp"
#include "sim/core/error.hpp"
#include "sim/core/event_traces.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1)
    return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const auto t = modi::csv::Table::parse(text, "fuzz.csv");
    switch (data[0] % 3) {
      case 0:
        (void)modi::parse_named_events(t, "phone", "app");
        break;
      case 1:
        (void)modi::parse_named_events(t, "phone", "cell");
        break;
      default:
        (void)modi::parse_availability(t, 1e6);
    }
  } catch (const modi::InputError&) {
  }
  return 0;
}
