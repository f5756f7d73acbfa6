#include "sim/core/reason.hpp"

#include <array>
#include <utility>

namespace modi {
namespace {

constexpr std::array<std::pair<Reason, std::string_view>, 12> NAMES{{
    {Reason::EMPTY, ""},
    {Reason::NO_LOCAL_MODEL, "no_local_model"},
    {Reason::NO_EDGE_MODEL, "no_edge_model"},
    {Reason::NO_MODEL, "no_model"},
    {Reason::UNREACHABLE, "unreachable"},
    {Reason::INVALID_DECISION, "invalid_decision"},
    {Reason::BATTERY, "battery"},
    {Reason::NETWORK, "network"},
    {Reason::EDGE_DOWN, "edge_down"},
    {Reason::TIMEOUT, "timeout"},
    {Reason::SIM_END, "sim_end"},
    {Reason::HANDOVER, "handover"},
}};

}  // namespace

std::string_view reason_name(Reason r) {
  for (const auto& [reason, name] : NAMES)
    if (reason == r)
      return name;
  return "?";
}

std::optional<Reason> parse_reason(std::string_view name) {
  for (const auto& [reason, n] : NAMES)
    if (n == name && reason != Reason::EMPTY)
      return reason;
  return std::nullopt;
}

}  // namespace modi
