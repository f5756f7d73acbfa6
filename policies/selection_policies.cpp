// Built-in selection policies. Each is a pure function of SelectionContext; ties are broken
// by model id so decisions never depend on memory layout.
#include <algorithm>
#include <cmath>

#include "policies/registry.hpp"

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

SelectionDecision choose(const SiteOption& s, const ModelOption& m) {
  SelectionDecision d;
  d.site = s.site;
  d.site_index = s.index;
  d.model = m.model;
  return d;
}

SelectionDecision fail(std::string_view reason) {
  SelectionDecision d;
  d.failure = reason;
  return d;
}

namespace {

const SiteOption* first_remote(const SelectionContext& ctx, Site kind) {
  for (const auto& r : ctx.remote)
    if (r.site == kind && r.reachable && !r.models.empty())
      return &r;
  return nullptr;
}

/// Best effort on one site: the most accurate model predicted to meet the deadline, else the fastest.
SelectionDecision best_effort(const SiteOption& s, double deadline_s, double min_accuracy = 0.0) {
  if (const auto* m = most_accurate_within(s, deadline_s, min_accuracy))
    return choose(s, *m);
  if (const auto* m = most_accurate_within(s, deadline_s))
    return choose(s, *m);
  if (const auto* m = fastest(s))
    return choose(s, *m);
  return fail("no_model");
}

class LocalPolicy final : public SelectionPolicy {
public:
  SelectionDecision select(const SelectionContext& ctx) const override {
    if (ctx.device.models.empty())
      return fail("no_local_model");
    return best_effort(ctx.device, ctx.request.deadline_s);
  }
};

class EdgePolicy final : public SelectionPolicy {
public:
  SelectionDecision select(const SelectionContext& ctx) const override {
    const auto* edge = first_remote(ctx, Site::EDGE);
    if (!edge) {
      for (const auto& r : ctx.remote)
        if (r.site == Site::EDGE && !r.reachable)
          return fail("unreachable");  // the profiler knows the path is down
      return fail("no_edge_model");
    }
    if (const auto* m = most_accurate(*edge))
      return choose(*edge, *m);
    return fail("no_edge_model");
  }
};

class ModiPolicy final : public SelectionPolicy {
public:
  explicit ModiPolicy(const Params& p) : min_battery_(p.at("min_battery")), use_cloud_(p.at("use_cloud") != 0) {}
  SelectionDecision select(const SelectionContext& ctx) const override {
    const double need = ctx.request.accuracy_need;
    const double deadline = ctx.request.deadline_s;
    const bool battery_ok = ctx.phone.battery_fraction >= min_battery_;
    // 1. Local if a resident model is accurate enough, predicted in time, and the battery allows.
    if (battery_ok)
      if (const auto* m = most_accurate_within(ctx.device, deadline, need))
        return choose(ctx.device, *m);
    // 2. Otherwise the edge (then the cloud, if enabled): the most accurate model that is
    //    adequate and in time, else any model in time, else the fastest.
    const SiteOption* remote = first_remote(ctx, Site::EDGE);
    if (use_cloud_) {
      const SiteOption* cloud = first_remote(ctx, Site::CLOUD);
      if (cloud && (!remote || !most_accurate_within(*remote, deadline, need)) &&
          most_accurate_within(*cloud, deadline, need))
        remote = cloud;
    }
    if (remote) {
      auto d = best_effort(*remote, deadline, need);
      d.fallback_local = true;
      return d;
    }
    // 3. No reachable edge: keep working on the device (MODI's reason to store models locally).
    if (!ctx.device.models.empty())
      return best_effort(ctx.device, deadline, need);
    return fail("no_model");
  }

private:
  double min_battery_;
  bool use_cloud_;
};

class MdInferencePolicy final : public SelectionPolicy {
public:
  explicit MdInferencePolicy(const Params& p) : k_(p.at("k")), duplicate_(p.at("duplicate") != 0) {}
  SelectionDecision select(const SelectionContext& ctx) const override {
    const SiteOption* edge = first_remote(ctx, Site::EDGE);
    if (!edge) {
      if (ctx.device.models.empty())
        return fail("no_model");
      return best_effort(ctx.device, ctx.request.deadline_s);
    }
    // Time budget for the remote service after the estimated network round trip and queue.
    const double budget = ctx.request.deadline_s - edge->est_network_s - edge->est_queue_s;
    const ModelOption* pick = nullptr;
    for (const auto& m : edge->models) {
      if (m.est_mean_s + k_ * m.est_sd_s > budget)
        continue;
      if (!pick || m.accuracy > pick->accuracy)
        pick = &m;
    }
    if (!pick)
      pick = fastest(*edge);
    if (!pick)
      return fail("no_edge_model");
    SelectionDecision d = choose(*edge, *pick);
    d.fallback_local = true;
    if (const auto* local = duplicate_ ? fastest(ctx.device) : nullptr)
      d.duplicate_model = local->model;
    return d;
  }

private:
  double k_;
  bool duplicate_;
};

/// MAUI-style: offload when the radio energy of the exchange is lower than the CPU energy of
/// the local alternative and the remote answer is predicted in time; otherwise run locally.
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
    // Nothing predicted in time: the cheaper of the fastest options.
    const ModelOption* fast_local = fastest(ctx.device);
    const ModelOption* fast_remote = edge ? fastest(*edge) : nullptr;
    if (fast_remote && (!fast_local || edge->est_radio_energy_j < fast_local->est_energy_j))
      return choose(*edge, *fast_remote);
    if (fast_local)
      return choose(ctx.device, *fast_local);
    return fail("no_model");
  }
};

