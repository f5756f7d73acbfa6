// Helpers shared by selection policies, and MODI's default fallback and on-demand rules. Ties
// are broken by model id (the options are sorted by it), never by memory layout.
#include "policies/selection.hpp"

namespace modi::policy {

std::string_view site_name(Site s) {
  switch (s) {
    case Site::DEVICE:
      return "device";
    case Site::EDGE:
      return "edge";
    case Site::CLOUD:
      return "cloud";
  }
  return "?";
}

const ModelOption* most_accurate_within(const SiteOption& s, double budget_s, double min_accuracy) {
  const ModelOption* best = nullptr;
  for (const auto& m : s.models) {
    if (m.accuracy < min_accuracy || s.predicted_s(m) > budget_s)
      continue;
    if (!best || m.accuracy > best->accuracy)
      best = &m;
  }
  return best;
}

const ModelOption* most_accurate(const SiteOption& s) {
  const ModelOption* best = nullptr;
  for (const auto& m : s.models)
    if (!best || m.accuracy > best->accuracy)
      best = &m;
  return best;
}

const ModelOption* fastest(const SiteOption& s) {
  const ModelOption* best = nullptr;
  for (const auto& m : s.models)
    if (!best || m.est_mean_s < best->est_mean_s)
      best = &m;
  return best;
}

const SiteOption* first_remote(const SelectionContext& ctx, Site kind) {
  for (const auto& r : ctx.remote)
    if (r.site == kind && r.reachable && !r.models.empty())
      return &r;
  return nullptr;
}

SelectionDecision best_effort(const SiteOption& s, double deadline_s, double min_accuracy) {
  if (const auto* m = most_accurate_within(s, deadline_s, min_accuracy))
    return choose(s, *m);
  if (const auto* m = most_accurate_within(s, deadline_s))
    return choose(s, *m);
  if (const auto* m = fastest(s))
    return choose(s, *m);
  return fail(Reason::NO_MODEL);
}

SelectionDecision choose(const SiteOption& s, const ModelOption& m) {
  SelectionDecision d;
  d.site = s.site;
  d.site_index = s.index;
  d.model = m.model;
  return d;
}

SelectionDecision fail(Reason reason) {
  SelectionDecision d;
  d.failure = reason;
  return d;
}

ModelId SelectionPolicy::fallback(const FallbackContext& ctx) const {
  const ModelOption* adequate = nullptr;
  const ModelOption* in_time = nullptr;
  const ModelOption* fast = nullptr;
  double fast_s = 0;
  for (const auto& m : ctx.device.models) {
    const double est = m.est_mean_s;
    auto better = [&](const ModelOption* cur) { return !cur || m.accuracy > cur->accuracy; };
    if (est <= ctx.time_left_s && m.accuracy >= ctx.accuracy_need && better(adequate))
      adequate = &m;
    if (est <= ctx.time_left_s && better(in_time))
      in_time = &m;
    if (!fast || est < fast_s) {
      fast = &m;
      fast_s = est;
    }
  }
  const ModelOption* pick = adequate ? adequate : (in_time ? in_time : fast);
  return pick ? pick->model : NONE;
}

ModelId SelectionPolicy::on_demand(const OnDemandContext& ctx) const {
  const OnDemandCandidate* best = nullptr;
  for (const auto& c : ctx.candidates) {
    if (c.accuracy < ctx.accuracy_need || (!c.downloading && c.size_bytes > ctx.free_bytes))
      continue;
    if (!best || c.accuracy > best->accuracy)
      best = &c;
  }
  return best ? best->model : NONE;
}

}  // namespace modi::policy
