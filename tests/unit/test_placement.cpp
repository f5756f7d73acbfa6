// Placement policies on hand-built contexts: the knapsack against brute force, budgets never
// exceeded, and each policy's rule.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "policies/knapsack.hpp"
#include "policies/placement.hpp"
#include "sim/core/rng.hpp"

using namespace modi;
using namespace modi::policy;

namespace {

/// Brute force over every choice of at most one item per group.
double brute_force(const std::vector<KnapsackItem>& items, double capacity) {
  std::map<uint32_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < items.size(); ++i)
    groups[items[i].group].push_back(i);
  std::vector<std::vector<size_t>> g;
  for (auto& [k, v] : groups)
    g.push_back(v);
  double best = 0;
  std::vector<size_t> pick(g.size(), 0);  // 0 = none, j = item j-1
  while (true) {
    double w = 0, v = 0;
    for (size_t k = 0; k < g.size(); ++k)
      if (pick[k]) {
        w += items[g[k][pick[k] - 1]].weight;
        v += items[g[k][pick[k] - 1]].value;
      }
    if (w <= capacity)
      best = std::max(best, v);
    size_t k = 0;
    while (k < g.size() && ++pick[k] > g[k].size())
      pick[k++] = 0;
    if (k == g.size())
      break;
  }
  return best;
}

PlacementContext context(double budget) {
  PlacementContext ctx;
  ctx.storage_bytes = budget;
  ctx.tasks = {{"a", 100, 0.7}, {"b", 10, 0.5}};
  // task a: small/weak, big/strong, gzipped strong; task b: one model
  ctx.candidates = {{1, 0, 10, 0.60, false, 0, 50}, {2, 0, 40, 0.90, false, 0, 40},
                    {3, 0, 25, 0.90, true, 0.5, 0},  {4, 1, 30, 0.80, false, 0, 10}};
  ctx.current = {1};
  ctx.configured = {1, 4};
  return ctx;
}

double size_of(const PlacementContext& ctx, const std::vector<ModelId>& keep) {
  double s = 0;
  for (auto m : keep)
    for (const auto& c : ctx.candidates)
      if (c.model == m)
        s += c.size_bytes;
  return s;
}

