// Why a request failed or fell back to the phone: one closed list of reasons, each with the name
// written to requests.csv (`failure`, `fallback`) and accepted from external policies.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace modi {

enum class Reason : uint8_t {
  EMPTY,             ///< no failure (an empty cell)
  NO_LOCAL_MODEL,    ///< the phone stores no model of the task
  NO_EDGE_MODEL,     ///< the edge stores no model of the task
  NO_MODEL,          ///< no model anywhere the policy could use
  UNREACHABLE,       ///< the profiler knows the path to the edge is down
  INVALID_DECISION,  ///< the policy chose a model the site does not offer
  BATTERY,           ///< the phone's battery was empty
  NETWORK,           ///< a link on the path failed
  EDGE_DOWN,         ///< the server failed (its queue is lost)
  TIMEOUT,           ///< the reply did not come back within faults.request_timeout
  SIM_END,           ///< still running at simulation.end
  HANDOVER,          ///< the phone left the cell while the request was offloaded (in_flight: fail)
};

/// The name written to the outputs ("" for NONE).
std::string_view reason_name(Reason r);
/// The reason with that name; nullopt for an unknown name.
std::optional<Reason> parse_reason(std::string_view name);

}  // namespace modi
