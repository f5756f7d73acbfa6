// Fuzzes the external-policy protocol's reply readers (policies/external/protocol.cpp): any line
// a policy writes is either a valid decision for the question asked or an InputError.
#include <string_view>

#include "policies/external/protocol.hpp"

namespace {

using namespace modi::policy;

SelectionContext selection_context() {
  SelectionContext c;
  c.request = {7, 0, 0.8, 1.0, 25000, 200};
  c.device.models = {{1, 0.7, 0.1, 0.01, true, 0.3, -1}, {4, 0.9, 0.4, 0.02, false, 0.9, -1}};
  SiteOption edge;
  edge.site = Site::EDGE;
  edge.name = "edge";
  edge.est_network_s = 0.05;
  edge.models = {{2, 0.8, 0.2, 0.01, true, 0, -1}, {5, 0.95, 0.3, 0.01, false, 0, -1}};
  c.remote = {edge};
  return c;
}

PlacementContext placement_context() {
  PlacementContext c;
  c.storage_bytes = 10e6;
  c.tasks = {{"flowers", 10, 0.7, true}};
  c.candidates = {{1, 0, 4e6, 0.7, false, 0, 3}, {2, 0, 8e6, 0.8, false, 0, 1}, {3, 0, 1e6, 0.6, true, 0.2, 0}};
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const SelectionContext select = selection_context();
  static const PlacementContext place = placement_context();
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const external::ReplyOrigin origin{"fuzz", 1, "request 7"};
  try {
    const auto d = external::read_selection_reply(select, line, origin);
    if (d.model != modi::NONE && d.site == Site::DEVICE && d.model != 1 && d.model != 4)
      __builtin_trap();  // a decision for a model the phone does not offer
  } catch (const modi::InputError&) {
  }
  try {
    const auto plan = external::read_placement_reply(place, line, origin);
    double bytes = 0;
    for (auto m : plan.keep)
      bytes += m == 1 ? 4e6 : m == 2 ? 8e6 : 1e6;
    if (bytes > place.storage_bytes)
      __builtin_trap();  // a plan over the budget got through
  } catch (const modi::InputError&) {
  }
  return 0;
}
