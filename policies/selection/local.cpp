// `local`: always on the phone.
#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

class LocalPolicy final : public SelectionPolicy {
public:
  SelectionDecision select(const SelectionContext& ctx) const override {
    if (ctx.device.models.empty())
      return fail(Reason::NO_LOCAL_MODEL);
    return best_effort(ctx.device, ctx.request.deadline_s);
  }
};

}  // namespace

SelectionPolicyInfo local_info() {
  return {"local",
          "always on the phone: the most accurate resident model predicted to meet the deadline, else the fastest",
          {},
          [](const Params&) { return std::make_unique<LocalPolicy>(); }};
}

}  // namespace modi::policy::selection