class OraclePolicy final : public SelectionPolicy {
public:
  SelectionDecision select(const SelectionContext& ctx) const override {
    // Hindsight: the request's actual service and network times (queue waits as predicted).
    const SiteOption* best_site = nullptr;
    const ModelOption* best = nullptr;
    double best_latency = 0;
    bool best_in_time = false;
    auto consider = [&](const SiteOption& s) {
      if (!s.reachable)
        return;
      for (const auto& m : s.models) {
        const double lat = std::max(0.0, s.hindsight_network_s) + s.est_queue_s + m.hindsight_s;
        const bool in_time = lat <= ctx.request.deadline_s;
        bool better;
        if (!best)
          better = true;
        else if (in_time != best_in_time)
          better = in_time;
        else if (in_time)
          better = m.accuracy > best->accuracy || (m.accuracy == best->accuracy && lat < best_latency);
        else
          better = lat < best_latency;
        if (better) {
          best = &m;
          best_site = &s;
          best_latency = lat;
          best_in_time = in_time;
        }
      }
    };
    consider(ctx.device);
    for (const auto& r : ctx.remote)
      consider(r);
    if (!best)
      return fail("no_model");
    return choose(*best_site, *best);
  }
};

class RandomPolicy final : public SelectionPolicy {
public:
  explicit RandomPolicy(const Params& p) : include_cloud_(p.at("include_cloud") != 0) {}
  SelectionDecision select(const SelectionContext& ctx) const override {
    size_t n = ctx.device.models.size();
    for (const auto& r : ctx.remote)
      if (r.reachable && (include_cloud_ || r.site != Site::CLOUD))
        n += r.models.size();
    if (n == 0)
      return fail("no_model");
    size_t k = std::min(n - 1, static_cast<size_t>(ctx.u * static_cast<double>(n)));
    if (k < ctx.device.models.size())
      return choose(ctx.device, ctx.device.models[k]);
    k -= ctx.device.models.size();
    for (const auto& r : ctx.remote) {
      if (!r.reachable || (!include_cloud_ && r.site == Site::CLOUD))
        continue;
      if (k < r.models.size())
        return choose(r, r.models[k]);
      k -= r.models.size();
    }
    return fail("no_model");
  }

private:
  bool include_cloud_;
};

using T = ParamSpec::Type;

}  // namespace

const std::vector<SelectionPolicyInfo>& selection_policies() {
  static const std::vector<SelectionPolicyInfo> list{
      {"local",
       "always on the phone: the most accurate resident model predicted to meet the deadline, else the fastest",
       {},
       false,
       [](const Params&) { return std::make_unique<LocalPolicy>(); }},
      {"edge",
       "always offload to the phone's edge server, running the most accurate model stored there",
       {},
       false,
       [](const Params&) { return std::make_unique<EdgePolicy>(); }},
      {"modi",
       "MODI's rule: local if a resident model is accurate enough, predicted in time and the battery allows; "
       "else the edge (most accurate adequate model in time); on-device fallback when no edge is reachable",
       {{"min_battery", T::NUMBER, 0.2, 0.0, 1.0, "below this state of charge (fraction) the phone offloads"},
        {"use_cloud", T::BOOL, 0, 0, 1, "try the cloud when the edge has no adequate model in time (0/1)"}},
       false,
       [](const Params& p) { return std::make_unique<ModiPolicy>(p); }},
      {"mdinference",
       "MDInference (IC2E 2020): budget = deadline - estimated RTT (EWMA); the most accurate edge model whose "
       "mean + k*sd fits, else the fastest; optional on-device duplicate",
       {{"k", T::NUMBER, 1.0, 0.0, 100.0, "standard deviations of service time kept as safety margin"},
        {"duplicate", T::BOOL, 0, 0, 1,
         "also run the fastest resident model locally; answer with it if the remote result misses the deadline (0/1)"}},
       false,
       [](const Params& p) { return std::make_unique<MdInferencePolicy>(p); }},
      {"energy",
       "MAUI-style energy saver: offload when the phone's radio energy for the exchange (promotion, transfer, "
       "tail) is below the CPU energy of the local choice and the edge is predicted in time; else run locally",
       {},
       false,
       [](const Params&) { return std::make_unique<EnergyPolicy>(); }},
      {"oracle",
       "hindsight upper bound: knows this request's sampled times; the most accurate option that meets the "
       "deadline, else the fastest",
       {},
       true,
       [](const Params&) { return std::make_unique<OraclePolicy>(); }},
      {"random",
       "uniformly random (seeded) among every reachable (site, model) option",
       {{"include_cloud", T::BOOL, 1, 0, 1, "count the cloud's models among the options (0/1)"}},
       false,
       [](const Params& p) { return std::make_unique<RandomPolicy>(p); }},
  };
  return list;
}

}  // namespace modi::policy
