// `external`: a selection policy in another process and any language (docs/external-policies.md).
// modisim starts `command` once per run and, for every request in simulated-time order, writes
// one select line and reads one decision line; completions follow as lines that need no answer,
// so a policy can learn. A deterministic program gives byte-identical runs. A malformed reply
// ends the run as bad input (exit 2); a policy that dies or stays silent past timeout_s ends it
// as a failure (exit 1). Either way no results are written.
#include "policies/external/protocol.hpp"
#include "policies/external/session.hpp"
#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

class ExternalPolicy final : public SelectionPolicy {
public:
  explicit ExternalPolicy(const Params& p) : session_(p, "selection") {}

  SelectionDecision select(const SelectionContext& ctx) const override {
    const auto about = "request " + std::to_string(ctx.request.id);
    const auto d = session_.ask(external::select_line(ctx), about, [&](const std::string& reply, int n) {
      return external::read_selection_reply(ctx, reply, {session_.command(), n, about});
    });
    return d ? *d : fail(Reason::INVALID_DECISION);
  }
  bool wants_completions() const override { return true; }
  void completed(const Completion& c) const override { session_.tell(external::completion_line(c)); }
  std::exception_ptr broken() const override { return session_.failure(); }

private:
  mutable external::Session session_;
};

}  // namespace

SelectionPolicyInfo external_info() {
  return {"external",
          "a policy in another process, any language: one JSON line per request on its stdin, one JSON decision "
          "line back, completions to learn from (docs/external-policies.md; python/modisim/policy.py helps)",
          external::Session::param_specs(),
          [](const Params& p) { return std::make_unique<ExternalPolicy>(p); }};
}

}  // namespace modi::policy::selection
