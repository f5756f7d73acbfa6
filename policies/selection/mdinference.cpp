// `mdinference`: MDInference (Ogden & Guo, IC2E 2020). The time budget for the remote service is
// the deadline minus the estimated round trip and queue; the most accurate model whose mean +
// k*sd is strictly below its tier's budget runs there; when none is, the fastest is sent anyway.
// An optional on-device duplicate answers when the remote result misses the deadline.
// MDInference's simulation knows each request's own network draw (budget = SLA - 2n:
// simulation.network_estimate: oracle); with an estimate from history, network_k > 0 also keeps
// network_k standard deviations of the round-trip estimate out of the budget (a modisim extension).
#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

class MdInferencePolicy final : public SelectionPolicy {
public:
  explicit MdInferencePolicy(const Params& p)
      : k_(p.at("k")), network_k_(p.at("network_k")), duplicate_(p.at("duplicate") != 0),
        use_cloud_(p.at("use_cloud") != 0) {}

  SelectionDecision select(const SelectionContext& ctx) const override {
    std::vector<const SiteOption*> tiers;
    for (const auto& r : ctx.remote)
      if (r.reachable && !r.models.empty() && (r.site != Site::CLOUD || use_cloud_))
        tiers.push_back(&r);
    if (tiers.empty()) {
      if (ctx.device.models.empty())
        return fail(Reason::NO_MODEL);
      return best_effort(ctx.device, ctx.request.deadline_s);
    }
    const SiteOption* site = nullptr;
    const ModelOption* pick = most_accurate_eligible(tiers, ctx.request.deadline_s, site);
    if (!pick)
      pick = fastest_overall(tiers, site);
    SelectionDecision d = choose(*site, *pick);
    d.fallback_local = true;
    if (const auto* local = duplicate_ ? fastest(ctx.device) : nullptr)
      d.duplicate_model = local->model;
    return d;
  }

private:
  const ModelOption* most_accurate_eligible(const std::vector<const SiteOption*>& tiers, double deadline,
                                            const SiteOption*& site) const {
    const ModelOption* pick = nullptr;
    for (const auto* t : tiers) {
      const double budget = deadline - (t->est_network_s + network_k_ * t->est_network_sd_s) - t->est_queue_s;
      for (const auto& m : t->models) {
        if (!(m.est_mean_s + k_ * m.est_sd_s < budget))
          continue;
        if (!pick || m.accuracy > pick->accuracy) {
          pick = &m;
          site = t;
        }
      }
    }
    return pick;
  }

  /// Each tier's fastest model; the tier whose answer is predicted first wins (nearest on ties).
  static const ModelOption* fastest_overall(const std::vector<const SiteOption*>& tiers, const SiteOption*& site) {
    const ModelOption* pick = nullptr;
    double best_s = 0;
    for (const auto* t : tiers) {
      const ModelOption* m = fastest(*t);
      const double s = t->predicted_s(*m);
      if (!pick || s < best_s) {
        pick = m;
        site = t;
        best_s = s;
      }
    }
    return pick;
  }

  double k_;
  double network_k_;
  bool duplicate_;
  bool use_cloud_;
};

}  // namespace

SelectionPolicyInfo mdinference_info() {
  return {"mdinference",
          "MDInference (IC2E 2020): budget = deadline - estimated round trip - queue; the most accurate model whose "
          "mean + k*sd is below its tier's budget, else the fastest; optional on-device duplicate",
          {ParamSpec::number("k", 1.0, 0.0, 100.0, "standard deviations of service time kept as safety margin"),
           ParamSpec::number("network_k", 0.0, 0.0, 100.0,
                             "standard deviations of the round-trip estimate also kept out of the budget (0: the "
                             "paper's rule)"),
           ParamSpec::boolean("duplicate", false,
                              "also run the fastest resident model locally; answer with it if the remote result "
                              "misses the deadline"),
           ParamSpec::boolean("use_cloud", false, "consider the cloud too, besides the nearer tiers")},
          [](const Params& p) { return std::make_unique<MdInferencePolicy>(p); }};
}

}  // namespace modi::policy::selection
