// The summary's metrics recomputed from requests.csv by their documented formulas, and empty (not
// zero) where they have no sample.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "harness.hpp"

namespace tt = boost::test_tools;
using harness::require_ok;
using harness::table;

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(summary_rates_follow_their_formulas) {
  // the default scenario: apps with accuracy needs above some resident models; outages add failures
  for (const char* cfg : {"/configs/default.yaml", "/configs/examples/outage.yaml"}) {
    const auto r = harness::run_config(std::string(MODISIM_SOURCE_DIR) + cfg, "metrics");
    require_ok(r);
    const auto reqs = table(r.out_dir, "requests.csv");
    double n = 0, ok = 0, slo = 0, goal = 0, remote = 0, edge_hits = 0;
    for (const auto& row : reqs.rows()) {
      n += 1;
      const bool answered = reqs.text(row, "status") == "ok";
      ok += answered;
      const bool in_time = answered && reqs.number(row, "latency_s") <= reqs.number(row, "deadline_s");
      BOOST_TEST(reqs.number(row, "slo_met") == (in_time ? 1.0 : 0.0));
      const bool goal_met = in_time && reqs.number(row, "accuracy") >= reqs.number(row, "accuracy_need");
      BOOST_TEST(reqs.number(row, "goal_met") == (goal_met ? 1.0 : 0.0));
      slo += in_time;
      goal += goal_met;
      if (reqs.cell(row, "site") != "device" || !reqs.cell(row, "fallback").empty()) {
        remote += 1;
        edge_hits += reqs.number(row, "edge_hit");
      }
    }
    const auto s = table(r.out_dir, "summary.csv");
    const auto& row = s.rows()[0];
    BOOST_TEST_CONTEXT(cfg) {
      BOOST_TEST(s.number(row, "slo_attainment") == slo / n, tt::tolerance(1e-12));
      BOOST_TEST(s.number(row, "goal_attainment") == goal / n, tt::tolerance(1e-12));
      BOOST_TEST(s.number(row, "availability") == ok / n, tt::tolerance(1e-12));
      BOOST_TEST(s.number(row, "edge_hit_rate") == edge_hits / remote, tt::tolerance(1e-12));
      BOOST_TEST(goal <= slo);
    }
  }
}

BOOST_AUTO_TEST_CASE(metrics_without_a_sample_are_empty) {
  // a request trace without requests: nothing issued, so no rate has a denominator
  const auto r = harness::run_config("fixed.yaml", "no-requests",
                                     "--set phones.0.apps.0.arrival.file=no_requests.csv");
  require_ok(r);
  const auto s = table(r.out_dir, "summary.csv");
  const auto& row = s.rows()[0];
  BOOST_TEST(s.number(row, "requests") == 0);
  for (const char* m : {"latency_mean_s", "latency_p95_s", "slo_attainment", "goal_attainment", "availability",
                        "accuracy_mean", "correct_rate", "offload_fraction", "local_hit_rate", "edge_hit_rate",
                        "energy_per_request_j", "prediction_mae_s"})
    BOOST_TEST(s.cell(row, m).empty(), m << " is '" << s.cell(row, m) << "'");
  // local only: nothing is sent to a server, so the edge hit rate has no denominator
  const auto local = harness::run_config("fixed.yaml", "local-only");
  require_ok(local);
  const auto ls = table(local.out_dir, "summary.csv");
  BOOST_TEST(ls.cell(ls.rows()[0], "edge_hit_rate").empty());
  BOOST_TEST(!ls.cell(ls.rows()[0], "local_hit_rate").empty());
}

// The README's own example: a policy change on the command line drops the scenario's parameters
// of the old policy, and parameters given for the new one apply.
BOOST_AUTO_TEST_CASE(the_readme_set_example_runs) {
  const auto r = harness::run_config(std::string(MODISIM_SOURCE_DIR) + "/configs/default.yaml", "readme-set",
                                     "--seed 3 --set selection.policy=mdinference --set selection.params.k=2 "
                                     "--set phones.0.count=100");
  require_ok(r);
  const auto run = harness::slurp(r.out_dir + "/run.yaml");
  BOOST_TEST(run.find("policy: mdinference") != std::string::npos);
  BOOST_TEST(run.find("k: 2") != std::string::npos);
  BOOST_TEST(run.find("min_battery") == std::string::npos);
}

// modisim report DIR: a Markdown page and four PNGs from the run's files; the per-server counts it
// states are the answered remote requests of requests.csv; a directory without a run is exit 2.
BOOST_AUTO_TEST_CASE(a_run_report) {
  const auto r = harness::run_config("tiers.yaml", "report");
  require_ok(r);
  ::setenv("MODISIM_PYTHON", "/usr/bin/python3", 0);
  const auto rep = harness::run("report " + r.out_dir);
  BOOST_REQUIRE_MESSAGE(rep.exit_code == 0, rep.stderr_text);
  const auto md = harness::slurp(r.out_dir + "/report/report.md");
  for (const char* png : {"latency.png", "goals.png", "servers.png", "battery.png"}) {
    BOOST_TEST(md.find(std::string("(") + png + ")") != std::string::npos, png);
    BOOST_TEST(std::filesystem::file_size(r.out_dir + "/report/" + png) > 1000u, png);
  }
  const auto reqs = table(r.out_dir, "requests.csv");
  std::map<std::string, int> remote;
  for (const auto& row : reqs.rows())
    if (reqs.text(row, "status") == "ok" && reqs.cell(row, "site") != "device")
      ++remote[reqs.text(row, "host")];
  for (const auto& [host, n] : remote)
    BOOST_TEST(md.find(host + " " + std::to_string(n)) != std::string::npos, host << " " << n << " in " << md);
  BOOST_TEST(harness::run("report " + harness::scratch()).exit_code == 2);
  // a later run into the same directory removes the earlier run's report
  require_ok(harness::run(fmt::format("run tiers.yaml --out '{}' --progress never", r.out_dir)));
  BOOST_TEST(!std::filesystem::exists(r.out_dir + "/report"));
}

BOOST_AUTO_TEST_SUITE_END()
