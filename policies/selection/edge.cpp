// `edge`: always offload to the phone's edge (the nearest tier that is not the cloud).
#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

class EdgePolicy final : public SelectionPolicy {
public:
  SelectionDecision select(const SelectionContext& ctx) const override {
    const auto* edge = first_remote(ctx, Site::EDGE);
    if (!edge) {
      for (const auto& r : ctx.remote)
        if (r.site == Site::EDGE && !r.reachable)
          return fail(Reason::UNREACHABLE);  // the profiler knows the path is down
      return fail(Reason::NO_EDGE_MODEL);
    }
    if (const auto* m = most_accurate(*edge))
      return choose(*edge, *m);
    return fail(Reason::NO_EDGE_MODEL);
  }
};

}  // namespace

SelectionPolicyInfo edge_info() {
  return {"edge",
          "always offload to the phone's edge server (the nearest tier that is not the cloud), running the most "
          "accurate model stored there",
          {},
          [](const Params&) { return std::make_unique<EdgePolicy>(); }};
}

}  // namespace modi::policy::selection