std::vector<ModelId> plan(const std::string& name, const PlacementContext& ctx, const Params& p = {}) {
  const auto* info = placement_policies().find(name);
  BOOST_REQUIRE(info);
  return info->make(info->resolve(p))->plan(ctx).keep;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(placement)

BOOST_AUTO_TEST_CASE(knapsack_matches_brute_force_on_random_instances) {
  for (uint64_t inst = 0; inst < 300; ++inst) {
    std::vector<KnapsackItem> items;
    const auto n = 2 + static_cast<size_t>(rng::uniform(5, inst, 0, 1) * 7);
    for (size_t i = 0; i < n; ++i)
      items.push_back({static_cast<uint32_t>(rng::uniform(5, inst, i, 2) * 4),
                       std::floor(1 + rng::uniform(5, inst, i, 3) * 30), rng::uniform(5, inst, i, 4) * 10});
    const double capacity = std::floor(rng::uniform(5, inst, 0, 5) * 60);
    const auto picked = knapsack(items, capacity, 1.0);
    double w = 0, v = 0;
    std::map<uint32_t, int> per_group;
    for (auto i : picked) {
      w += items[i].weight;
      v += items[i].value;
      BOOST_REQUIRE(++per_group[items[i].group] == 1);  // at most one item per group
    }
    BOOST_REQUIRE(w <= capacity);
    BOOST_REQUIRE_MESSAGE(std::fabs(v - brute_force(items, capacity)) < 1e-9, "instance " << inst);
  }
}

BOOST_AUTO_TEST_CASE(coarse_units_never_exceed_the_budget) {
  std::vector<KnapsackItem> items{{0, 3e6 + 7, 1}, {1, 5e6 + 3, 2}, {2, 2e6 + 1, 1.5}};
  const double cap = 7e6 + 5;
  const auto picked = knapsack(items, cap, knapsack_unit(cap));
  double w = 0;
  for (auto i : picked)
    w += items[i].weight;
  BOOST_TEST(w <= cap);
  BOOST_TEST(!picked.empty());
}

BOOST_AUTO_TEST_CASE(every_policy_stays_within_every_budget) {
  for (const auto& info : placement_policies().all())
    for (double budget : {0.0, 5.0, 10.0, 26.0, 41.0, 55.0, 70.0, 1000.0}) {
      auto ctx = context(budget);
      if (info.name == "static" && size_of(ctx, ctx.configured) > budget)
        continue;  // static keeps the scenario's list, which the loader checks against the budget
      Params given;
      if (info.name == "external")  // a policy in another process: the Python twin of `smallest`
        given.set_text("command", "python3 " MODISIM_SOURCE_DIR "/python/examples/smallest_placement.py");
      const auto keep = info.make(info.resolve(given))->plan(ctx).keep;
      BOOST_TEST_CONTEXT(info.name << " budget " << budget) { BOOST_TEST(size_of(ctx, keep) <= budget); }
    }
}

BOOST_AUTO_TEST_CASE(each_policy_follows_its_rule) {
  auto ctx = context(50);
  BOOST_TEST((plan("static", ctx) == std::vector<ModelId>{1, 4}));
  BOOST_TEST((plan("smallest", ctx) == std::vector<ModelId>{1, 4}));  // 10 + 30 <= 50
  // knapsack: a (100 uses) x accuracy dominates: 2 (0.90, 40) beats 1 + 4 (60 + 8 = 68 < 90)
  BOOST_TEST((plan("knapsack", ctx) == std::vector<ModelId>{2}));
  // compression-aware: with 55 bytes the gzipped strong model (25) leaves room for task b (30)
  ctx.storage_bytes = 55;
  BOOST_TEST((plan("compression-aware", ctx) == std::vector<ModelId>{3, 4}));  // covers both tasks
  BOOST_TEST((plan("knapsack", ctx) == std::vector<ModelId>{2}));              // no gzip: one task
  BOOST_TEST((plan("popularity", ctx, {{"k", 1}}) == std::vector<ModelId>{1}));  // most used
  BOOST_TEST((plan("popularity", ctx, {{"k", 2}}) == std::vector<ModelId>{1, 2}));  // 10 + 40
}

// A task no app of the target asks for gets no model, however much room is left.
BOOST_AUTO_TEST_CASE(no_model_for_a_task_no_app_wants) {
  auto ctx = context(1000);
  BOOST_TEST((plan("knapsack", ctx) == std::vector<ModelId>{2, 4}));  // room for both tasks
  ctx.tasks[1].wanted = false;
  for (const char* p : {"knapsack", "compression-aware", "smallest", "popularity"})
    for (auto m : plan(p, ctx))
      BOOST_TEST(m != 4u, p);
  BOOST_TEST((plan("knapsack", ctx) == std::vector<ModelId>{2}));
}

BOOST_AUTO_TEST_SUITE_END()

// The contexts the central manager builds for the two kinds of target (sim/model/placement_planner).
#include "sim/model/placement_planner.hpp"

BOOST_AUTO_TEST_SUITE(placement_targets)

// An edge's report holds the (group, app) pairs and models seen in its period, in order, with
// their sums; taking it starts the next period empty (stats.csv has one row per pair seen).
BOOST_AUTO_TEST_CASE(edge_report_holds_what_was_seen_and_starts_empty) {
  model::UsageStats stats(3, 2, 5);
  stats.issued(1, 2, 1, 0.8, true, false);
  stats.issued(1, 0, 3, 0.6, false, true);
  stats.issued(1, 2, 1, 0.7, false, false);
  stats.decided(1, 2, 1, 0.9, true, 4);
  stats.decided(1, 0, 3, 0.5, false, 1);
  stats.decided(1, 2, 1, 0.85, false, 4);
  stats.ended(1, 2, 1, true, 0.25);
  stats.ended(1, 2, 1, false, 9.0);  // a failed request's latency does not count
  stats.ended(2, 1, 0, true, 1.0);   // another edge
  const auto r = stats.take_report(1);
  std::vector<std::pair<uint32_t, uint32_t>> keys;
  for (const auto& [k, a] : r.apps)
    keys.push_back(k);
  BOOST_TEST((keys == std::vector<std::pair<uint32_t, uint32_t>>{{0, 3}, {2, 1}}));
  const auto& a = r.apps.at({2, 1});
  BOOST_TEST(a.requests == 2.0);
  BOOST_TEST(a.local_hits == 1.0);
  BOOST_TEST(a.edge_hits == 0.0);
  BOOST_TEST(a.accuracy_need_sum == 0.8 + 0.7);
  BOOST_TEST(a.accuracy_delivered_sum == 0.9 + 0.85);
  BOOST_TEST(a.offloaded == 1.0);
  BOOST_TEST(a.completed == 1.0);
  BOOST_TEST(a.latency_sum_s == 0.25);
  BOOST_TEST(r.apps.at({0, 3}).edge_hits == 1.0);
  BOOST_TEST((r.model_uses == std::map<ModelId, double>{{1, 1.0}, {4, 2.0}}));
  const auto next = stats.take_report(1);
  BOOST_TEST(next.apps.empty());
  BOOST_TEST(next.model_uses.empty());
  BOOST_TEST(stats.take_report(2).apps.at({1, 0}).completed == 1.0);
}

BOOST_AUTO_TEST_CASE(edge_and_phone_targets_see_what_they_can_run) {
  const auto ts = TraceSet::load({std::string(MODISIM_TEST_DATA) + "/traces-fixed", std::string(MODISIM_TEST_DATA) + "/traces-tiers"});
  model::Catalog catalog(*ts, ts->task_names());
  model::UsageStats stats(2, catalog.task_names().size(), catalog.size());
  stats.issued(0, 0, 0, 0.8, false, true);
  stats.decided(0, 0, 0, 0.9, true, ts->model_id("m_big"));
  stats.merge(stats.take_report(0), [](uint32_t, uint32_t) { return 0u; });
  config::Scenario scenario;  // one phone group with one app of task t
  scenario.phones.resize(1);
  scenario.phones[0].apps.resize(1);
  scenario.phones[0].apps[0].task = ts->task_names().at(0);
  model::PlacementPlanner planner(catalog, stats, scenario);

  model::ServerState edge;
  edge.type = ts->server_id("srv");
  edge.store = model::ModelStore(5e6);
  edge.store.put(ts->model_id("m_small"), 1, 1e6, 0);
  const auto e = planner.edge_context(edge, {ts->model_id("m_small")});
  BOOST_TEST((e.target == PlacementContext::Target::EDGE));
  BOOST_TEST(e.storage_bytes == 5e6);
  std::vector<std::string> names;
  for (const auto& c : e.candidates) {
    names.push_back(ts->models()[c.model].name);
    BOOST_TEST(c.decompress_s == 0.0);
  }
  // the server type has timings for m_small, m_big and (second layer) m_huge, not the gzip variant
  BOOST_TEST((names == std::vector<std::string>{"m_small", "m_big", "m_huge"}));
  BOOST_TEST((e.current == std::vector<ModelId>{ts->model_id("m_small")}));
  BOOST_TEST(e.tasks.at(0).requests == 1.0);
  BOOST_TEST(e.tasks.at(0).accuracy_need == 0.8);
  BOOST_TEST(e.tasks.at(0).wanted);  // the scenario's app asks for task t
  BOOST_TEST(e.candidates[1].uses == 1.0);  // m_big ran once in the window

  model::Phone phone;
  phone.device = ts->device_id("dev");
  phone.store = model::ModelStore(2e6);
  const auto p = planner.phone_context(phone, {});
  BOOST_TEST((p.target == PlacementContext::Target::PHONE));
  names.clear();
  for (const auto& c : p.candidates)
    names.push_back(ts->models()[c.model].name);
  // the device class has timings for the three test models, not for m_huge
  BOOST_TEST((names == std::vector<std::string>{"m_small", "m_big", "m_small_gz"}));
  BOOST_TEST(p.candidates[2].gzip);
  BOOST_TEST(p.candidates[2].decompress_s == 1e6 / 1e7, boost::test_tools::tolerance(1e-12));  // 1 MB at 1e7 B/s
  // the same policy plans within each target's own budget
  const auto& knapsack = placement_policies().get("knapsack");
  for (const auto* ctx : {&e, &p}) {
    double used = 0;
    for (auto m : knapsack.make({})->plan(*ctx).keep)
      used += ts->models()[m].size_bytes;
    BOOST_TEST(used <= ctx->storage_bytes);
  }
}

BOOST_AUTO_TEST_SUITE_END()
