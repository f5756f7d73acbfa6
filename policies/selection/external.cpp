// `external`: a selection policy in another process and any language (docs/external-policies.md).
// modisim starts `command` once per run and, for every request in simulated-time order, writes
// one select line and reads one decision line; completions follow as lines that need no answer,
// so a policy can learn, and an end line closes the run. A deterministic program gives
// byte-identical runs. A malformed reply ends the run as bad input (exit 2); a policy that dies,
// stays silent past timeout_s or does not exit cleanly at the end fails it (exit 1). Either way
// no results are written.
#include "policies/external/protocol.hpp"
#include "policies/external/session.hpp"
#include "policies/selection.hpp"

#include <unordered_set>

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
    if (!d)
      return fail(Reason::INVALID_DECISION);
    decided_.insert(ctx.request.id);
    return *d;
  }
  bool wants_completions() const override { return true; }
  /// Only requests this policy decided (not those that failed before a decision, e.g. on a dead
  /// battery).
  void completed(const Completion& c) const override {
    if (decided_.erase(c.request))
      session_.tell(external::completion_line(c));
  }
  std::exception_ptr broken() const override { return session_.failure(); }
  void finish() const override { session_.finish(); }

private:
  mutable external::Session session_;
  mutable std::unordered_set<uint64_t> decided_;  ///< decided and not yet completed
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
