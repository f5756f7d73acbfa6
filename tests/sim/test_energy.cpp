// Energy in closed form: CPU phases, the radio state machine (promotion, active, tail, idle),
// conservation per phone, and batteries that run out.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fmt/format.h>
#include <map>

#include "harness.hpp"

namespace tt = boost::test_tools;
using harness::run_config;
using harness::require_ok;
using harness::table;

namespace {

// Huang et al. 2012 (tests/data/traces-fixed/radio_power.csv), in W and s.
struct Radio {
  double pro_w, pro_s, tail_w, tail_s, base_w, up_w_mbps, down_w_mbps;
};
const Radio WIFI{0.1244, 0.0791, 0.1193, 0.2381, 0.13286, 0.28317, 0.13701};
const Radio LTE{1.2107, 0.2601, 1.06, 11.576, 1.28804, 0.43839, 0.05197};

// The offload in tests/data/fixed.yaml: upload 30 ms (10 000 B), download 21 ms (1 000 B); at the
// edge 500 ms for the first (cold) request, 100 ms for the second.
constexpr double UP_S = 0.030, DOWN_S = 0.021, UP_MBIT = 0.08, DOWN_MBIT = 0.008;
constexpr double EDGE_S[2] = {0.5, 0.1};
constexpr double DOWN_END_1 = 1.0 + UP_S + 0.5 + DOWN_S;  // the first request's download ends

double active(const Radio& r) {
  return r.base_w * UP_S + r.up_w_mbps * UP_MBIT + r.base_w * DOWN_S + r.down_w_mbps * DOWN_MBIT;
}

/// Radio energy attributed to each request: promotion when the radio was idle, active
/// transfers, the tail between upload and download, and the tail after the download (cut by the
/// next request's upload, or full).
std::vector<double> expected(const Radio& r, double second_at) {
  std::vector<double> e(2);
  for (int i = 0; i < 2; ++i) {
    const double between = EDGE_S[i];
    e[i] = active(r) + r.tail_w * std::min(between, r.tail_s) + (between > r.tail_s ? r.pro_w * r.pro_s : 0.0);
  }
  const double gap = second_at - DOWN_END_1;
  e[0] += r.pro_w * r.pro_s + r.tail_w * std::min(gap, r.tail_s);
  e[1] += (gap > r.tail_s ? r.pro_w * r.pro_s : 0.0) + r.tail_w * r.tail_s;
  return e;
}

std::vector<double> radio_by_id(const std::string& out_dir) {
  const auto t = table(out_dir, "requests.csv");
  std::vector<double> e(t.rows().size());
  for (const auto& row : t.rows())
    e.at(static_cast<size_t>(t.number(row, "request_id"))) = t.number(row, "radio_energy_j");
  return e;
}


}  // namespace

BOOST_AUTO_TEST_SUITE(energy)

