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
  const auto r = sweep("sweep_failing.yaml", out, "-j 2");
  BOOST_TEST(r.exit_code == 1);
  const auto res = harness::table(out, "results.csv");
  BOOST_REQUIRE(res.rows().size() == 6u);
  for (const auto& row : res.rows()) {
    if (res.cell(row, "selection.policy") == "no_such_policy") {
      BOOST_TEST(res.cell(row, "status") == "failed");
      BOOST_TEST(res.number(row, "exit_code") == 2.0);
      BOOST_TEST(res.cell(row, "error").find("unknown selection policy 'no_such_policy'") != std::string::npos);
    } else {
      BOOST_TEST(res.cell(row, "status") == "ok");
      BOOST_TEST(res.number(row, "requests") == 2.0);
    }
  }
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
  const auto r = sweep("sweep_failing.yaml", out);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("holds the runs of a different sweep") != std::string::npos);
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
