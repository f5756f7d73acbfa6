// The external-policy line protocol, version 1 (docs/external-policies.md): what modisim writes
// (hello, select, place, completion, end: one JSON object per line, told apart by "type") and
// how a reply line is read back into a decision. Readers reject anything that is not a valid
// decision for the question asked with an InputError naming the reply, the key and the line
// received. Plain C++ (nlohmann-json), no SimGrid: the fuzz target calls the readers directly.
#pragma once

#include <string>
#include <string_view>

#include "policies/placement.hpp"
#include "policies/selection.hpp"

namespace modi::policy::external {

inline constexpr int PROTOCOL_VERSION = 1;
/// Longest reply line accepted (a placement reply lists at most every model once).
inline constexpr size_t MAX_REPLY_BYTES = 1 << 20;

/// `kind`: "selection" or "placement".
std::string hello_line(std::string_view kind);
std::string select_line(const SelectionContext& ctx);
std::string place_line(const PlacementContext& ctx);
std::string completion_line(const Completion& c);
std::string end_line();

/// Which reply is being read, for messages: `external policy '<command>' reply:<n>: <key>: ...`.
struct ReplyOrigin {
  std::string command;
  int reply = 0;
  std::string about;  ///< what it answers, e.g. "request 17" or "the plan for edge edge-2"
};

SelectionDecision read_selection_reply(const SelectionContext& ctx, std::string_view line, const ReplyOrigin& origin);
PlacementPlan read_placement_reply(const PlacementContext& ctx, std::string_view line, const ReplyOrigin& origin);

}  // namespace modi::policy::external
