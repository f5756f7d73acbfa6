// Model management end to end: pushes in closed form and under contention, statistics flowing
// to the central manager, model updates, handovers, on-demand downloads.
#include <boost/test/unit_test.hpp>

#include <map>

#include "harness.hpp"

namespace tt = boost::test_tools;
using harness::run_config;
using harness::require_ok;
using harness::table;

namespace {
std::vector<const modi::csv::Row*> rows_where(const modi::csv::Table& t, const std::string& col, const std::string& v) {
  std::vector<const modi::csv::Row*> out;
  for (const auto& r : t.rows())
    if (t.cell(r, col) == v)
      out.push_back(&r);
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(management)

BOOST_AUTO_TEST_CASE(push_to_a_phone_in_closed_form) {
  // smallest: the phone gets m_small (1 MB) from its edge at the first placement (10 s):
  // 10 ms access latency + 1e6 B at the 1e6 B/s radio = 1.01 s.
  const auto r = run_config("mm.yaml", "push-phone", "--set model_management.phones.policy=smallest");
  require_ok(r);
  const auto p = table(r.out_dir, "pushes.csv");
  BOOST_REQUIRE(p.rows().size() == 1u);
  const auto& row = p.rows()[0];
  BOOST_TEST(p.cell(row, "source") == "e0");
  BOOST_TEST(p.cell(row, "target") == "p");
  BOOST_TEST(p.cell(row, "model") == "m_small");
  BOOST_TEST(p.cell(row, "status") == "ok");
  BOOST_TEST(p.number(row, "issued_at_s") == 10.0);
  BOOST_TEST(p.number(row, "finished_at_s") - p.number(row, "issued_at_s") == 1.01, tt::tolerance(1e-9));
  BOOST_TEST(p.number(row, "phone_radio_energy_j") > 0);
  // after the push every request finds an adequate local model (accuracy_need 0)
  const auto q = table(r.out_dir, "requests.csv");
  for (const auto& rr : q.rows())
    BOOST_TEST(q.number(rr, "local_hit") == (q.number(rr, "issued_at_s") > 11.01 ? 1.0 : 0.0));
  const auto s = table(r.out_dir, "summary.csv");
  BOOST_TEST(s.number(s.rows()[0], "model_push_bytes") == 1e6);
}

BOOST_AUTO_TEST_CASE(push_to_an_edge_over_the_wan_and_explicit_eviction) {
  // smallest on edges: e0 keeps m_small only (m_big evicted at 10 s); nothing to push.
  // With edges starting empty of m_small, the cloud pushes it: 20 ms + 1e6 B at 1e6 B/s.
  const auto r = run_config("mm.yaml", "push-edge",
                            "--set model_management.edges.policy=smallest --set edges.0.models=[m_big] "
                            "--set edges.0.preloaded=[m_big]");
  require_ok(r);
  const auto p = table(r.out_dir, "pushes.csv");
  const auto ev = rows_where(p, "status", "evicted");
  BOOST_REQUIRE(ev.size() == 2u);  // m_big from e0, m_big from e1 (smallest keeps m_small there)
  const auto ok = rows_where(p, "status", "ok");
  BOOST_REQUIRE(ok.size() == 1u);
  BOOST_TEST(p.cell(*ok[0], "source") == "cloud");
  BOOST_TEST(p.cell(*ok[0], "target") == "e0");
  BOOST_TEST(p.number(*ok[0], "finished_at_s") - p.number(*ok[0], "issued_at_s") == 1.02, tt::tolerance(1e-9));
  // requests at e0 after the push run m_small; before it, m_big (until the eviction) then nothing
  const auto q = table(r.out_dir, "requests.csv");
  for (const auto& rr : q.rows())
    if (q.number(rr, "issued_at_s") > 11.02)
      BOOST_TEST(q.cell(rr, "model") == "m_small");
}

BOOST_AUTO_TEST_CASE(a_push_sharing_a_cell_with_inference_slows_both) {
  // The cell's downlink is 1e6 B/s; a 4 MB push and 400 KB replies share it.
  const std::string base =
      "--set cells.0.downlink_capacity=8Mbps --set phones.0.apps.0.output_size=400KB "
      "--set phones.0.apps.0.arrival.interval=500ms --set phones.0.storage=10MB";
  const auto alone = run_config("mm.yaml", "share-push-alone",
                                base + " --set model_management.phones.policy=knapsack"
                                       " --set 'phones.0.apps.0.arrival={kind: trace, file: one_late_request.csv}'");
  const auto both = run_config("mm.yaml", "share-both", base + " --set model_management.phones.policy=knapsack");
  const auto quiet = run_config("mm.yaml", "share-requests-alone", base);
  require_ok(alone);
  require_ok(both);
  require_ok(quiet);
  auto push_time = [](const harness::Result& r) {
    const auto p = table(r.out_dir, "pushes.csv");
    const auto ok = rows_where(p, "status", "ok");
    BOOST_REQUIRE(ok.size() == 1u);
    return p.number(*ok[0], "finished_at_s") - p.number(*ok[0], "issued_at_s");
  };
  auto download_during = [](const harness::Result& r, double from, double to) {
    const auto t = table(r.out_dir, "requests.csv");
    double sum = 0;
    int n = 0;
    for (const auto& row : t.rows())
      if (t.number(row, "issued_at_s") >= from && t.number(row, "issued_at_s") < to && t.cell(row, "site") == "edge") {
        sum += t.number(row, "download_s");
        ++n;
      }
    BOOST_REQUIRE(n > 0);
    return sum / n;
  };
  const double t_alone = push_time(alone);
  const double t_both = push_time(both);
  BOOST_TEST(t_alone == 4.01, tt::tolerance(1e-9));  // 4 MB at the 1e6 B/s radio, no contention
  BOOST_TEST(t_both > t_alone * 1.05);
  BOOST_TEST(download_during(both, 10, 13) > download_during(quiet, 10, 13) * 1.05);
}

BOOST_AUTO_TEST_CASE(statistics_reach_the_central_manager) {
  const auto r = run_config("mm.yaml", "stats", "--set 'phones.0.apps.0.arrival={kind: poisson, rate: 3/s, max_requests: 150}'");
  require_ok(r);
  const auto st = table(r.out_dir, "stats.csv");
  const auto q = table(r.out_dir, "requests.csv");
  std::map<double, double> central, issued;
  for (const auto& row : st.rows()) {
    central[st.number(row, "period_end_s")] += st.number(row, "requests");
    BOOST_TEST(st.number(row, "received_at_s") == st.number(row, "period_end_s") + 0.02 + 2000.0 / 1e6,
               tt::tolerance(1e-9));  // one 2 KB report over the WAN
  }
  BOOST_REQUIRE(central.size() >= 4u);
  for (const auto& row : q.rows()) {
    const double t = q.number(row, "issued_at_s");
    issued[10.0 * (std::floor(t / 10.0) + 1)] += 1;
  }
  for (const auto& [end, n] : central)
    BOOST_TEST(n == issued[end], "period ending " << end);
}

BOOST_AUTO_TEST_CASE(a_model_update_reaches_the_edges) {
  // m_big v2 (top-1 0.95) is published at 15 s; the placement at 20 s pushes it to both edges
  // (4 MB over the WAN, shared: both pushes cross each edge's own WAN link).
  const auto r = run_config("mm.yaml", "update", "--set 'model_updates=[{at: 15s, model: m_big, top1: 0.95}]'");
  require_ok(r);
  const auto p = table(r.out_dir, "pushes.csv");
  double arrived = -1;
  for (const auto& row : p.rows())
    if (p.cell(row, "target") == "e0" && p.cell(row, "model") == "m_big") {
      BOOST_TEST(p.number(row, "version") == 2.0);
      BOOST_TEST(p.number(row, "issued_at_s") == 20.0);
      arrived = p.number(row, "finished_at_s");
    }
  BOOST_REQUIRE(arrived > 20.0);
  const auto q = table(r.out_dir, "requests.csv");
  int before = 0, after = 0;
  for (const auto& row : q.rows()) {
    const bool new_version = q.number(row, "issued_at_s") >= arrived;
    BOOST_TEST(q.number(row, "model_version") == (new_version ? 2.0 : 1.0));
    BOOST_TEST(q.number(row, "accuracy") == (new_version ? 0.95 : 0.9));
    (new_version ? after : before)++;
  }
  BOOST_TEST(before > 0);
  BOOST_TEST(after > 0);
}

BOOST_AUTO_TEST_CASE(handover_changes_the_serving_edge) {
  for (const std::string mode : {"complete", "fail"}) {
    // requests every second from 0.5 s; the one issued at 9.95 s is in flight at the 10 s handover
    const auto r = run_config("mm.yaml", "handover-" + mode,
                              "--set 'mobility={kind: trace, file: handover.csv, in_flight: " + mode +
                                  "}' --set phones.0.apps.0.arrival.offset=0.95s");
    require_ok(r);
    const auto q = table(r.out_dir, "requests.csv");
    BOOST_REQUIRE(q.rows().size() == 60u);  // none lost
    for (const auto& row : q.rows()) {
      const double t = q.number(row, "issued_at_s");
      BOOST_TEST(q.cell(row, "edge") == (t < 10 ? "e0" : "e1"));
      if (t > 9.9 && t < 10) {
        BOOST_TEST(q.cell(row, "status") == (mode == "complete" ? "ok" : "failed"));
        if (mode == "fail") {
          BOOST_TEST(q.cell(row, "failure") == "handover");
          BOOST_TEST(q.number(row, "finished_at_s") == 10.0);
        } else {
          BOOST_TEST(q.cell(row, "host") == "e0");  // completed through the old path
        }
      } else {
        BOOST_TEST(q.cell(row, "status") == "ok");
        BOOST_TEST(q.cell(row, "host") == (t < 10 ? "e0" : "e1"));
      }
    }
    const auto s = table(r.out_dir, "summary.csv");
    BOOST_TEST(s.number(s.rows()[0], "handovers") == 1.0);
  }
}

BOOST_AUTO_TEST_CASE(on_demand_download_then_local) {
  // The app needs 0.85: only m_big (0.9) qualifies. The first request fetches it (4.01 s) and
  // waits; later requests during the download wait too; afterwards everything runs locally.
  const auto r = run_config("mm.yaml", "ondemand",
                            "--set phones.0.apps.0.accuracy_need=0.85 --set selection.policy=local --set model_management.placement_period=0s "
                            "--set 'model_management.on_demand={enabled: true, while_downloading: wait}'");
  require_ok(r);
  const auto p = table(r.out_dir, "pushes.csv");
  BOOST_REQUIRE(p.rows().size() == 1u);
  const double arrived = p.number(p.rows()[0], "finished_at_s");
  BOOST_TEST(arrived == 0.5 + 4.01, tt::tolerance(1e-9));
  const auto q = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(q.rows().size() == 60u);
  for (const auto& row : q.rows()) {
    BOOST_TEST(q.cell(row, "status") == "ok");
    BOOST_TEST(q.cell(row, "site") == "device");
    BOOST_TEST(q.cell(row, "model") == "m_big");
    BOOST_TEST(q.number(row, "finished_at_s") > arrived);
  }
}

BOOST_AUTO_TEST_SUITE_END()
