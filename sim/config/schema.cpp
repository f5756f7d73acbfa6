#include "sim/config/schema.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace modi::config {

namespace {

/// x in the largest unit of `units` (value, name) that expresses it as a whole-ish number.
std::string in_units(double x, const std::vector<std::pair<double, const char*>>& units) {
  if (x == 0)
    return fmt::format("0{}", units.back().second);
  for (const auto& [scale, name] : units) {
    const double v = x / scale;
    if (std::fabs(v) >= 1 && std::fabs(v - std::round(v * 1000) / 1000) < 1e-9)
      return num_text(std::round(v * 1000) / 1000) + name;
  }
  return num_text(x) + units.back().second;
}

}  // namespace

std::string human_duration(double s) {
  return in_units(s, {{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}, {1e-3, "ms"}, {1e-6, "us"}, {1e-9, "ns"}, {1, "s"}});
}
std::string human_size(double b) { return in_units(b, {{1e12, "TB"}, {1e9, "GB"}, {1e6, "MB"}, {1e3, "kB"}, {1, "B"}}); }
std::string human_bandwidth(double bps) {
  return in_units(bps, {{1e9, "Gbps"}, {1e6, "Mbps"}, {1e3, "kbps"}, {1, "bps"}});
}

bool is_identifier(const std::string& name) {
  if (name.empty() || name.size() > 64 || !std::isalnum(static_cast<unsigned char>(name[0])))
    return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x80 && (std::isalnum(c) || c == '_' || c == '-' || c == '.');
  });
}

std::string range_text(double lo, double hi, const std::string& unit) {
  const bool no_lo = lo <= -1e300, no_hi = hi >= 1e300;
  if (no_lo && no_hi)
    return "";
  if (no_hi)
    return fmt::format(">= {}{}", num_text(lo), unit.empty() ? "" : " " + unit);
  if (no_lo)
    return fmt::format("<= {}{}", num_text(hi), unit.empty() ? "" : " " + unit);
  return fmt::format("[{}, {}]{}", num_text(lo), num_text(hi), unit.empty() ? "" : " " + unit);
}

}  // namespace modi::config
