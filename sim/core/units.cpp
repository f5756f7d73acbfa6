#include "sim/core/units.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"

namespace modi {

}  // namespace modi

namespace modi::units {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

struct Split {
  double value;
  std::string_view unit;
};

Split split_number(std::string_view text, const std::string& expected) {
  text = trim(text);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range)
    throw UnitError(fmt::format("'{}' is too large or too small for a double", printable(text, 40)), expected);
  if (ec != std::errc() || ptr == text.data())
    throw UnitError(fmt::format("'{}' does not start with a number", printable(text, 40)), expected);
  if (!std::isfinite(value))
    throw UnitError(fmt::format("'{}' is not a finite number", printable(text, 40)), expected);
  return {value, trim(std::string_view(ptr, static_cast<size_t>(text.data() + text.size() - ptr)))};
}

double with_unit(std::string_view text, const std::vector<std::pair<std::string_view, double>>& table,
                 const std::string& expected) {
  auto [value, unit] = split_number(text, expected);
  if (unit.empty())
    throw UnitError(fmt::format("'{}' has no unit", printable(trim(text), 40)), expected);
  for (const auto& [name, factor] : table)
    if (unit == name) {
      if (!std::isfinite(value * factor))
        throw UnitError(fmt::format("'{}' is too large", printable(trim(text), 40)), expected);
      return value * factor;
    }
  throw UnitError(fmt::format("unknown unit '{}' in '{}'", printable(unit, 20), printable(trim(text), 40)), expected);
}

}  // namespace

double parse_number(std::string_view text) {
  auto [value, unit] = split_number(text, "a number");
  if (!unit.empty())
    throw UnitError(fmt::format("'{}' is not a plain number", printable(trim(text), 40)), "a number");
  return value;
}

double parse_duration_s(std::string_view text) {
  static const std::vector<std::pair<std::string_view, double>> table{
      {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}, {"min", 60.0}, {"h", 3600.0}, {"d", 86400.0}};
  return with_unit(text, table, "a duration such as 250ms, 1.5s, 2min or 1h");
}

double parse_size_bytes(std::string_view text) {
  static const std::vector<std::pair<std::string_view, double>> table{
      {"B", 1.0},          {"kB", 1e3},           {"KB", 1e3},
      {"MB", 1e6},         {"GB", 1e9},           {"TB", 1e12},
      {"KiB", 1024.0},     {"MiB", 1048576.0},    {"GiB", 1073741824.0},
      {"TiB", 1099511627776.0}};
  return with_unit(text, table, "a size such as 25KB, 1.5MB, 2GiB or 100B");
}

double parse_bandwidth_bps(std::string_view text) {
  static const std::vector<std::pair<std::string_view, double>> table{
      {"bps", 1.0}, {"kbps", 1e3}, {"Kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9}, {"Tbps", 1e12},
      {"Bps", 8.0}, {"kBps", 8e3}, {"KBps", 8e3}, {"MBps", 8e6}, {"GBps", 8e9}};
  return with_unit(text, table, "a bandwidth such as 54Mbps, 1Gbps or 100kbps");
}

double parse_rate_per_s(std::string_view text) {
  static const std::vector<std::pair<std::string_view, double>> table{
      {"/s", 1.0}, {"/min", 1.0 / 60.0}, {"/h", 1.0 / 3600.0}, {"Hz", 1.0}};
  return with_unit(text, table, "a rate such as 0.1/s, 6/min or 2/h");
}

double parse_power_w(std::string_view text) {
  static const std::vector<std::pair<std::string_view, double>> table{{"W", 1.0}, {"mW", 1e-3}, {"kW", 1e3}};
  return with_unit(text, table, "a power such as 2.5W or 800mW");
}

double parse_energy_j(std::string_view text) {
  const std::string expected = "an energy such as 10J, 5kJ, 2Wh or 3000mAh@3.85V";
  auto at = text.find('@');
  if (at != std::string_view::npos) {
    static const std::vector<std::pair<std::string_view, double>> charge{{"mAh", 3.6}, {"Ah", 3600.0}};
    static const std::vector<std::pair<std::string_view, double>> volts{{"V", 1.0}, {"mV", 1e-3}};
    return with_unit(text.substr(0, at), charge, expected) * with_unit(text.substr(at + 1), volts, expected);
  }
  static const std::vector<std::pair<std::string_view, double>> table{
      {"J", 1.0}, {"kJ", 1e3}, {"MJ", 1e6}, {"GJ", 1e9}, {"mJ", 1e-3}, {"Wh", 3600.0}, {"kWh", 3.6e6}};
  return with_unit(text, table, expected);
}

std::string format_duration(double seconds) {
  if (std::fabs(seconds) < 1.0)
    return fmt::format("{:.1f} ms", seconds * 1e3);
  return fmt::format("{:.3f} s", seconds);
}

}  // namespace modi::units
