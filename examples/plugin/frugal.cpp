// An out-of-tree selection policy for modisim, loaded with `modisim run ... --plugin libfrugal.so`.
//
// `frugal`: the least accurate model that still meets the app's accuracy need (plus `margin`),
// wherever it is: the phone first, then the servers on the phone's path, nearest first; ties go
// to the nearer site. Deadlines are ignored. When no model is good enough, the most accurate one.
// The idea: a cheaper model leaves the accurate ones (and the cores they need) to apps that ask
// for them. None of the built-in policies decides this way.
#include "policies/plugin.hpp"

namespace {

using modi::policy::ModelOption;
using modi::policy::Params;
using modi::policy::ParamSpec;
using modi::policy::SelectionContext;
using modi::policy::SelectionDecision;
using modi::policy::SelectionPolicy;
using modi::policy::SelectionPolicyInfo;
using modi::policy::SiteOption;

class FrugalPolicy final : public SelectionPolicy {
public:
  explicit FrugalPolicy(const Params& p) : margin_(p.at("margin")) {}

  SelectionDecision select(const SelectionContext& ctx) const override {
    const double need = ctx.request.accuracy_need + margin_;
    Choice best;
    best.consider(ctx.device, need);
    for (const auto& server : ctx.remote)
      if (server.reachable)
        best.consider(server, need);
    if (!best.model)
      return modi::policy::fail(modi::Reason::NO_MODEL);
    return modi::policy::choose(*best.site, *best.model);
  }

private:
  /// The best option so far: an adequate model beats an inadequate one; among adequate ones the
  /// least accurate wins, among inadequate ones the most accurate. Equal ones keep the first seen.
  struct Choice {
    const SiteOption* site = nullptr;
    const ModelOption* model = nullptr;
    bool adequate = false;

    void consider(const SiteOption& s, double need) {
      for (const auto& m : s.models) {
        const bool ok = m.accuracy >= need;
        const bool better = !model || (ok && !adequate) ||
                            (ok == adequate && (ok ? m.accuracy < model->accuracy : m.accuracy > model->accuracy));
        if (better) {
          site = &s;
          model = &m;
          adequate = ok;
        }
      }
    }
  };

  double margin_;
};

SelectionPolicyInfo frugal_info() {
  return {"frugal",
          "the least accurate model that meets the accuracy need (plus margin) on the phone or a server on its path, "
          "nearest first; deadlines ignored; else the most accurate",
          {ParamSpec::number("margin", 0.0, 0.0, 1.0, "top-1 the model must have above the app's accuracy need")},
          [](const Params& p) { return std::make_unique<FrugalPolicy>(p); }};
}

}  // namespace

MODISIM_PLUGIN(registrar) { registrar.add(frugal_info()); }
