// Every built-in selection policy on hand-built contexts with exact expected decisions.
#include <boost/test/unit_test.hpp>

#include <set>

#include "policies/selection.hpp"

using namespace modi;
using namespace modi::policy;

namespace {

ModelOption opt(ModelId id, double acc, double mean_s, double sd_s = 0.0, double hindsight_s = -1) {
  ModelOption m;
  m.model = id;
  m.accuracy = acc;
  m.est_mean_s = mean_s;
  m.est_sd_s = sd_s;
  m.hindsight_s = hindsight_s;
  return m;
}

/// Device holds models 1 (0.70, 0.10 s) and 2 (0.80, 0.50 s); the edge holds 3 (0.75, 0.05 s)
/// and 4 (0.95, 0.30 s) behind a 0.20 s round trip; the cloud holds 5 (0.97, 0.02 s) behind 0.40 s.
SelectionContext base() {
  SelectionContext c;
  c.request.deadline_s = 0.6;
  c.request.accuracy_need = 0.75;
  c.device.site = Site::DEVICE;
  c.device.models = {opt(1, 0.70, 0.10, 0.01, 0.12), opt(2, 0.80, 0.50, 0.05, 0.45)};
  SiteOption edge;
  edge.site = Site::EDGE;
  edge.index = 0;
  edge.est_network_s = 0.20;
  edge.hindsight_network_s = 0.25;
  edge.models = {opt(3, 0.75, 0.05, 0.01, 0.05), opt(4, 0.95, 0.30, 0.05, 0.30)};
  SiteOption cloud;
  cloud.site = Site::CLOUD;
  cloud.index = 1;
  cloud.tier = 1;
  cloud.est_network_s = 0.40;
  cloud.hindsight_network_s = 0.40;
  cloud.models = {opt(5, 0.97, 0.02, 0.01, 0.02)};
  c.remote = {edge, cloud};
  return c;
}

SelectionDecision run(const std::string& name, const SelectionContext& c, const Params& given = {}) {
  const auto* info = selection_policies().find(name);
  BOOST_REQUIRE(info);
  return info->make(info->resolve(given))->select(c);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policies)

BOOST_AUTO_TEST_CASE(local_most_accurate_in_time_else_fastest) {
  auto c = base();
  auto d = run("local", c);
  BOOST_TEST((d.site == Site::DEVICE));
  BOOST_TEST(d.model == 2u);  // 0.50 s fits 0.6 s
  c.request.deadline_s = 0.3;
  BOOST_TEST(run("local", c).model == 1u);  // only model 1 fits
  c.request.deadline_s = 0.01;
  BOOST_TEST(run("local", c).model == 1u);  // none fits: the fastest
  c.device.est_queue_s = 0.2;               // a busy phone: model 2 no longer fits 0.6 s
  c.request.deadline_s = 0.6;
  BOOST_TEST(run("local", c).model == 1u);
  c.device.models.clear();
  d = run("local", c);
  BOOST_TEST(d.model == NONE);
  BOOST_TEST((d.failure == Reason::NO_LOCAL_MODEL));
}

BOOST_AUTO_TEST_CASE(edge_always_offloads_most_accurate) {
  auto c = base();
  auto d = run("edge", c);
  BOOST_TEST((d.site == Site::EDGE));
  BOOST_TEST(d.model == 4u);
  c.remote[0].reachable = false;
  BOOST_TEST((run("edge", c).failure == Reason::UNREACHABLE));
}

BOOST_AUTO_TEST_CASE(modi_local_when_adequate_else_edge) {
  auto c = base();
  auto d = run("modi", c);  // model 2: 0.80 >= 0.75 and 0.50 <= 0.6
  BOOST_TEST((d.site == Site::DEVICE));
  BOOST_TEST(d.model == 2u);
  c.request.accuracy_need = 0.9;  // no local model is accurate enough: edge model 4 (0.20 + 0.30 <= 0.6)
  d = run("modi", c);
  BOOST_TEST((d.site == Site::EDGE));
  BOOST_TEST(d.model == 4u);
  c.request.accuracy_need = 0.75;
  c.phone.battery_fraction = 0.1;  // low battery: offload even though a local model fits
  d = run("modi", c);
  BOOST_TEST((d.site == Site::EDGE));
  BOOST_TEST(d.model == 4u);
  BOOST_TEST((run("modi", c, {{"min_battery", 0.05}}).site == Site::DEVICE));
  c.request.accuracy_need = 0.9;
  c.request.deadline_s = 0.3;  // edge: nothing adequate in time -> most accurate in time (3)
  c.phone.battery_fraction = 1.0;
  d = run("modi", c);
  BOOST_TEST((d.site == Site::EDGE));
  BOOST_TEST(d.model == 3u);
  c.request.deadline_s = 0.6;
  c.remote[0].reachable = false;  // no edge: fall back to the device (most accurate in time)
  d = run("modi", c);
  BOOST_TEST((d.site == Site::DEVICE));
  BOOST_TEST(d.model == 2u);
}

BOOST_AUTO_TEST_CASE(modi_uses_cloud_only_when_enabled_and_needed) {
  auto c = base();
  c.request.accuracy_need = 0.96;  // only the cloud's model 5 is adequate (0.40 + 0.02 <= 0.6)
  BOOST_TEST((run("modi", c).site == Site::EDGE));
  const auto d = run("modi", c, {{"use_cloud", 1}});
  BOOST_TEST((d.site == Site::CLOUD));
  BOOST_TEST(d.model == 5u);
}

BOOST_AUTO_TEST_CASE(mdinference_budget_and_margin) {
  auto c = base();
  // budget = 0.6 - 0.2 = 0.4: model 4 needs 0.30 + k*0.05
  BOOST_TEST(run("mdinference", c).model == 4u);                  // k = 1: 0.35 <= 0.4
  BOOST_TEST(run("mdinference", c, {{"k", 3}}).model == 3u);      // 0.45 > 0.4: model 3
  c.remote[0].est_network_s = 0.59;                                // budget 0.01: nothing fits
  BOOST_TEST(run("mdinference", c).model == 3u);                   // the fastest
  const auto d = run("mdinference", c, {{"duplicate", 1}});
  BOOST_TEST(d.duplicate_model == 1u);  // the fastest resident model
  BOOST_TEST(run("mdinference", c).duplicate_model == NONE);
}

BOOST_AUTO_TEST_CASE(energy_offloads_when_the_radio_costs_less) {
  auto c = base();
  c.device.models[0].est_energy_j = 0.3;  // model 1
  c.device.models[1].est_energy_j = 1.5;  // model 2: the local choice (0.80 >= 0.75, in time)
  c.remote[0].est_radio_energy_j = 1.0;   // cheaper than 1.5 J: offload, edge model 4 in time
  auto d = run("energy", c);
  BOOST_TEST((d.site == Site::EDGE));
  BOOST_TEST(d.model == 4u);
  c.remote[0].est_radio_energy_j = 2.0;   // dearer: stay local
  d = run("energy", c);
  BOOST_TEST((d.site == Site::DEVICE));
  BOOST_TEST(d.model == 2u);
  c.remote[0].est_radio_energy_j = 1.0;
  c.remote[0].est_network_s = 0.7;        // the edge would miss the deadline: local
  BOOST_TEST((run("energy", c).site == Site::DEVICE));
}

BOOST_AUTO_TEST_CASE(oracle_uses_hindsight) {
  auto c = base();
  // Actual latencies: device 1: 0.12, device 2: 0.45, edge 3: 0.30, edge 4: 0.55, cloud 5: 0.42.
  auto d = run("oracle", c);
  BOOST_TEST((d.site == Site::CLOUD));
  BOOST_TEST(d.model == 5u);  // most accurate in time
  c.request.deadline_s = 0.5;
  d = run("oracle", c);
  BOOST_TEST(d.model == 5u);
  c.request.deadline_s = 0.41;  // 5 (0.42) and device 2 (0.45) miss: edge 3 (0.30) is best in time
  d = run("oracle", c);
  BOOST_TEST((d.site == Site::EDGE));
  BOOST_TEST(d.model == 3u);
  c.request.deadline_s = 0.05;  // nothing in time: the fastest actual (device 1, 0.12)
  d = run("oracle", c);
  BOOST_TEST((d.site == Site::DEVICE));
  BOOST_TEST(d.model == 1u);
}

BOOST_AUTO_TEST_CASE(random_covers_options_by_u) {
  auto c = base();
  c.u = 0.01;
  BOOST_TEST(run("random", c).model == 1u);
  c.u = 0.5;  // 5 options: index 2 = edge model 3
  BOOST_TEST(run("random", c).model == 3u);
  c.u = 0.99;
  BOOST_TEST(run("random", c).model == 5u);
  BOOST_TEST(run("random", c, {{"include_cloud", 0}}).model == 4u);  // 4 options: last is edge model 4
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(registry)

BOOST_AUTO_TEST_CASE(every_policy_listed_once_with_help) {
  // Properties of whatever the registry holds: adding a policy must not break this test.
  const auto& all = selection_policies().all();
  BOOST_TEST(!all.empty());
  std::set<std::string> names;
  for (const auto& p : all) {
    BOOST_TEST(names.insert(p.name).second);  // listed once
    BOOST_TEST(!p.help.empty());
    BOOST_TEST(selection_policies().find(p.name) == &p);
    BOOST_TEST(selection_policies().names().find(p.name) != std::string::npos);
    for (const auto& prm : p.params) {
      BOOST_TEST(!prm.help.empty());
      BOOST_TEST(prm.default_value >= prm.min);
      BOOST_TEST(prm.default_value <= prm.max);
    }
  }
  BOOST_TEST(selection_policies().find("nope") == nullptr);
  BOOST_CHECK_THROW(selection_policies().get("nope"), std::invalid_argument);
  BOOST_CHECK_THROW(selection_policies().add({"modi", "again", {}, [](const Params&) { return nullptr; }}),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(every_policy_decides_something_offered) {
  // Every registered policy, on the base context: a decision names an offered model at a site of
  // the context, or fails with a reason.
  const auto c = base();
  for (const auto& p : selection_policies().all()) {
    Params given;
    if (p.name == "external")  // a policy in another process: the Python twin of `local`
      given.set_text("command", "python3 " MODISIM_SOURCE_DIR "/python/examples/local_policy.py");
    const auto d = p.make(p.resolve(given))->select(c);
    BOOST_TEST_CONTEXT(p.name) {
      if (d.model == NONE) {
        BOOST_TEST((d.failure != Reason::EMPTY));
        continue;
      }
      const SiteOption* site = d.site == Site::DEVICE ? &c.device : nullptr;
      for (const auto& r : c.remote)
        if (d.site != Site::DEVICE && r.index == d.site_index && r.site == d.site)
          site = &r;
      BOOST_REQUIRE(site);
      BOOST_TEST(std::any_of(site->models.begin(), site->models.end(), [&](const auto& m) { return m.model == d.model; }));
    }
  }
}

BOOST_AUTO_TEST_CASE(resolve_checks_names_and_ranges) {
  const auto* modi = selection_policies().find("modi");
  BOOST_TEST(modi->resolve({}).at("min_battery") == 0.2);
  BOOST_CHECK_THROW(modi->resolve({{"bogus", 1}}), std::invalid_argument);
  BOOST_CHECK_THROW(modi->resolve({{"min_battery", 2}}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
