// `oracle`: a hindsight upper bound. It knows this request's sampled service and network times
// (queue waits as predicted) and picks the most accurate option in time, else the fastest.
#include <algorithm>

#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

class OraclePolicy final : public SelectionPolicy {
public:
  SelectionDecision select(const SelectionContext& ctx) const override {
    Best best;
    consider(ctx.device, ctx.request.deadline_s, best);
    for (const auto& r : ctx.remote)
      consider(r, ctx.request.deadline_s, best);
    if (!best.model)
      return fail(Reason::NO_MODEL);
    return choose(*best.site, *best.model);
  }

private:
  struct Best {
    const SiteOption* site = nullptr;
    const ModelOption* model = nullptr;
    double latency_s = 0;
    bool in_time = false;
  };

  static void consider(const SiteOption& s, double deadline_s, Best& best) {
    if (!s.reachable)
      return;
    for (const auto& m : s.models) {
      const double lat = std::max(0.0, s.hindsight_network_s) + s.est_queue_s + m.hindsight_s;
      const bool in_time = lat <= deadline_s;
      bool better;
      if (!best.model)
        better = true;
      else if (in_time != best.in_time)
        better = in_time;
      else if (in_time)
        better = m.accuracy > best.model->accuracy || (m.accuracy == best.model->accuracy && lat < best.latency_s);
      else
        better = lat < best.latency_s;
      if (better)
        best = {&s, &m, lat, in_time};
    }
  }
};

}  // namespace

SelectionPolicyInfo oracle_info() {
  SelectionPolicyInfo info{"oracle",
                           "hindsight upper bound: knows this request's sampled times; the most accurate option that "
                           "meets the deadline, else the fastest",
                           {},
                           [](const Params&) { return std::make_unique<OraclePolicy>(); }};
  info.needs_hindsight = true;
  return info;
}

}  // namespace modi::policy::selection
