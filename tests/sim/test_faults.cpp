// Faults: outages, edge failures and timeouts; MODI's local fallback; nothing lost or counted twice.
#include <boost/test/unit_test.hpp>

#include <set>

#include "harness.hpp"

namespace tt = boost::test_tools;
using harness::run_config;
using harness::require_ok;
using harness::table;

namespace {
const modi::csv::Row& by_issue(const modi::csv::Table& t, double at) {
  for (const auto& row : t.rows())
    if (std::fabs(t.number(row, "issued_at_s") - at) < 1e-9)
      return row;
  BOOST_FAIL("no request issued at " << at);
  return t.rows().front();
}
// fixed.yaml with requests at 1 s and 5 s; the app needs 0.7, so only the edge's m_big (0.9)
// qualifies and MODI offloads; the phone holds m_small (0.6) to fall back on.
const std::string MODI = "--set selection.policy=modi --set phones.0.apps.0.accuracy_need=0.7 "
                         "--set phones.0.apps.0.arrival.file=outage.csv ";
}  // namespace

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(an_outage_the_profiler_has_not_noticed_falls_back_locally) {
  // The cell is down from 4 s to 6 s; the profiler learns of it only after 10 s. The request at
  // 5 s offloads, its upload fails at 5.01 s (after the 10 ms extra delay) and m_small runs
  // cold on the phone: 10 ms image + 100 ms load + 50 ms inference.
  const auto r = run_config("fixed.yaml", "outage-undetected",
                            MODI + "--set 'faults={detection_delay: 10s, periods: [{target: cell/c, windows: [[4s, 6s]]}]}'");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 2u);
  const auto& first = by_issue(t, 1.0);
  BOOST_TEST(t.cell(first, "site") == "edge");
  BOOST_TEST(t.cell(first, "fallback") == "");
  const auto& hit = by_issue(t, 5.0);
  BOOST_TEST(t.cell(hit, "status") == "ok");
  BOOST_TEST(t.cell(hit, "site") == "device");
  BOOST_TEST(t.cell(hit, "model") == "m_small");
  BOOST_TEST(t.cell(hit, "fallback") == "network");
  BOOST_TEST(t.number(hit, "latency_s") == 0.010 + 0.010 + 0.100 + 0.050, tt::tolerance(1e-9));
  const auto s = table(r.out_dir, "summary.csv");
  BOOST_TEST(s.number(s.rows()[0], "fallbacks") == 1.0);
  BOOST_TEST(s.number(s.rows()[0], "availability") == 1.0);
}

BOOST_AUTO_TEST_CASE(a_detected_outage_is_avoided_up_front) {
  // With no detection delay the profiler already knows at 5 s: MODI decides locally, no fallback.
  const auto r = run_config("fixed.yaml", "outage-detected",
                            MODI + "--set 'faults={detection_delay: 0s, periods: [{target: cell/c, windows: [[4s, 6s]]}]}'");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  const auto& hit = by_issue(t, 5.0);
  BOOST_TEST(t.cell(hit, "site") == "device");
  BOOST_TEST(t.cell(hit, "fallback") == "");
  BOOST_TEST(t.number(hit, "latency_s") == 0.160, tt::tolerance(1e-9));
  // the edge-only policy cannot help it: it fails, saying the path is down
  const auto e = run_config("fixed.yaml", "outage-edge",
                            "--set selection.policy=edge --set phones.0.apps.0.arrival.file=outage.csv "
                            "--set 'faults={detection_delay: 0s, periods: [{target: cell/c, windows: [[4s, 6s]]}]}'");
  require_ok(e);
  const auto te = table(e.out_dir, "requests.csv");
  BOOST_TEST(te.cell(by_issue(te, 5.0), "status") == "failed");
  BOOST_TEST(te.cell(by_issue(te, 5.0), "failure") == "unreachable");
  const auto s = table(e.out_dir, "summary.csv");
  BOOST_TEST(s.number(s.rows()[0], "availability") == 0.5);
}

BOOST_AUTO_TEST_CASE(an_edge_failure_drops_its_queue) {
  // Five requests reach a one-core edge at once; it fails at 1.2 s (while the first still loads
  // m_big): every request ends with reason edge_down at 1.2 s, none is lost or counted twice.
  const std::string burst = "--set phones.0.apps.0.arrival.file=burst.csv "
                            "--set 'faults={detection_delay: 1s, periods: [{target: edge/e, windows: [[1.2s, 3s]]}]}'";
  const auto r = run_config("fixed.yaml", "edge-fail", "--set selection.policy=edge " + burst);
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 5u);
  std::set<std::string> ids;
  for (const auto& row : t.rows()) {
    ids.insert(t.cell(row, "request_id"));
    BOOST_TEST(t.cell(row, "status") == "failed");
    BOOST_TEST(t.cell(row, "failure") == "edge_down");
    BOOST_TEST(t.number(row, "finished_at_s") == 1.2, tt::tolerance(1e-9));
  }
  BOOST_TEST(ids.size() == 5u);
  // MODI's rule: the same failures, answered on the phone
  const auto m = run_config("fixed.yaml", "edge-fail-modi",
                            "--set selection.policy=modi --set phones.0.apps.0.accuracy_need=0.7 " + burst);
  require_ok(m);
  const auto tm = table(m.out_dir, "requests.csv");
  BOOST_REQUIRE(tm.rows().size() == 5u);
  for (const auto& row : tm.rows()) {
    BOOST_TEST(tm.cell(row, "status") == "ok");
    BOOST_TEST(tm.cell(row, "site") == "device");
    BOOST_TEST(tm.cell(row, "fallback") == "edge_down");
  }
}

BOOST_AUTO_TEST_CASE(a_late_reply_times_out) {
  // The first request needs 551 ms (cold edge); with a 300 ms timeout it fails at 1.3 s. The
  // load was cancelled, so the second is cold too and times out the same way.
  const auto r = run_config("fixed.yaml", "timeout",
                            "--set selection.policy=edge --set 'faults={request_timeout: 300ms}'");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 2u);
  for (const auto& row : t.rows()) {
    BOOST_TEST(t.cell(row, "failure") == "timeout");
    BOOST_TEST(t.number(row, "finished_at_s") - t.number(row, "issued_at_s") == 0.3, tt::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(random_outages_replay_from_run_yaml) {
  const auto a = run_config(std::string(MODISIM_SOURCE_DIR) + "/configs/default.yaml", "random-outages",
                            "--set simulation.duration=3min "
                            "--set 'faults={periods: [{target: cell/campus, random: {mtbf: 30s, mttr: 10s}}, "
                            "{target: edge/edge, random: {mtbf: 60s, mttr: 5s}}]}'");
  require_ok(a);
  const auto b = run_config(a.out_dir + "/run.yaml", "random-outages-again");
  require_ok(b);
  BOOST_TEST(harness::slurp(a.out_dir + "/requests.csv") == harness::slurp(b.out_dir + "/requests.csv"));
  const auto s = table(a.out_dir, "summary.csv");
  BOOST_TEST(s.number(s.rows()[0], "fallbacks") > 0);
  BOOST_TEST(s.number(s.rows()[0], "requests") == s.number(s.rows()[0], "ok") + s.number(s.rows()[0], "failed"));
}

BOOST_AUTO_TEST_SUITE_END()
