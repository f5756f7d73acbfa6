// What a scenario will ask of the machine, estimated before anything is built: memory (phones,
// servers and cells, requests) against the memory available, and the work of the periodic model
// management rounds. A scenario that cannot fit is bad input naming the key that dominates,
// instead of an out-of-memory crash or a run that never ends.
#pragma once

#include <cstdint>
#include <string>

#include "sim/config/section_readers.hpp"

namespace modi::config::detail {

/// Bytes the run is expected to need at its peak (an upper estimate, from bench/run-scale's
/// measurements: about 1.5 KB per phone at 1,000,000 phones).
struct MemoryEstimate {
  double fixed_bytes = 0;
  double phones_bytes = 0;
  double sites_bytes = 0;     ///< servers and cells (SimGrid hosts, links, zones)
  double requests_bytes = 0;  ///< per-request statistics kept to the end (latency quantiles)
  double total() const { return fixed_bytes + phones_bytes + sites_bytes + requests_bytes; }
};

MemoryEstimate estimate_memory(const Scenario& s);
/// Requests the scenario's apps are expected to issue (request traces are not counted).
double expected_requests(const Scenario& s);
/// Memory this process may use: MemAvailable (or physical memory), capped by RLIMIT_AS/RLIMIT_DATA.
/// MODISIM_MEMORY_LIMIT (bytes) overrides it, for tests and shared machines.
double available_memory_bytes();

/// Throws InputError with the file and line of the dominating key.
void check_resources(Reading& r);

}  // namespace modi::config::detail
