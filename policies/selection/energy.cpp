// `energy`: MAUI-style (Cuervo et al., MobiSys 2010): offload when the phone's radio energy for
// the exchange is below the CPU energy of the local alternative and the edge is predicted in
// time; otherwise run locally.
#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

class EnergyPolicy final : public SelectionPolicy {
public:
  SelectionDecision select(const SelectionContext& ctx) const override {
    const double need = ctx.request.accuracy_need;
    const double deadline = ctx.request.deadline_s;
    const SiteOption* edge = first_remote(ctx, Site::EDGE);
    const ModelOption* local = most_accurate_within(ctx.device, deadline, need);
    if (!local)
      local = most_accurate_within(ctx.device, deadline);
    const ModelOption* remote = edge ? most_accurate_within(*edge, deadline, need) : nullptr;
    if (!remote && edge)
      remote = most_accurate_within(*edge, deadline);
    if (remote && (!local || edge->est_radio_energy_j < local->est_energy_j)) {
      auto d = choose(*edge, *remote);
      d.fallback_local = true;
      return d;
    }
    if (local)
      return choose(ctx.device, *local);
    return cheaper_of_fastest(ctx, edge);
  }

private:
  /// Nothing predicted in time: the cheaper of the fastest options.
  static SelectionDecision cheaper_of_fastest(const SelectionContext& ctx, const SiteOption* edge) {
    const ModelOption* fast_local = fastest(ctx.device);
    const ModelOption* fast_remote = edge ? fastest(*edge) : nullptr;
    if (fast_remote && (!fast_local || edge->est_radio_energy_j < fast_local->est_energy_j))
      return choose(*edge, *fast_remote);
    if (fast_local)
      return choose(ctx.device, *fast_local);
    return fail(Reason::NO_MODEL);
  }
};

}  // namespace

SelectionPolicyInfo energy_info() {
  return {"energy",
          "MAUI-style energy saver: offload when the phone's radio energy for the exchange (promotion, transfer, "
          "tail) is below the CPU energy of the local choice and the edge is predicted in time; else run locally",
          {},
          [](const Params&) { return std::make_unique<EnergyPolicy>(); }};
}

}  // namespace modi::policy::selection
