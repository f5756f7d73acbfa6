// `external`: a placement policy in another process (docs/external-policies.md): one place line
// per plan (a phone group or an edge, at every management period), one {"keep": [...]} line back.
// Errors end the run as for an external selection policy.
#include "policies/external/protocol.hpp"
#include "policies/external/session.hpp"
#include "policies/placement.hpp"

namespace modi::policy::placement {
namespace {

class ExternalPolicy final : public PlacementPolicy {
public:
  explicit ExternalPolicy(const Params& p) : session_(p, "placement") {}

  PlacementPlan plan(const PlacementContext& ctx) const override {
    const auto about = std::string("the plan for ") +
                       (ctx.target == PlacementContext::Target::PHONE ? "phone group " : "edge ") + std::string(ctx.name);
    const auto plan = session_.ask(external::place_line(ctx), about, [&](const std::string& reply, int n) {
      return external::read_placement_reply(ctx, reply, {session_.command(), n, about});
    });
    return plan ? *plan : PlacementPlan{ctx.current};  // broken: nothing changes until the run ends
  }
  std::exception_ptr broken() const override { return session_.failure(); }
  void finish() const override { session_.finish(); }

private:
  mutable external::Session session_;
};

}  // namespace

PlacementPolicyInfo external_info() {
  return {"external",
          "a policy in another process, any language: one JSON line per plan on its stdin, one {\"keep\": [...]} line "
          "back (docs/external-policies.md; python/modisim/policy.py helps)",
          external::Session::param_specs(),
          [](const Params& p) { return std::make_unique<ExternalPolicy>(p); }};
}

}  // namespace modi::policy::placement
