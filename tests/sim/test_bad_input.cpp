// Bad input through the real binary: exit status 2, one line naming FILE:LINE(:COL) and the
// key, and no result files. CLI misuse and the list/validate commands.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "harness.hpp"

namespace fs = std::filesystem;

namespace {

std::string base_config() { return harness::slurp(std::string(MODISIM_TEST_DATA) + "/fixed.yaml"); }

std::string write(const std::string& name, const std::string& text) {
  const auto p = fs::path(MODISIM_TEST_DATA) / fmt::format("tmp-{}-{}", ::getpid(), name);
  std::ofstream(p, std::ios::trunc) << text;
  return p.filename().string();  // relative to the data directory (where modisim runs)
}

std::string replaced(const std::string& from, const std::string& to) {
  auto s = base_config();
  const auto at = s.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "fixture text not found: " << from);
  return s.replace(at, from.size(), to);
}

/// Runs and checks the bad-input contract; returns stderr.
std::string expect_bad(const std::string& name, const std::string& args, const std::string& must_contain) {
  const auto out = harness::fresh_dir("bad-" + name);
  const auto r = harness::run(fmt::format("{} --out '{}'", args, out));
  BOOST_TEST_CONTEXT("case " << name << ": " << r.stderr_text) {
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.stderr_text.rfind("modisim: error: ", 0) == 0u);
    BOOST_TEST(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n') == 1);  // one line
    BOOST_TEST(r.stderr_text.find(must_contain) != std::string::npos);
    for (const char* f : {"run.yaml", "requests.csv", "summary.csv", "requests.csv.partial"})
      BOOST_TEST(!fs::exists(fs::path(out) / f));
  }
  return r.stderr_text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(config_errors_name_file_line_column_and_key) {
  auto f = write("unknown-key.yaml", replaced("cores: 1,", "cores: 1, memroy: 1GB,"));
  expect_bad("unknown-key", "run " + f, f + ":6:");
  expect_bad("unknown-key2", "run " + f, "edges.0.memroy: unknown key (expected one of");
  f = write("bad-unit.yaml", replaced("deadline: 2s", "deadline: 2 fortnights"));
  expect_bad("bad-unit", "run " + f, "phones.0.apps.0.deadline: unknown unit 'fortnights'");
  f = write("bad-policy.yaml", replaced("policy: local", "policy: greedy"));
  expect_bad("bad-policy", "run " + f, "selection.policy: unknown selection policy 'greedy' (expected one of local,");
  f = write("bad-device.yaml", replaced("device: dev", "device: pixel9"));
  expect_bad("bad-device", "run " + f, "phones.0.device: unknown device class 'pixel9'");
  f = write("negative.yaml", replaced("cores: 1", "cores: -4"));
  expect_bad("negative", "run " + f, "edges.0.cores");
  f = write("malformed.yaml", "simulation: {seed: 1\n  bad: [\n");
  expect_bad("malformed", "run " + f, "malformed YAML");
  expect_bad("missing-file", "run no-such-config.yaml", "no-such-config.yaml: cannot read the scenario file");
}

BOOST_AUTO_TEST_CASE(request_trace_errors_name_file_and_line) {
  auto trace = write("trace-nonmono.csv", "time_s,phone,app\n5,p,a\n1,p,a\n");
  auto f = write("trace-nonmono.yaml", replaced("two_requests.csv", trace));
  expect_bad("trace-nonmono", "run " + f, trace + ":3: time_s: time 1 is before the previous row's 5");
  trace = write("trace-badnum.csv", "time_s,phone,app\nsoon,p,a\n");
  f = write("trace-badnum.yaml", replaced("two_requests.csv", trace));
  expect_bad("trace-badnum", "run " + f, trace + ":2: time_s:");
  trace = write("trace-phone.csv", "time_s,phone,app\n1,q,a\n");
  f = write("trace-phone.yaml", replaced("two_requests.csv", trace));
  expect_bad("trace-phone", "run " + f, trace + ":2: phone: unknown phone 'q'");
  trace = write("trace-empty.csv", "");
  f = write("trace-empty.yaml", replaced("two_requests.csv", trace));
  expect_bad("trace-empty", "run " + f, trace + ":1:1: empty file");
  trace = write("trace-truncated.csv", "time_s,phone,app\n1,p\n");
  f = write("trace-truncated.yaml", replaced("two_requests.csv", trace));
  expect_bad("trace-truncated", "run " + f, trace + ":2: row has 2 fields but the header has 3");
}

BOOST_AUTO_TEST_CASE(command_line_misuse) {
  expect_bad("no-command", "", "command line:");
  expect_bad("unknown-option", "run fixed.yaml --frobnicate", "command line:");
  expect_bad("bad-seed", "run fixed.yaml --seed abc", "command line:");
  expect_bad("bad-set", "run fixed.yaml --set nonsense", "--set: 'nonsense' is not key.path=value");
  expect_bad("set-unknown-key", "run fixed.yaml --set simulation.sed=3",
             "command line (--set simulation.sed): simulation.sed: unknown key");
  expect_bad("set-bad-unit", "run fixed.yaml --set simulation.duration=10", "simulation.duration: '10' has no unit");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(list_shows_every_policy_with_parameters_and_defaults) {
  const auto r = harness::run("list");
  BOOST_REQUIRE(r.exit_code == 0);
  for (const char* name : {"local", "edge", "modi", "mdinference", "energy", "oracle", "random"})
    BOOST_TEST(r.stdout_text.find(fmt::format("\n  {}\n", name)) != std::string::npos, name);
  BOOST_TEST(r.stdout_text.find("min_battery    default 0.2") != std::string::npos);
  BOOST_TEST(r.stdout_text.find("k              default 1") != std::string::npos);
  BOOST_TEST(r.stdout_text.find("duplicate      default false") != std::string::npos);
  BOOST_TEST(r.stdout_text.find("pixel2") != std::string::npos);
  BOOST_TEST(r.stdout_text.find("hotspot_lte") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(validate_writes_nothing) {
  const auto before = std::distance(fs::directory_iterator(MODISIM_TEST_DATA), fs::directory_iterator{});
  const auto r = harness::run("validate fixed.yaml");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.stdout_text.find("fixed.yaml: ok") != std::string::npos);
  BOOST_TEST(std::distance(fs::directory_iterator(MODISIM_TEST_DATA), fs::directory_iterator{}) == before);
  BOOST_TEST(!fs::exists(fs::path(MODISIM_TEST_DATA) / "results"));
  const auto bad = harness::run("validate fixed.yaml --set selection.policy=nope");
  BOOST_TEST(bad.exit_code == 2);
}

BOOST_AUTO_TEST_CASE(version_and_help) {
  const auto v = harness::run("--version");
  BOOST_TEST(v.exit_code == 0);
  BOOST_TEST(v.stdout_text.find("modisim 0.") != std::string::npos);
  const auto h = harness::run("run --help");
  BOOST_TEST(h.exit_code == 0);
  BOOST_TEST(h.stdout_text.find("--set") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
