// Physical plausibility of trace table values: an inference of 0.1 ms or 2 minutes on a phone, a
// 220 W idle phone, a 3 mAh battery or seconds written where milliseconds are expected pass
// every syntax check and then quietly distort a run. Values outside the ranges declared here are
// bad input naming the file, line, column and the plausible range, unless the row says it is
// intended: a non-empty `intended` cell (e.g. "test fixture") turns the check off for that row.
#pragma once

#include "sim/core/trace_layers.hpp"

namespace modi {

struct PlausibleRange {
  double lo, hi;
  const char* unit;
  const char* what;  ///< "a phone's inference time", for the message
};

namespace plausible {
// Phones (per device class): powers above idle while working, baseline, screen, battery.
inline constexpr PlausibleRange kPhoneIdleW{0.001, 3, "W", "a phone's idle power"};
inline constexpr PlausibleRange kPhoneScreenW{0, 5, "W", "a phone's screen power"};
inline constexpr PlausibleRange kPhonePhaseW{0, 20, "W", "a phone's power while working"};
inline constexpr PlausibleRange kBatteryMah{300, 30000, "mAh", "a phone battery's capacity"};
inline constexpr PlausibleRange kBatteryV{2.5, 5, "V", "a phone battery's nominal voltage"};
// Phone phase times (mean_ms of device_timings.csv).
inline constexpr PlausibleRange kImageLoadMs{0.2, 10000, "ms", "a phone's image load time"};
inline constexpr PlausibleRange kModelLoadMs{1, 120000, "ms", "a phone's model load time"};
inline constexpr PlausibleRange kPhoneInferenceMs{0.5, 60000, "ms", "a phone's inference time"};
// Servers.
inline constexpr PlausibleRange kServerInferenceMs{0.05, 60000, "ms", "a server's inference time"};
inline constexpr PlausibleRange kServerW{1, 10000, "W", "a server's power"};
// Networks and radios.
inline constexpr PlausibleRange kLinkBps{1e3, 1e12, "bit/s", "a link's bandwidth"};
inline constexpr PlausibleRange kRadioMw{0, 10000, "mW", "a radio's power"};
inline constexpr PlausibleRange kRadioMs{0, 60000, "ms", "a radio state's duration"};
}  // namespace plausible

/// Fails (InputError at the row's file and line) when `value` is outside `r` and the row is not
/// marked intended.
void check_plausible(const TableRow& row, const char* col, double value, const PlausibleRange& r);

}  // namespace modi
