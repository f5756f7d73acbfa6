// Simulation tests with closed-form oracles; each simulation runs modisim in its own process.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <set>
#include <tuple>

#include "harness.hpp"
#include "sim/core/stats.hpp"

namespace fs = std::filesystem;
namespace tt = boost::test_tools;
using harness::column;
using harness::run_config;
using harness::require_ok;
using harness::table;

namespace {
const std::string DEFAULT = std::string(MODISIM_SOURCE_DIR) + "/configs/default.yaml";


/// Rows sorted by request id.
std::vector<const modi::csv::Row*> by_id(const modi::csv::Table& t) {
  std::vector<const modi::csv::Row*> rows;
  for (const auto& r : t.rows())
    rows.push_back(&r);
  std::sort(rows.begin(), rows.end(),
            [&](auto* a, auto* b) { return t.number(*a, "request_id") < t.number(*b, "request_id"); });
  return rows;
}

std::string without_column(const std::string& csv_text, const std::string& col) {
  const auto t = modi::csv::Table::parse(csv_text, "x");
  std::string out;
  for (const auto& row : t.rows())
    for (const auto& h : t.header())
      if (h != col)
        out += t.cell(row, h) + ";";
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(closed_form)

BOOST_AUTO_TEST_CASE(local_cold_start_then_warm_start) {
  const auto r = run_config("fixed.yaml", "local");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 2u);
  const auto rows = by_id(t);
  const auto& cold = *rows[0];
  const auto& warm = *rows[1];
  // cold: image 10 ms + model load 100 ms + inference 50 ms
  BOOST_TEST(t.number(cold, "issued_at_s") == 1.0);
  BOOST_TEST(t.number(cold, "latency_s") == 0.160, tt::tolerance(1e-12));
  BOOST_TEST(t.number(cold, "model_load_s") == 0.100, tt::tolerance(1e-12));
  BOOST_TEST(t.cell(cold, "site") == "device");
  BOOST_TEST(t.cell(cold, "model") == "m_small");
  // warm: the model stayed in memory
  BOOST_TEST(t.number(warm, "latency_s") == 0.060, tt::tolerance(1e-12));
  BOOST_TEST(t.number(warm, "model_load_s") == 0.0);
  for (const auto* row : rows) {
    const double parts = t.number(*row, "image_load_s") + t.number(*row, "model_load_s") + t.number(*row, "queue_s") +
                         t.number(*row, "inference_s");
    BOOST_TEST(t.number(*row, "latency_s") == parts, tt::tolerance(1e-12));
    BOOST_TEST(t.number(*row, "finished_at_s") - t.number(*row, "issued_at_s") == t.number(*row, "latency_s"),
               tt::tolerance(1e-12));
    // CPU energy, E = P x t per phase (fixture: image 1.0 W, model load 1.5 W, inference 2.0 W)
    const double cpu = 1.0 * t.number(*row, "image_load_s") + 1.5 * t.number(*row, "model_load_s") +
                       2.0 * t.number(*row, "inference_s");
    BOOST_TEST(t.number(*row, "cpu_energy_j") == cpu, tt::tolerance(1e-12));
    BOOST_TEST(t.number(*row, "radio_energy_j") == 0.0);
  }
}

BOOST_AUTO_TEST_CASE(gzipped_model_pays_decompression_at_cold_load) {
  // m_small_gz: 0.5 MB stored, 1 MB in memory; inflate at 1e7 B/s adds 100 ms to the 100 ms load.
  const auto r = run_config("fixed.yaml", "gzip", "--set phones.0.models=[m_small_gz]");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  const auto rows = by_id(t);
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(t.number(*rows[0], "model_load_s") == 0.200, tt::tolerance(1e-12));
  BOOST_TEST(t.number(*rows[0], "latency_s") == 0.010 + 0.200 + 0.050, tt::tolerance(1e-12));
  BOOST_TEST(t.number(*rows[1], "model_load_s") == 0.0);  // decompressed copy stays in memory
}

BOOST_AUTO_TEST_CASE(offload_latency_is_the_sum_of_its_parts) {
  const auto r = run_config("fixed.yaml", "offload", "--set selection.policy=edge");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 2u);
  const auto rows = by_id(t);
  // upload: 10 ms calibrated extra + 10 ms latency + 10000 B at 1e6 B/s = 30 ms
  // edge: model m_big cold (4e6 B at 1e7 B/s = 400 ms) then 100 ms inference
  // download: 10 ms extra + 10 ms latency + 1000 B at 1e6 B/s = 21 ms
  const double upload = 0.030, download = 0.021, load = 0.4, infer = 0.1;
  for (size_t i = 0; i < 2; ++i) {
    const auto& row = *rows[i];
    BOOST_TEST(t.cell(row, "site") == "edge");
    BOOST_TEST(t.cell(row, "host") == "e");
    BOOST_TEST(t.cell(row, "model") == "m_big");
    BOOST_TEST(t.number(row, "upload_s") == upload, tt::tolerance(1e-9));
    BOOST_TEST(t.number(row, "download_s") == download, tt::tolerance(1e-9));
    BOOST_TEST(t.number(row, "queue_s") == 0.0);
    BOOST_TEST(t.number(row, "inference_s") == infer, tt::tolerance(1e-12));
    BOOST_TEST(t.number(row, "model_load_s") == (i == 0 ? load : 0.0), tt::tolerance(1e-12));
    BOOST_TEST(t.number(row, "latency_s") == upload + (i == 0 ? load : 0.0) + infer + download, tt::tolerance(1e-9));
    BOOST_TEST(t.number(row, "cpu_energy_j") == 0.0);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(queueing)

BOOST_AUTO_TEST_CASE(single_core_edge_matches_mm1_waiting_time) {
  const auto r = run_config("mm1.yaml", "mm1");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 40000u);
  const double lambda = 5.0, mu = 10.0, rho = lambda / mu;
  const auto wait = column(t, "queue_s");
  const auto service = column(t, "inference_s");
  BOOST_TEST(modi::stats::mean(service) == 1.0 / mu, tt::tolerance(0.02));
  // M/M/1: Wq = rho / (mu - lambda) = 0.1 s; fraction of arrivals that wait = rho.
  BOOST_TEST(modi::stats::mean(wait) == rho / (mu - lambda), tt::tolerance(0.08));
  const double waited = static_cast<double>(std::count_if(wait.begin(), wait.end(), [](double w) { return w > 1e-12; }));
  BOOST_TEST(waited / static_cast<double>(wait.size()) == rho, tt::tolerance(0.05));
  // The edge's own statistics agree: it saw every request, busy a fraction rho of the time.
  const auto sv = table(r.out_dir, "servers.csv");
  BOOST_REQUIRE(sv.rows().size() == 1u);
  BOOST_TEST(sv.number(sv.rows()[0], "requests") == 40000.0);
  BOOST_TEST(sv.number(sv.rows()[0], "queue_mean_s") == modi::stats::mean(wait), tt::tolerance(1e-9));
  BOOST_TEST(sv.number(sv.rows()[0], "utilization") == rho, tt::tolerance(0.03));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(same_config_and_seed_give_identical_bytes) {
  const std::string short_run = "--set simulation.duration=3min";
  const auto a = run_config(DEFAULT, "det-a", short_run);
  const auto b = run_config(DEFAULT, "det-b", short_run);
  require_ok(a);
  require_ok(b);
  BOOST_TEST(harness::slurp(a.out_dir + "/requests.csv") == harness::slurp(b.out_dir + "/requests.csv"));
  BOOST_TEST(harness::slurp(a.out_dir + "/servers.csv") == harness::slurp(b.out_dir + "/servers.csv"));
  // summary.csv differs only in wall_s (the host's time)
  BOOST_TEST(without_column(harness::slurp(a.out_dir + "/summary.csv"), "wall_s") ==
             without_column(harness::slurp(b.out_dir + "/summary.csv"), "wall_s"));
  const auto c = run_config(DEFAULT, "det-c", short_run + " --seed 2");
  require_ok(c);
  BOOST_TEST(harness::slurp(a.out_dir + "/requests.csv") != harness::slurp(c.out_dir + "/requests.csv"));
}

BOOST_AUTO_TEST_CASE(run_yaml_reproduces_the_run) {
  const auto a = run_config(DEFAULT, "rerun-a", "--set simulation.duration=2min --seed 5");
  require_ok(a);
  const auto b = run_config(a.out_dir + "/run.yaml", "rerun-b");
  require_ok(b);
  BOOST_TEST(harness::slurp(a.out_dir + "/requests.csv") == harness::slurp(b.out_dir + "/requests.csv"));
}

BOOST_AUTO_TEST_CASE(switching_policy_keeps_the_workload) {
  const auto a = run_config(DEFAULT, "crn-a", "--set simulation.duration=2min --set selection.policy=local --set selection.params={}");
  const auto b = run_config(DEFAULT, "crn-b", "--set simulation.duration=2min --set selection.policy=edge --set selection.params={}");
  require_ok(a);
  require_ok(b);
  auto workload = [](const modi::csv::Table& t) {
    std::vector<std::tuple<std::string, std::string, std::string>> w;
    for (const auto& row : t.rows())
      w.emplace_back(t.cell(row, "phone"), t.cell(row, "app"), t.cell(row, "issued_at_s"));
    std::sort(w.begin(), w.end());
    return w;
  };
  const auto ta = table(a.out_dir, "requests.csv");
  const auto tb = table(b.out_dir, "requests.csv");
  BOOST_TEST(ta.rows().size() == tb.rows().size());
  BOOST_TEST((workload(ta) == workload(tb)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(default_scenario)

BOOST_AUTO_TEST_CASE(runs_and_accounts_for_every_request) {
  const auto r = run_config(DEFAULT, "default");
  require_ok(r);
  BOOST_TEST(r.stdout_text.find("latency") != std::string::npos);
  const auto s = table(r.out_dir, "summary.csv");
  BOOST_REQUIRE(s.rows().size() == 1u);
  const auto& sum = s.rows()[0];
  const auto t = table(r.out_dir, "requests.csv");
  const double n = s.number(sum, "requests");
  BOOST_TEST(n == static_cast<double>(t.rows().size()));
  BOOST_TEST(n > 1000);
  BOOST_TEST(s.number(sum, "ok") + s.number(sum, "failed") == n);
  std::set<double> ids;
  std::set<std::string> devices, networks, sites;
  std::vector<double> ok_latency;
  for (const auto& row : t.rows()) {
    ids.insert(t.number(row, "request_id"));
    devices.insert(t.cell(row, "device"));
    networks.insert(t.cell(row, "network"));
    const auto& status = t.cell(row, "status");
    BOOST_REQUIRE(status == "ok" || status == "failed");
    if (status == "ok") {
      sites.insert(t.cell(row, "site"));
      ok_latency.push_back(t.number(row, "latency_s"));
      BOOST_REQUIRE(t.cell(row, "failure").empty());
      BOOST_REQUIRE(t.number(row, "accuracy") > 0);
    } else {
      BOOST_REQUIRE(!t.cell(row, "failure").empty());
    }
  }
  BOOST_TEST(ids.size() == t.rows().size());
  BOOST_TEST(*ids.rbegin() == n - 1);
  BOOST_TEST(devices.size() == 4u);
  BOOST_TEST(networks.size() == 5u);
  BOOST_TEST(sites.count("device") == 1u);
  BOOST_TEST(sites.count("edge") == 1u);
  BOOST_TEST(s.number(sum, "latency_mean_s") == modi::stats::mean(ok_latency), tt::tolerance(1e-9));
  BOOST_TEST(s.number(sum, "latency_p95_s") == modi::stats::quantile(ok_latency, 0.95), tt::tolerance(1e-9));
  const double off = s.number(sum, "offload_fraction");
  BOOST_TEST(off > 0.05);
  BOOST_TEST(off < 0.95);
  BOOST_TEST(s.number(sum, "accuracy_mean") > 0.5);
  BOOST_TEST(s.number(sum, "slo_attainment") <= 1.0);
  BOOST_TEST(s.number(sum, "phone_energy_j") > 0);
  BOOST_TEST(fs::exists(r.out_dir + "/run.yaml"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(accounting)

BOOST_AUTO_TEST_CASE(hard_end_fails_requests_in_flight) {
  for (const std::string policy : {"local", "edge"}) {
    const auto r = run_config("fixed.yaml", "end-" + policy,
                              "--set simulation.end=1.05s --set selection.policy=" + policy);
    require_ok(r);
    const auto t = table(r.out_dir, "requests.csv");
    BOOST_REQUIRE(t.rows().size() == 1u);  // the second request (t=5 s) is never issued
    const auto& row = t.rows()[0];
    BOOST_TEST(t.cell(row, "status") == "failed");
    BOOST_TEST(t.cell(row, "failure") == "sim_end");
    BOOST_TEST(t.number(row, "finished_at_s") == 1.05, tt::tolerance(1e-12));
    const auto s = table(r.out_dir, "summary.csv");
    BOOST_TEST(s.number(s.rows()[0], "failed") == 1.0);
  }
}

BOOST_AUTO_TEST_CASE(requests_without_any_model_fail_with_a_reason) {
  const auto r = run_config("fixed.yaml", "nomodel", "--set phones.0.models=[]");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 2u);
  for (const auto& row : t.rows()) {
    BOOST_TEST(t.cell(row, "status") == "failed");
    BOOST_TEST(t.cell(row, "failure") == "no_local_model");
  }
}

BOOST_AUTO_TEST_CASE(mdinference_duplicate_answers_when_remote_is_late) {
  // The edge needs 551 ms for the cold first request; the deadline is 300 ms and the local
  // duplicate (m_small, 160 ms cold) is ready first, so the answer comes at the deadline.
  const auto r = run_config("fixed.yaml", "dup",
                            "--set selection.policy=mdinference --set selection.params.duplicate=true "
                            "--set phones.0.apps.0.deadline=300ms --set edges.0.models=[m_big]");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  const auto rows = by_id(t);
  BOOST_TEST(t.cell(*rows[0], "site") == "device");
  BOOST_TEST(t.cell(*rows[0], "model") == "m_small");
  BOOST_TEST(t.number(*rows[0], "latency_s") == 0.3, tt::tolerance(1e-12));
  // second request: the warm edge answers in 151 ms, before the deadline
  BOOST_TEST(t.cell(*rows[1], "site") == "edge");
}

BOOST_AUTO_TEST_SUITE_END()
