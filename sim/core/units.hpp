// Human units in YAML ("250ms", "25KB", "54Mbps", "0.1/s") parsed once at load time into SI
// doubles whose names carry the unit (_s, _bytes, _bps, _per_s, _w). Parsing never uses the
// locale. Each parser throws UnitError with what was expected.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace modi::units {

class UnitError : public std::runtime_error {
public:
  UnitError(const std::string& what, std::string expected)
      : std::runtime_error(what), expected_(std::move(expected)) {}
  const std::string& expected() const { return expected_; }

private:
  std::string expected_;
};

/// A plain decimal number ("1", "-2.5", "1e-3"); the whole string must be consumed.
double parse_number(std::string_view text);

/// "250ms", "1.5s", "2min", "1h", "800us", "10ns". A bare number is rejected.
double parse_duration_s(std::string_view text);
/// "25KB" (1000), "2KiB" (1024), "1.5MB", "2GiB", "100B".
double parse_size_bytes(std::string_view text);
/// Bits per second: "54Mbps", "1Gbps", "100kbps", "9600bps".
double parse_bandwidth_bps(std::string_view text);
/// Events per second: "0.1/s", "6/min", "2/h".
double parse_rate_per_s(std::string_view text);
/// Watts: "2.5W", "800mW".
double parse_power_w(std::string_view text);
/// Energy: "10J", "5kJ", "3000mAh@3.85V" (charge at a nominal voltage).
double parse_energy_j(std::string_view text);

/// Human formatting for summaries ("1.25 s", "312 ms").
std::string format_duration(double seconds);

}  // namespace modi::units
