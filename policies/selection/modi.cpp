// `modi`: MODI's rule (Ogden & Guo, HotEdge 2018): run on the phone when a resident model is
// accurate enough, predicted in time and the battery allows; otherwise offload along the phone's
// path of tiers; keep working on the phone when no tier is reachable.
#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

class ModiPolicy final : public SelectionPolicy {
public:
  explicit ModiPolicy(const Params& p) : min_battery_(p.at("min_battery")), use_cloud_(p.at("use_cloud") != 0) {}

  SelectionDecision select(const SelectionContext& ctx) const override {
    const double need = ctx.request.accuracy_need;
    const double deadline = ctx.request.deadline_s;
    if (ctx.phone.battery_fraction >= min_battery_)
      if (const auto* m = most_accurate_within(ctx.device, deadline, need))
        return choose(ctx.device, *m);
    if (const SiteOption* remote = remote_site(ctx, deadline, need)) {
      auto d = best_effort(*remote, deadline, need);
      d.fallback_local = true;
      return d;
    }
    if (!ctx.device.models.empty())  // no reachable tier: keep working on the device
      return best_effort(ctx.device, deadline, need);
    return fail(Reason::NO_MODEL);
  }

private:
  /// The nearest tier with an adequate model predicted in time (the cloud only with use_cloud);
  /// if none, the nearest tier that is not the cloud.
  const SiteOption* remote_site(const SelectionContext& ctx, double deadline, double need) const {
    for (const auto& r : ctx.remote) {
      if (!r.reachable || r.models.empty() || (r.site == Site::CLOUD && !use_cloud_))
        continue;
      if (most_accurate_within(r, deadline, need))
        return &r;
    }
    return first_remote(ctx, Site::EDGE);
  }

  double min_battery_;
  bool use_cloud_;
};

}  // namespace

SelectionPolicyInfo modi_info() {
  return {"modi",
          "MODI's rule: local if a resident model is accurate enough, predicted in time and the battery allows; "
          "else the nearest tier with an adequate model in time (else the edge, best effort); on-device fallback "
          "when no tier is reachable",
          {ParamSpec::number("min_battery", 0.2, 0.0, 1.0, "below this state of charge (fraction) the phone offloads"),
           ParamSpec::boolean("use_cloud", false, "consider the cloud too, after the nearer tiers")},
          [](const Params& p) { return std::make_unique<ModiPolicy>(p); }};
}

}  // namespace modi::policy::selection
