// `random`: a seeded uniform choice among every reachable (site, model) option.
#include <algorithm>

#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

class RandomPolicy final : public SelectionPolicy {
public:
  explicit RandomPolicy(const Params& p) : include_cloud_(p.at("include_cloud") != 0) {}

  SelectionDecision select(const SelectionContext& ctx) const override {
    size_t n = ctx.device.models.size();
    for (const auto& r : ctx.remote)
      if (counts(r))
        n += r.models.size();
    if (n == 0)
      return fail(Reason::NO_MODEL);
    size_t k = std::min(n - 1, static_cast<size_t>(ctx.u * static_cast<double>(n)));
    if (k < ctx.device.models.size())
      return choose(ctx.device, ctx.device.models[k]);
    k -= ctx.device.models.size();
    for (const auto& r : ctx.remote) {
      if (!counts(r))
        continue;
      if (k < r.models.size())
        return choose(r, r.models[k]);
      k -= r.models.size();
    }
    return fail(Reason::NO_MODEL);
  }

private:
  bool counts(const SiteOption& r) const { return r.reachable && (include_cloud_ || r.site != Site::CLOUD); }
  bool include_cloud_;
};

}  // namespace

SelectionPolicyInfo random_info() {
  return {"random",
          "uniformly random (seeded) among every reachable (site, model) option",
          {ParamSpec::boolean("include_cloud", true, "count the cloud's models among the options")},
          [](const Params& p) { return std::make_unique<RandomPolicy>(p); }};
}

}  // namespace modi::policy::selection
