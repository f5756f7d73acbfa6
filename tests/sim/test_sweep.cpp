// `modisim sweep` end to end: results and aggregates, failing runs, resume after a kill, and
// the GNU parallel backend against the local one.
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <thread>

#include "harness.hpp"
#include "sim/core/stats.hpp"

namespace fs = std::filesystem;
namespace tt = boost::test_tools;

namespace {

harness::Result sweep(const std::string& file, const std::string& out, const std::string& extra = "") {
  return harness::run(fmt::format("sweep {} --out '{}' --progress never {}", file, out, extra));
}

size_t completed_runs(const std::string& out) {
  size_t n = 0;
  if (fs::exists(fs::path(out) / "runs"))
    for (const auto& e : fs::directory_iterator(fs::path(out) / "runs"))
      n += e.path().filename().string()[0] != '.' && fs::exists(e.path() / "run.yaml");
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sweep_runs)

// --baseline selection.policy=local: each edge point paired with the local point of the same zip
// entry, replication by replication (same seed), and a mistaken baseline refused before any run.
BOOST_AUTO_TEST_CASE(paired_differences_against_a_baseline) {
  const auto bad = harness::fresh_dir("sweep-bad-baseline");
  const auto r0 = sweep("sweep_small.yaml", bad, "--baseline selection.policy=modi");
  BOOST_TEST(r0.exit_code == 2);
  BOOST_TEST(r0.stderr_text.find("command line (--baseline): 'selection.policy' never takes the value 'modi'") !=
             std::string::npos, r0.stderr_text);
  BOOST_TEST(completed_runs(bad) == 0u);
  const auto out = harness::fresh_dir("sweep-baseline");
  const auto r = sweep("sweep_small.yaml", out, "-j 2 --baseline selection.policy=local");
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  const auto res = harness::table(out, "results.csv");
  const auto paired = harness::table(out, "paired.csv");
  BOOST_REQUIRE(paired.rows().size() == 2u);  // the two edge points
  for (const auto& p : paired.rows()) {
    BOOST_TEST(paired.cell(p, "selection.policy") == "edge");
    const auto deadline = paired.cell(p, "phones.0.apps.0.deadline");
    std::vector<double> d;
    for (int rep = 0; rep < 3; ++rep) {
      double x = 0, base = 0;
      for (const auto& row : res.rows())
        if (res.cell(row, "phones.0.apps.0.deadline") == deadline && res.number(row, "replication") == rep)
          (res.cell(row, "selection.policy") == "edge" ? x : base) = res.number(row, "latency_mean_s");
      d.push_back(x - base);
    }
    BOOST_TEST(paired.number(p, "latency_mean_s_diff_mean") == modi::stats::mean(d), tt::tolerance(1e-12));
    BOOST_TEST(paired.number(p, "latency_mean_s_diff_n") == 3.0);
    const double sd = modi::stats::stddev(d);
    if (sd > 0)
      BOOST_TEST(paired.number(p, "latency_mean_s_diff_ci95") == 4.302652729911275 * sd / std::sqrt(3.0), tt::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(results_and_aggregates) {
  const auto out = harness::fresh_dir("sweep-local");
  const auto r = sweep("sweep_small.yaml", out, "-j 2");
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  const auto res = harness::table(out, "results.csv");
  BOOST_REQUIRE(res.rows().size() == 12u);
  BOOST_TEST(!res.has_column("wall_s"));  // host time is not a result
  for (const auto& row : res.rows())
    BOOST_TEST(res.cell(row, "status") == "ok");
  // aggregate: mean/sd/ci over the replications of each point, recomputed by hand
  const auto agg = harness::table(out, "aggregate.csv");
  BOOST_REQUIRE(agg.rows().size() == 4u);
  for (const auto& a : agg.rows()) {
    std::vector<double> xs;
    for (const auto& row : res.rows())
      if (res.cell(row, "point") == agg.cell(a, "point"))
        xs.push_back(res.number(row, "correct_rate"));
    BOOST_REQUIRE(xs.size() == 3u);
    BOOST_TEST(agg.number(a, "correct_rate_mean") == modi::stats::mean(xs), tt::tolerance(1e-12));
    BOOST_TEST(agg.number(a, "correct_rate_sd") == modi::stats::stddev(xs), tt::tolerance(1e-12));
    BOOST_TEST(agg.number(a, "correct_rate_ci95") == 4.302652729911275 * modi::stats::stddev(xs) / std::sqrt(3.0),
               tt::tolerance(1e-9));
    BOOST_TEST(agg.number(a, "correct_rate_n") == 3.0);
  }
  // every run directory is complete; nothing partial is left
  for (const auto& e : fs::directory_iterator(fs::path(out) / "runs"))
    BOOST_TEST(e.path().filename().string()[0] != '.');
  // a second invocation resumes: nothing to do, same results
  const auto before = harness::slurp(out + "/results.csv");
  const auto again = sweep("sweep_small.yaml", out);
  BOOST_TEST(again.exit_code == 0);
  BOOST_TEST(again.stderr_text.find("0 to run") != std::string::npos);
  BOOST_TEST(harness::slurp(out + "/results.csv") == before);
}

BOOST_AUTO_TEST_CASE(a_failing_run_is_reported_and_the_rest_complete) {
  const auto out = harness::fresh_dir("sweep-failing");
  const auto r = sweep("sweep_timeout.yaml", out, "-j 2 --run-timeout 2s");
  BOOST_TEST(r.exit_code == 1);
  const auto res = harness::table(out, "results.csv");
  BOOST_REQUIRE(res.rows().size() == 4u);
  for (const auto& row : res.rows()) {
    if (res.cell(row, "phones.0.apps.0.arrival.max_requests") == "100000000") {
      BOOST_TEST(res.cell(row, "status") == "failed");
      BOOST_TEST(res.number(row, "exit_code") == 143.0);  // modisim run's SIGTERM exit
      BOOST_TEST(res.cell(row, "error").find("--run-timeout 2 s") != std::string::npos);
      BOOST_TEST(res.cell(row, "requests").empty());  // no result, not a zero
    } else {
      BOOST_TEST(res.cell(row, "status") == "ok");
      BOOST_TEST(res.number(row, "requests") == 20.0);
    }
  }
  // a point whose runs all failed aggregates to empty cells with n = 0, never to zeros
  const auto agg = harness::table(out, "aggregate.csv");
  for (const auto& a : agg.rows())
    if (agg.cell(a, "phones.0.apps.0.arrival.max_requests") == "100000000") {
      BOOST_TEST(agg.cell(a, "requests_mean").empty());
      BOOST_TEST(agg.cell(a, "requests_sd").empty());
      BOOST_TEST(agg.cell(a, "requests_n") == "0");
    }
}

BOOST_AUTO_TEST_CASE(a_sweep_is_checked_before_any_run_and_names_the_line) {
  const auto out = harness::fresh_dir("sweep-typo");
  fs::remove(out);
  const auto sweep_file = out + "-typo.yaml";
  harness::write_file(sweep_file, fmt::format("base: {}/fixed.yaml\nreplications: 2\ngrid:\n"
                                              "  selection.policy: [local, no_such_policy, edge]\n",
                                              MODISIM_TEST_DATA));
  const auto r = harness::run(fmt::format("sweep '{}' --out '{}' --progress never", sweep_file, out));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("-typo.yaml:4:29: grid.selection.policy.1: point 1 (selection.policy=no_such_policy)") !=
             std::string::npos, r.stderr_text);
  BOOST_TEST(!fs::exists(out));  // nothing ran, nothing was written
  const auto dry = harness::run(fmt::format("sweep sweep_small.yaml --out '{}' --dry-run", out));
  BOOST_TEST(dry.exit_code == 0);
  BOOST_TEST(dry.stdout_text.find("point 3: selection.policy=edge, phones.0.apps.0.deadline=2s") != std::string::npos);
  BOOST_TEST(!fs::exists(out));
}

BOOST_AUTO_TEST_CASE(a_corrected_sweep_reuses_its_directory_for_the_runs_that_failed) {
  const auto out = harness::fresh_dir("sweep-corrected");
  const auto file = out + "-sweep.yaml";
  const auto text = fmt::format("base: {}/mm1.yaml\nreplications: 2\ngrid:\n"
                                "  phones.0.apps.0.arrival.max_requests: [20, 100000000]\n", MODISIM_TEST_DATA);
  harness::write_file(file, text);
  const auto cmd = fmt::format("sweep '{}' --out '{}' --progress never --run-timeout 2s", file, out);
  BOOST_TEST(harness::run(cmd).exit_code == 1);
  // the failing value corrected: only its two runs run again
  harness::write_file(file, text.substr(0, text.find("100000000")) + "30]\n");
  const auto fixed = harness::run(cmd);
  BOOST_TEST(fixed.exit_code == 0, fixed.stderr_text);
  BOOST_TEST(fixed.stderr_text.find("2 to run") != std::string::npos);
  // changing a value whose runs finished is another sweep: refused, naming the run
  harness::write_file(file, text.substr(0, text.find("[20")) + "[21, 30]\n");
  const auto other = harness::run(cmd);
  BOOST_TEST(other.exit_code == 2);
  BOOST_TEST(other.stderr_text.find("holds a finished run p0000-r00 of another sweep") != std::string::npos,
             other.stderr_text);
}

BOOST_AUTO_TEST_CASE(a_changed_input_file_is_another_sweep) {
  const auto out = harness::fresh_dir("sweep-edited");
  const auto base = out + "-base.yaml";
  fs::copy_file(fs::path(MODISIM_TEST_DATA) / "fixed.yaml", base);
  harness::write_file(base, harness::slurp(base) + "\n");  // same scenario, its own copy
  std::string text = harness::slurp(base);
  const auto at = text.find("traces: traces-fixed");
  text.replace(at, 20, fmt::format("traces: {}/traces-fixed", MODISIM_TEST_DATA));
  const auto at2 = text.find("two_requests.csv");
  text.replace(at2, 16, fmt::format("{}/two_requests.csv", MODISIM_TEST_DATA));
  harness::write_file(base, text);
  const auto file = out + "-sweep.yaml";
  harness::write_file(file, fmt::format("base: {}\ngrid: {{selection.policy: [local, edge]}}\n", base));
  const auto cmd = fmt::format("sweep '{}' --out '{}' --progress never", file, out);
  BOOST_REQUIRE(harness::run(cmd).exit_code == 0);
  harness::write_file(base, text + "# edited\n");
  const auto r = harness::run(cmd);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("-base.yaml changed since") != std::string::npos, r.stderr_text);
}

BOOST_AUTO_TEST_CASE(resume_after_a_killed_sweep_gives_the_same_results) {
  const auto whole = harness::fresh_dir("sweep-whole");
  BOOST_REQUIRE(sweep("sweep_slow.yaml", whole, "-j 1").exit_code == 0);

  const auto out = harness::fresh_dir("sweep-killed");
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(MODISIM_TEST_DATA) != 0)
      _exit(127);
    execl(MODISIM_BIN, MODISIM_BIN, "sweep", "sweep_slow.yaml", "--out", out.c_str(), "-j", "1", "--progress", "never",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (completed_runs(out) < 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 130);
  const size_t done = completed_runs(out);
  BOOST_TEST(done >= 1u);
  BOOST_TEST(done < 6u);  // the kill came before the end: there is something to resume
  for (const auto& e : fs::directory_iterator(fs::path(out) / "runs"))
    BOOST_TEST(e.path().filename().string()[0] != '.');  // no partial run left behind

  const auto resumed = sweep("sweep_slow.yaml", out, "-j 2 --resume");
  BOOST_TEST(resumed.exit_code == 0);
  BOOST_TEST(resumed.stderr_text.find(fmt::format("{} to run", 6 - done)) != std::string::npos);
  BOOST_TEST(harness::slurp(out + "/results.csv") == harness::slurp(whole + "/results.csv"));
  BOOST_TEST(harness::slurp(out + "/aggregate.csv") == harness::slurp(whole + "/aggregate.csv"));
}

BOOST_AUTO_TEST_CASE(a_different_sweep_cannot_reuse_a_directory) {
  const auto out = harness::fresh_dir("sweep-mixed");
  BOOST_REQUIRE(sweep("sweep_small.yaml", out).exit_code == 0);
  const auto r = sweep("sweep_slow.yaml", out);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("holds a finished run p0000-r00 of another sweep") != std::string::npos, r.stderr_text);
}

BOOST_AUTO_TEST_CASE(a_second_sweep_on_a_busy_directory_refuses_at_once_and_a_killed_sweep_leaves_no_orphans) {
  const auto out = harness::fresh_dir("sweep-busy");
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(MODISIM_TEST_DATA) != 0)
      _exit(127);
    execl(MODISIM_BIN, MODISIM_BIN, "sweep", "sweep_slow.yaml", "--out", out.c_str(), "-j", "2", "--progress", "never",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (harness::processes_mentioning(out + "/runs/.p") == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto second = sweep("sweep_slow.yaml", out);
  BOOST_TEST(second.exit_code == 2);
  BOOST_TEST(second.stderr_text.find("is in use by another modisim sweep") != std::string::npos, second.stderr_text);
  kill(pid, SIGKILL);  // only the parent: its tasks and their runs must not outlive it
  waitpid(pid, nullptr, 0);
  const auto gone = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (harness::processes_mentioning(out) > 0 && std::chrono::steady_clock::now() < gone)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  BOOST_TEST(harness::processes_mentioning(out) == 0u);
  BOOST_TEST(fs::is_empty(fs::path(out) / "failed"));  // stopped runs are not failures
}

BOOST_AUTO_TEST_CASE(parallel_backend_matches_local) {
  if (std::system("command -v parallel >/dev/null 2>&1") != 0) {
    BOOST_FAIL("GNU parallel is not installed (bash scripts/setup.sh --sweep installs it)");
  }
  const auto local = harness::fresh_dir("sweep-cmp-local");
  const auto par = harness::fresh_dir("sweep-cmp-parallel");
  BOOST_REQUIRE(sweep("sweep_small.yaml", local, "-j 2").exit_code == 0);
  const auto r = sweep("sweep_small.yaml", par, "-j 2 --backend parallel --sshlogin :");
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  BOOST_TEST(harness::slurp(par + "/results.csv") == harness::slurp(local + "/results.csv"));
  BOOST_TEST(harness::slurp(par + "/aggregate.csv") == harness::slurp(local + "/aggregate.csv"));
}

BOOST_AUTO_TEST_SUITE_END()
