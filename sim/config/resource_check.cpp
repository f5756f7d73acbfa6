#include "sim/config/resource_check.hpp"

#include "sim/config/schema.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <limits>

namespace modi::config::detail {

namespace {

// Per-item costs, rounded up from bench/results/scale.csv (peak RSS 41 MB at 1,000 phones,
// 1,426 MB at 1,000,000 phones with 10,000 edges and cells and 10 requests per phone).
constexpr double kFixedBytes = 64e6;
constexpr double kBytesPerPhone = 2048;
constexpr double kBytesPerSite = 32768;
constexpr double kBytesPerRequest = 16;
/// Placement and statistics rounds visit every phone or server: at most this many visits.
constexpr double kMaxManagementVisits = 1e10;

double app_requests(const AppConfig& a, double duration_s) {
  double n = 0;
  switch (a.arrival.kind) {
    case ArrivalConfig::Kind::POISSON:
      n = a.arrival.rate_per_s * duration_s * 1.1 + 10;  // the mean and a margin for the spread
      break;
    case ArrivalConfig::Kind::PERIODIC:
      n = std::max(0.0, duration_s - a.arrival.offset_s) / a.arrival.interval_s + 1;
      break;
    case ArrivalConfig::Kind::TRACE:
      return 0;
  }
  return a.arrival.max_requests ? std::min(n, static_cast<double>(a.arrival.max_requests)) : n;
}

std::string gigabytes(double b) { return fmt::format("{:.3g} GB", b / 1e9); }

/// The mapping node at a list entry's key, for its file and line.
YAML::Node entry(const Reading& r, const char* list, size_t i) {
  const YAML::Node l = r.root[list];
  return l && l.IsSequence() && i < l.size() ? YAML::Node(l[i]) : YAML::Node(r.root);
}

[[noreturn]] void fail_at(Reading& r, const YAML::Node& node, const std::string& path, const std::string& what,
                          const std::string& expected) {
  throw InputError(location_of(r.ctx, node, path), what, expected);
}

void check_memory(Reading& r) {
  const auto& s = r.s;
  const MemoryEstimate est = estimate_memory(s);
  const double avail = available_memory_bytes();
  if (est.total() <= 0.9 * avail)
    return;
  const auto msg = fmt::format("the run needs about {} of memory (phones {}, servers and cells {}, requests {}), "
                               "more than the {} available",
                               gigabytes(est.total()), gigabytes(est.phones_bytes), gigabytes(est.sites_bytes),
                               gigabytes(est.requests_bytes), gigabytes(avail));
  const char* expected = "fewer phones, sites or requests, or more memory; MODISIM_MEMORY_LIMIT=<bytes> overrides the probe";
  if (est.requests_bytes >= std::max(est.phones_bytes, est.sites_bytes)) {
    fail_at(r, r.root["simulation"] ? r.root["simulation"] : r.root, "simulation.duration", msg, expected);
  }
  if (est.phones_bytes >= est.sites_bytes) {
    size_t biggest = 0;
    for (size_t i = 1; i < s.phones.size(); ++i)
      if (s.phones[i].count > s.phones[biggest].count)
        biggest = i;
    const auto node = entry(r, "phones", biggest);
    fail_at(r, node["count"] ? node["count"] : node, fmt::format("phones.{}.count", biggest), msg, expected);
  }
  const bool cells = !s.cells.empty();
  const auto node = entry(r, cells ? "cells" : "edges", 0);
  fail_at(r, node["count"] ? node["count"] : node, cells ? "cells.0.count" : "edges.0.count", msg, expected);
}

void check_management_rounds(Reading& r) {
  const auto& s = r.s;
  const auto& mm = s.management;
  double servers = 1;
  for (const auto& e : s.edges)
    servers += e.count;
  const double phones = static_cast<double>(s.phone_count());
  const double horizon = std::max(s.simulation.duration_s, s.simulation.end_s);
  const YAML::Node m = r.root["model_management"] ? r.root["model_management"] : r.root;
  const auto check = [&](double period, double visits_per_round, const char* key) {
    if (period <= 0 || !s.cloud.enabled)
      return;
    const double rounds = horizon / period;
    if (rounds * visits_per_round > kMaxManagementVisits)
      fail_at(r, m[key] ? m[key] : m, std::string("model_management.") + key,
              fmt::format("{} gives about {:.3g} rounds over {} of simulated time, each visiting {:.3g} phones or "
                          "servers: more than {:.0e} visits in all",
                          human_duration(period), rounds, human_duration(horizon), visits_per_round,
                          kMaxManagementVisits),
              "a longer period");
  };
  check(mm.placement_period_s, phones + servers, "placement_period");
  check(mm.stats_period_s, servers, "stats_period");
}

double meminfo_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kb = 0;
  std::string unit;
  while (in >> key >> kb >> unit)
    if (key == "MemAvailable:")
      return kb * 1024;
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page)
                               : std::numeric_limits<double>::infinity();
}

}  // namespace

double expected_requests(const Scenario& s) {
  double n = 0;
  for (const auto& g : s.phones)
    for (const auto& a : g.apps)
      n += static_cast<double>(g.count) * app_requests(a, s.simulation.duration_s);
  return n;
}

MemoryEstimate estimate_memory(const Scenario& s) {
  MemoryEstimate e;
  e.fixed_bytes = kFixedBytes;
  e.phones_bytes = kBytesPerPhone * static_cast<double>(s.phone_count());
  double sites = 1;
  for (const auto& g : s.edges)
    sites += g.count;
  for (const auto& c : s.cells)
    sites += c.count;
  e.sites_bytes = kBytesPerSite * sites;
  e.requests_bytes = kBytesPerRequest * expected_requests(s);
  return e;
}

double available_memory_bytes() {
  if (const char* env = std::getenv("MODISIM_MEMORY_LIMIT"); env && *env)
    return std::strtod(env, nullptr);
  double avail = meminfo_available();
  for (const int res : {RLIMIT_AS, RLIMIT_DATA}) {
    rlimit lim{};
    if (getrlimit(res, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
      avail = std::min(avail, static_cast<double>(lim.rlim_cur));
  }
  return avail;
}

void check_resources(Reading& r) {
  check_management_rounds(r);
  check_memory(r);
}

}  // namespace modi::config::detail
