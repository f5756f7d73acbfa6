// Each built-in selection policy's branches on hand-built contexts: no edge (none on the path, or
// unreachable), nothing predicted in time, whether it asks for MODI's local fallback, and the
// multi-tier paths; then the default hooks (fallback, on-demand download).
#include <boost/test/unit_test.hpp>

#include "policies/selection.hpp"

using namespace modi;
using namespace modi::policy;

namespace {

ModelOption opt(ModelId id, double acc, double mean_s, double energy_j = 0) {
  ModelOption m;
  m.model = id;
  m.accuracy = acc;
  m.est_mean_s = mean_s;
  m.hindsight_s = mean_s;
  m.est_energy_j = energy_j;
  return m;
}

SiteOption site(Site s, uint32_t index, uint32_t tier, double net_s, std::vector<ModelOption> models) {
  SiteOption o;
  o.site = s;
  o.index = index;
  o.tier = tier;
  o.est_network_s = net_s;
  o.hindsight_network_s = net_s;
  o.models = std::move(models);
  return o;
}

/// Device: 1 (0.60, 0.10 s), 2 (0.80, 0.40 s). Path: edge 0 (0.85, 0.05 s; 0.20 s away),
/// regional 1 (0.90, 0.05 s; 0.30 s away), cloud 2 (0.95, 0.02 s; 0.50 s away). Need 0.5, 1 s.
SelectionContext ctx() {
  SelectionContext c;
  c.request.deadline_s = 1.0;
  c.request.accuracy_need = 0.5;
  c.device.site = Site::DEVICE;
  c.device.models = {opt(1, 0.60, 0.10, 0.3), opt(2, 0.80, 0.40, 1.0)};
  c.remote = {site(Site::EDGE, 0, 0, 0.20, {opt(3, 0.85, 0.05)}), site(Site::EDGE, 1, 1, 0.30, {opt(4, 0.90, 0.05)}),
              site(Site::CLOUD, 2, 2, 0.50, {opt(5, 0.95, 0.02)})};
  c.remote[0].est_radio_energy_j = 0.5;
  return c;
}

SelectionDecision run(const std::string& name, const SelectionContext& c, const Params& p = {}) {
  const auto& info = selection_policies().get(name);
  return info.make(info.resolve(p))->select(c);
}

SelectionContext without_edges(bool unreachable) {
  auto c = ctx();
  if (unreachable)
    for (auto& r : c.remote)
      r.reachable = false;
  else
    c.remote.clear();
  return c;
}

SelectionContext nothing_in_time() {
  auto c = ctx();
  c.request.deadline_s = 0.01;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_branches)

BOOST_AUTO_TEST_CASE(no_edge_on_the_path_or_unreachable) {
  for (bool unreachable : {false, true}) {
    const auto c = without_edges(unreachable);
    BOOST_TEST_CONTEXT("unreachable " << unreachable) {
      BOOST_TEST((run("local", c).site == Site::DEVICE));
      BOOST_TEST((run("edge", c).failure == (unreachable ? Reason::UNREACHABLE : Reason::NO_EDGE_MODEL)));
      const auto modi = run("modi", c, {{"use_cloud", 1}});
      BOOST_TEST((modi.site == Site::DEVICE));  // keeps working on the phone
      BOOST_TEST(modi.model == 2u);             // the most accurate adequate in time
      BOOST_TEST(!modi.fallback_local);
      BOOST_TEST((run("mdinference", c).site == Site::DEVICE));
      BOOST_TEST((run("energy", c).site == Site::DEVICE));
      BOOST_TEST((run("oracle", c).site == Site::DEVICE));
      for (double u : {0.01, 0.99})
        BOOST_TEST((run("random", [&] { auto x = c; x.u = u; return x; }()).site == Site::DEVICE));
    }
  }
  auto c = without_edges(false);
  c.device.models.clear();  // nothing anywhere
  for (const char* p : {"modi", "mdinference", "energy", "oracle", "random"})
    BOOST_TEST((run(p, c).failure == Reason::NO_MODEL), p);
}

BOOST_AUTO_TEST_CASE(nothing_predicted_in_time) {
  const auto c = nothing_in_time();
  BOOST_TEST(run("local", c).model == 1u);  // the fastest resident model
  BOOST_TEST(run("edge", c).model == 3u);   // the edge ignores time: its most accurate model
  const auto modi = run("modi", c);
  BOOST_TEST((modi.site == Site::EDGE && modi.model == 3u));  // the nearest tier, best effort
  BOOST_TEST(modi.fallback_local);
  const auto md = run("mdinference", c, {{"use_cloud", 1}});
  BOOST_TEST(md.model == 3u);  // none eligible: the answer predicted first (edge 0.20 + 0.05)
  BOOST_TEST(md.fallback_local);
  // energy: the cheaper of the fastest options: local model 1 (0.3 J) vs the edge's 0.5 J radio
  BOOST_TEST((run("energy", c).site == Site::DEVICE));
  BOOST_TEST(run("energy", c).model == 1u);
  BOOST_TEST(run("oracle", c).model == 1u);  // the fastest in hindsight (0.10 s)
}

BOOST_AUTO_TEST_CASE(fallback_local_only_where_the_policy_asks_for_it) {
  auto c = ctx();
  c.request.accuracy_need = 0.84;  // only remote models are adequate
  BOOST_TEST(run("modi", c).fallback_local);
  BOOST_TEST(run("mdinference", c).fallback_local);
  BOOST_TEST(run("energy", c).fallback_local);
  for (const char* p : {"local", "edge", "oracle", "random"})
    BOOST_TEST(!run(p, c).fallback_local, p);
}

BOOST_AUTO_TEST_CASE(modi_walks_the_tiers_nearest_adequate_first) {
  auto c = ctx();
  c.request.accuracy_need = 0.88;
  BOOST_TEST(run("modi", c).site_index == 1u);  // the regional tier is the nearest adequate one
  c.request.accuracy_need = 0.93;
  BOOST_TEST(run("modi", c).site_index == 0u);  // only the cloud is adequate; without use_cloud: the edge
  BOOST_TEST(run("modi", c, {{"use_cloud", 1}}).site_index == 2u);
  c.request.deadline_s = 0.55;  // the cloud (0.52) fits, the regional tier (0.35) too
  BOOST_TEST(run("modi", c, {{"use_cloud", 1}}).site_index == 2u);
  c.request.deadline_s = 0.5;  // the cloud no longer fits: best effort on the edge
  BOOST_TEST(run("modi", c, {{"use_cloud", 1}}).site_index == 0u);
}

BOOST_AUTO_TEST_CASE(mdinference_takes_the_most_accurate_eligible_model_of_any_tier) {
  auto c = ctx();
  BOOST_TEST(run("mdinference", c).site_index == 1u);  // regional 0.90 fits 1 - 0.30
  BOOST_TEST(run("mdinference", c, {{"use_cloud", 1}}).site_index == 2u);  // the cloud's 0.95 fits 1 - 0.50
  c.request.deadline_s = 0.34;  // budgets: edge 0.14, regional 0.04 (model needs 0.05)
  BOOST_TEST(run("mdinference", c, {{"use_cloud", 1}}).site_index == 0u);
}

BOOST_AUTO_TEST_CASE(default_fallback_hook_prefers_adequate_then_in_time_then_fastest) {
  const auto& info = selection_policies().get("modi");
  const auto p = info.make(info.resolve({}));
  FallbackContext f;
  f.accuracy_need = 0.7;
  f.time_left_s = 0.5;
  f.device.models = {opt(1, 0.60, 0.10), opt(2, 0.80, 0.40), opt(3, 0.90, 0.90)};
  BOOST_TEST(p->fallback(f) == 2u);  // adequate and in time
  f.accuracy_need = 0.95;
  BOOST_TEST(p->fallback(f) == 2u);  // none adequate: the most accurate in time
  f.time_left_s = 0.05;
  BOOST_TEST(p->fallback(f) == 1u);  // nothing in time: the fastest
  f.device.models.clear();
  BOOST_TEST(p->fallback(f) == NONE);
}

BOOST_AUTO_TEST_CASE(default_on_demand_hook_fetches_the_most_accurate_adequate_model_that_fits) {
  const auto& info = selection_policies().get("modi");
  const auto p = info.make(info.resolve({}));
  OnDemandContext o;
  o.accuracy_need = 0.8;
  o.free_bytes = 10;
  o.candidates = {{1, 0.70, 5, false}, {2, 0.85, 8, false}, {3, 0.95, 20, false}};
  BOOST_TEST(p->on_demand(o) == 2u);  // model 3 does not fit
  o.candidates[2].downloading = true;  // already on its way: no room needed
  BOOST_TEST(p->on_demand(o) == 3u);
  o.accuracy_need = 0.99;
  BOOST_TEST(p->on_demand(o) == NONE);
}

BOOST_AUTO_TEST_SUITE_END()
