// Reproducers of the defects adversarial testing found (issue 16) that are not bad input: runs
// that must end normally with every request in the output, stops by signal, reruns, a full disk,
// inputs that must not block, SimGrid names that must not collide, YAML aliases under --set.
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <filesystem>
#include <fmt/format.h>
#include <thread>

#include "harness.hpp"

namespace fs = std::filesystem;
namespace tt = boost::test_tools;

namespace {

/// Every request issued is a row of requests.csv and counted once in summary.csv.
void require_every_request_recorded(const harness::Result& r) {
  harness::require_ok(r);
  const auto reqs = harness::table(r.out_dir, "requests.csv");
  const auto sum = harness::table(r.out_dir, "summary.csv");
  BOOST_TEST(static_cast<double>(reqs.rows().size()) == sum.number(sum.rows().at(0), "requests"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hardening)

BOOST_AUTO_TEST_CASE(a_request_at_or_near_the_hard_stop_ends_in_the_output) {
  // arrivals at 1 s and 5 s, end at 5 s: the second never arrives (nothing arrives at the stop)
  const auto at_end = harness::run_config("fixed.yaml", "end-at-arrival", "--set simulation.end=5s");
  require_every_request_recorded(at_end);
  BOOST_TEST(harness::table(at_end.out_dir, "requests.csv").rows().size() == 1u);
  // a local answer due exactly at the stop (1 s + 160 ms), and an offload due at it
  require_every_request_recorded(harness::run_config("fixed.yaml", "end-at-answer", "--set simulation.end=1.16s"));
  require_every_request_recorded(harness::run_config(
      "fixed.yaml", "end-at-offload", "--set simulation.end=1.551s --set selection.policy=edge"));
  // periodic arrivals every second through a stop at 4 s, with a cell outage over the stop
  for (const char* extra : {"--set simulation.end=4s", "--set simulation.end=4s --set selection.policy=local",
                            "--set simulation.end=5s --set faults.request_timeout=1s"}) {
    const auto r = harness::run_config("edge_cases.yaml", "end-periodic", extra);
    require_every_request_recorded(r);
    const auto reqs = harness::table(r.out_dir, "requests.csv");
    for (const auto& row : reqs.rows())
      BOOST_TEST(reqs.number(row, "issued_at_s") < 5.0);
  }
}

BOOST_AUTO_TEST_CASE(generated_simgrid_names_cannot_collide) {
  // cells x and x_radio, edge e and cell e_backhaul, edge x_backhaul: all in one platform
  const auto r = harness::run_config("edge_cases.yaml", "names");
  require_every_request_recorded(r);
  const auto reqs = harness::table(r.out_dir, "requests.csv");
  for (const auto& row : reqs.rows())
    BOOST_TEST(reqs.cell(row, "status") == "ok");
}

BOOST_AUTO_TEST_CASE(statistics_reports_never_pile_up_on_a_slow_wan) {
  // 2,000-byte reports at 6,400 bit/s take 2.5 s, the period is 1 s: one report in flight per
  // edge, a period's statistics that could not leave go with the next report.
  const auto r = harness::run_config("edge_cases.yaml", "slow-wan",
                                     "--set model_management.stats_period=1s --set cloud.wan_bandwidth=6400bps "
                                     "--set cloud.wan_latency=0s");
  harness::require_ok(r);
  const auto st = harness::table(r.out_dir, "stats.csv");
  BOOST_REQUIRE(!st.rows().empty());
  std::map<std::string, double> last_end;
  for (const auto& row : st.rows()) {
    const auto edge = st.cell(row, "edge");
    BOOST_TEST(st.number(row, "period_start_s") == (last_end.count(edge) ? last_end[edge] : 0.0));
    BOOST_TEST(st.number(row, "received_at_s") - st.number(row, "period_end_s") == 2.5, tt::tolerance(1e-9));
    last_end[edge] = st.number(row, "period_end_s");
  }
  BOOST_TEST(last_end["e"] == 4.0);  // reports left at 1 s ([0,1]) and 4 s ([1,4]); the run ends before 9.5 s
}

BOOST_AUTO_TEST_CASE(a_fifo_among_the_traces_is_refused_instead_of_blocking) {
  const auto traces = fs::path(harness::fresh_dir("fifo-traces"));
  fs::copy(fs::path(MODISIM_TEST_DATA) / "traces-fixed", traces, fs::copy_options::recursive);
  fs::remove(traces / "servers.csv");
  BOOST_REQUIRE(mkfifo((traces / "servers.csv").c_str(), 0644) == 0);
  const std::string set = fmt::format("--set traces={}", traces.string());
  for (const auto& args : {fmt::format("validate fixed.yaml {}", set),
                           fmt::format("run fixed.yaml --out '{}' {}", harness::fresh_dir("fifo-out"), set),
                           fmt::format("list --traces '{}'", traces.string())}) {
    const auto r = harness::run(args);
    BOOST_TEST(r.exit_code == 2, args);
    BOOST_TEST(r.stderr_text.find("servers.csv: trace file is a FIFO, not a file") != std::string::npos, r.stderr_text);
  }
}

BOOST_AUTO_TEST_CASE(sigint_and_sigterm_stop_a_run_with_one_line_and_no_partial_results) {
  for (const int sig : {SIGINT, SIGTERM}) {
    const auto out = harness::fresh_dir(fmt::format("signal-{}", sig));
    const auto err = out + ".stderr";
    const pid_t pid = fork();
    if (pid == 0) {
      if (chdir(MODISIM_SOURCE_DIR) != 0 || !freopen(err.c_str(), "w", stderr) || !freopen("/dev/null", "w", stdout))
        _exit(127);
      execl(MODISIM_BIN, MODISIM_BIN, "run", "configs/bench/scale.yaml", "--out", out.c_str(), "--progress", "never",
            "--set", "phones.0.count=20000", "--set", "edges.0.count=200", "--set", "cells.0.count=200",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!fs::exists(fs::path(out) / "requests.csv.partial") && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 128 + sig);
    const auto text = harness::slurp(err);
    BOOST_TEST(std::count(text.begin(), text.end(), '\n') == 1, text);
    BOOST_TEST(text.find("modisim: interrupted by") == 0u, text);
    for (const auto& e : fs::directory_iterator(out))
      BOOST_TEST(e.path().filename() == ".modisim-run", e.path().string());
  }
}

BOOST_AUTO_TEST_CASE(a_failing_rerun_leaves_nothing_that_looks_complete) {
  const auto first = harness::run_config("fixed.yaml", "rerun");
  harness::require_ok(first);
  const auto again = harness::run(fmt::format("run fixed.yaml --out '{}' --set selection.policy=nope", first.out_dir));
  BOOST_TEST(again.exit_code == 2);
  for (const char* f : {"run.yaml", "summary.csv", "requests.csv"})
    BOOST_TEST(!fs::exists(fs::path(first.out_dir) / f), f);
}

BOOST_AUTO_TEST_CASE(a_full_disk_is_exit_1_with_the_reason_and_no_complete_results) {
  const auto out = harness::fresh_dir("full-disk");
  // ulimit -f: writes past 8 KiB fail with EFBIG, as on a full disk
  const auto cmd = fmt::format("cd '{}' && ulimit -f 8 && '{}' run '{}/configs/default.yaml' --out '{}' --progress never "
                               ">/dev/null 2>'{}.err'",
                               MODISIM_TEST_DATA, MODISIM_BIN, MODISIM_SOURCE_DIR, out, out);
  const int status = std::system(cmd.c_str());
  BOOST_TEST(WEXITSTATUS(status) == 1);
  const auto err = harness::slurp(out + ".err");
  BOOST_TEST(err.find("modisim: results not written: cannot write") == 0u, err);
  BOOST_TEST(err.find("File too large") != std::string::npos, err);
  BOOST_TEST(!fs::exists(fs::path(out) / "run.yaml"));
  BOOST_TEST(!fs::exists(fs::path(out) / "requests.csv.partial"));
}

BOOST_AUTO_TEST_CASE(set_through_a_yaml_alias_changes_only_its_own_group) {
  // phones q reuses p's apps through an alias: --set on p's deadline must leave q's alone
  const auto r = harness::run_config("edge_cases.yaml", "alias", "--set phones.0.apps.0.deadline=1ms");
  harness::require_ok(r);
  const auto reqs = harness::table(r.out_dir, "requests.csv");
  for (const auto& row : reqs.rows())
    BOOST_TEST(reqs.number(row, "deadline_s") == (reqs.cell(row, "phone") == "p" ? 0.001 : 2.0));
}

BOOST_AUTO_TEST_SUITE_END()