BOOST_AUTO_TEST_CASE(lte_requests_wider_apart_than_the_tail_pay_everything_each_time) {
  const auto r = run_config("fixed.yaml", "lte-wide",
                            "--set selection.policy=edge --set cells.0.network=net_lte "
                            "--set phones.0.apps.0.arrival.file=spaced_wide.csv");
  require_ok(r);
  const auto e = radio_by_id(r.out_dir);
  const auto want = expected(LTE, 30.0);
  BOOST_REQUIRE(e.size() == 2u);
  BOOST_TEST(e[0] == want[0], tt::tolerance(1e-9));
  BOOST_TEST(e[1] == want[1], tt::tolerance(1e-9));
  // each: promotion + transfers + tail between them + a full tail
  BOOST_TEST(e[1] == LTE.pro_w * LTE.pro_s + active(LTE) + LTE.tail_w * 0.1 + LTE.tail_w * LTE.tail_s,
             tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(lte_requests_closer_than_the_tail_share_one_promotion) {
  const auto r = run_config("fixed.yaml", "lte-narrow", "--set selection.policy=edge --set cells.0.network=net_lte");
  require_ok(r);
  const auto e = radio_by_id(r.out_dir);
  const auto want = expected(LTE, 5.0);
  BOOST_TEST(e[0] == want[0], tt::tolerance(1e-9));
  BOOST_TEST(e[1] == want[1], tt::tolerance(1e-9));
  // the second request pays no promotion; the first pays the tail only until the second starts
  BOOST_TEST(e[1] == active(LTE) + LTE.tail_w * 0.1 + LTE.tail_w * LTE.tail_s, tt::tolerance(1e-9));
  BOOST_TEST(e[0] == LTE.pro_w * LTE.pro_s + active(LTE) + LTE.tail_w * 0.5 + LTE.tail_w * (5.0 - DOWN_END_1),
             tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(wifi_costs_less_than_lte) {
  const auto w = run_config("fixed.yaml", "wifi", "--set selection.policy=edge");
  const auto l = run_config("fixed.yaml", "lte", "--set selection.policy=edge --set cells.0.network=net_lte");
  require_ok(w);
  require_ok(l);
  const auto ew = radio_by_id(w.out_dir), el = radio_by_id(l.out_dir);
  const auto want = expected(WIFI, 5.0);  // WiFi's 238 ms tail: every gap here is longer
  BOOST_TEST(ew[0] == want[0], tt::tolerance(1e-9));
  BOOST_TEST(ew[1] == want[1], tt::tolerance(1e-9));
  for (size_t i = 0; i < 2; ++i)
    BOOST_TEST(ew[i] < el[i]);
}

BOOST_AUTO_TEST_CASE(every_phone_conserves_energy) {
  const auto r = run_config(std::string(MODISIM_SOURCE_DIR) + "/configs/default.yaml", "conservation",
                            "--set simulation.duration=5min");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  std::map<std::string, double> attributed;
  for (const auto& row : t.rows()) {
    BOOST_REQUIRE(t.number(row, "energy_j") ==
                  t.number(row, "cpu_energy_j") + t.number(row, "radio_energy_j"));
    attributed[t.cell(row, "phone")] += t.number(row, "energy_j");
  }
  const auto p = table(r.out_dir, "phones.csv");
  BOOST_REQUIRE(p.rows().size() == 40u);
  double sum = 0;
  for (const auto& row : p.rows()) {
    const double total = p.number(row, "total_energy_j");
    const double parts = attributed[p.cell(row, "phone")] + p.number(row, "idle_energy_j") +
                         p.number(row, "unattributed_energy_j");
    BOOST_TEST(parts == total, tt::tolerance(1e-9));
    BOOST_TEST(p.number(row, "cpu_energy_j") + p.number(row, "radio_energy_j") + p.number(row, "idle_energy_j") == total,
               tt::tolerance(1e-9));
    sum += total;
  }
  const auto s = table(r.out_dir, "summary.csv");
  BOOST_TEST(s.number(s.rows()[0], "phone_energy_j") == sum, tt::tolerance(1e-9));
  BOOST_TEST(s.number(s.rows()[0], "edge_energy_j") > 0);
  BOOST_TEST(s.number(s.rows()[0], "cloud_energy_j") > 0);
}

BOOST_AUTO_TEST_CASE(an_empty_battery_fails_later_requests) {
  // 1 J battery, 0.25 W idle. The request at 1 s costs 0.26 J of CPU (10 ms x 1 W + 100 ms x
  // 1.5 W + 50 ms x 2 W), so the battery runs out at (1 - 0.26) / 0.25 = 2.96 s and the request
  // at 5 s fails with reason battery.
  const auto r = run_config("fixed.yaml", "battery", "--set phones.0.battery_capacity=1J");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 2u);
  std::map<double, const modi::csv::Row*> by_id;
  for (const auto& row : t.rows())
    by_id[t.number(row, "request_id")] = &row;
  BOOST_TEST(t.cell(*by_id[0], "status") == "ok");
  BOOST_TEST(t.cell(*by_id[1], "status") == "failed");
  BOOST_TEST(t.cell(*by_id[1], "failure") == "battery");
  const auto p = table(r.out_dir, "phones.csv");
  BOOST_TEST(p.number(p.rows()[0], "died_at_s") == 2.96, tt::tolerance(1e-12));
  BOOST_TEST(p.number(p.rows()[0], "battery_start_j") == 1.0);
  const auto s = table(r.out_dir, "summary.csv");
  BOOST_TEST(s.number(s.rows()[0], "phones_dead") == 1.0);
  BOOST_TEST(s.number(s.rows()[0], "requests") == 2.0);
}

BOOST_AUTO_TEST_CASE(server_energy_is_idle_power_plus_the_busy_share_of_each_core) {
  // srv: 10 W idle, 30 W with every core busy (tests/data/traces-fixed/servers.csv). SimGrid's
  // plugin must give idle x T + (busy - idle) / cores x busy core-seconds on 1, 2 and 8 cores.
  for (const int cores : {1, 2, 8}) {
    const auto r = run_config("fixed.yaml", fmt::format("server-{}", cores),
                              fmt::format("--set selection.policy=edge --set edges.0.cores={} "
                                          "--set phones.0.apps.0.arrival.file=burst.csv",
                                          cores));
    require_ok(r);
    const auto t = table(r.out_dir, "requests.csv");
    double busy_core_s = 0;
    for (const auto& row : t.rows())
      busy_core_s += t.number(row, "model_load_s") + t.number(row, "inference_s");
    BOOST_REQUIRE(busy_core_s > 0.5);
    const auto s = table(r.out_dir, "summary.csv");
    const double horizon = s.number(s.rows()[0], "sim_end_s");
    BOOST_TEST(s.number(s.rows()[0], "edge_energy_j") == 10 * horizon + 20.0 / cores * busy_core_s,
               tt::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(a_phone_that_dies_mid_computation_draws_exactly_its_battery) {
  // 0.35 J: idle 0.25 W from 0, the local request at 1 s decodes for 10 ms at 1 W, then loads
  // its model at 1.5 W. 0.25 t + 0.01 + 1.5 (t - 1.01) = 0.35 gives t = 1.06 s, mid-load.
  const auto r = run_config("fixed.yaml", "dies-computing", "--set phones.0.battery_capacity=0.35J");
  require_ok(r);
  const auto p = table(r.out_dir, "phones.csv");
  const auto& ph = p.rows().at(0);
  BOOST_TEST(p.number(ph, "died_at_s") == 1.06, tt::tolerance(1e-12));
  BOOST_TEST(p.number(ph, "horizon_s") == p.number(ph, "died_at_s"));
  BOOST_TEST(p.number(ph, "cpu_energy_j") == 0.01 + 1.5 * 0.05, tt::tolerance(1e-9));
  BOOST_TEST(p.number(ph, "total_energy_j") == 0.35);  // exactly: nothing drawn after death
  BOOST_TEST(p.number(ph, "battery_start_j") - p.number(ph, "battery_end_j") == p.number(ph, "total_energy_j"));
  const auto t = table(r.out_dir, "requests.csv");
  for (const auto& row : t.rows()) {
    BOOST_TEST(t.cell(row, "failure") == "battery");  // the first ran out mid-way, the second found it empty
    if (t.number(row, "request_id") == 0)
      BOOST_TEST(t.number(row, "cpu_energy_j") == 0.01 + 1.5 * 0.05, tt::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(a_phone_that_dies_in_a_radio_tail_draws_exactly_its_battery) {
  // LTE, edge offload at 1 s: the download ends at 1.551 s and the tail (1.06 W) runs. Drawn by
  // then: idle 0.25 W x t, radio idle 0.5943 W over the 0.7399 s the radio was idle (1 s before
  // the upload, less the promotion's 0.2601 s, which costs energy only), the upload (promotion +
  // active), the 0.5 s tail between the legs, the download. A 3 J battery runs out in the tail.
  constexpr double IDLE_RADIO_W = 0.5943;
  const double up = LTE.pro_w * LTE.pro_s + LTE.base_w * UP_S + LTE.up_w_mbps * UP_MBIT;
  const double down = LTE.base_w * DOWN_S + LTE.down_w_mbps * DOWN_MBIT;
  const double before_tail = IDLE_RADIO_W * (1.0 - LTE.pro_s) + up + LTE.tail_w * 0.5 + down;
  const double died = (3.0 - before_tail + LTE.tail_w * DOWN_END_1) / (0.25 + LTE.tail_w);
  BOOST_REQUIRE(died > DOWN_END_1);
  BOOST_REQUIRE(died < 5.0);
  const auto r = run_config("fixed.yaml", "dies-in-tail",
                            "--set selection.policy=edge --set cells.0.network=net_lte --set phones.0.battery_capacity=3J");
  require_ok(r);
  const auto p = table(r.out_dir, "phones.csv");
  const auto& ph = p.rows().at(0);
  BOOST_TEST(p.number(ph, "died_at_s") == died, tt::tolerance(1e-12));
  BOOST_TEST(p.number(ph, "total_energy_j") == 3.0);
  BOOST_TEST(p.number(ph, "battery_end_j") == 0.0);
  const auto t = table(r.out_dir, "requests.csv");
  for (const auto& row : t.rows()) {
    if (t.number(row, "request_id") == 0) {  // answered before the death; its tail stops there
      BOOST_TEST(t.cell(row, "status") == "ok");
      BOOST_TEST(t.number(row, "radio_energy_j") == up + LTE.tail_w * 0.5 + down + LTE.tail_w * (died - DOWN_END_1),
                 tt::tolerance(1e-9));
    } else {
      BOOST_TEST(t.cell(row, "failure") == "battery");
      BOOST_TEST(t.number(row, "energy_j") == 0.0);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_pixel2_drain_scenario_draws_the_measured_energy_per_cold_run) {
  // traces/modi-app-pixel2/calibration.csv: the MODI app's battery drain over 2,000 cold runs
  const auto cal = modi::csv::Table::read_file(std::string(MODISIM_SOURCE_DIR) +
                                               "/traces/modi-app-pixel2/calibration.csv");
  const auto& c = cal.rows().at(0);
  const double measured = cal.number(c, "energy_per_run_j"), u = cal.number(c, "u_j");
  const double cycle_ms = cal.number(c, "image_ms") + cal.number(c, "load_ms") + cal.number(c, "inference_ms") +
                          cal.number(c, "gap_ms");
  BOOST_TEST(cycle_ms == 1474.5, tt::tolerance(1e-4));  // the scenario's arrival interval
  const auto r = harness::run_config(std::string(MODISIM_SOURCE_DIR) + "/configs/examples/pixel2-drain.yaml", "drain");
  require_ok(r);
  const auto phones = table(r.out_dir, "phones.csv");
  const auto reqs = table(r.out_dir, "requests.csv");
  double total = 0;
  for (const auto& row : phones.rows())
    total += phones.number(row, "total_energy_j");
  for (const auto& row : reqs.rows())
    BOOST_TEST(reqs.number(row, "model_load_s") > 0);  // every run is cold
  const double per_run = total / static_cast<double>(reqs.rows().size());
  BOOST_TEST(std::fabs(per_run - measured) <= u, "simulated " << per_run << " J, measured " << measured << " +- " << u);
}

BOOST_AUTO_TEST_SUITE_END()
