// Bad input through the real binary: exit status 2, one line naming FILE:LINE(:COL) and the
// key, and no result files. CLI misuse and the list/validate commands.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>

#include "harness.hpp"

namespace fs = std::filesystem;



namespace {

/// Size and modification time of every file under `dir`: inputs must come out untouched.
std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> snapshot(const fs::path& dir) {
  std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      files[e.path().string()] = {e.file_size(), e.last_write_time()};
  return files;
}

std::string case_name() {
  const auto& suite = boost::unit_test::framework::master_test_suite();
  BOOST_REQUIRE_MESSAGE(suite.argc == 2, "usage: sim_tests --run_test=bad_input/one_case -- CASE");
  return suite.argv[1];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

/// One case of the corpus tests/bad_input/cases.csv (ctest runs each as bad_input.<case>).
BOOST_AUTO_TEST_CASE(one_case) {
  const std::string dir = std::string(MODISIM_SOURCE_DIR) + "/tests/bad_input";
  const auto cases = modi::csv::Table::read_file(dir + "/cases.csv");
  const auto name = case_name();
  const auto row = std::find_if(cases.rows().begin(), cases.rows().end(),
                                [&](const auto& r) { return cases.cell(r, "case") == name; });
  BOOST_REQUIRE_MESSAGE(row != cases.rows().end(), "no case " << name << " in cases.csv");
  const auto out = harness::fresh_dir("corpus-" + name);
  std::string args = cases.cell(*row, "args");
  if (const auto at = args.find("OUT"); at != std::string::npos)
    args.replace(at, 3, "'" + out + "'");
  else if (args.rfind("run ", 0) == 0 && args.find("--out") == std::string::npos)
    args += " --out '" + out + "'";
  const auto before = snapshot(fs::path(MODISIM_SOURCE_DIR) / "tests");
  const auto r = harness::run(args, dir);
  BOOST_TEST_CONTEXT("case " << name << ": " << r.stderr_text) {
    BOOST_TEST(r.exit_code == std::stoi(cases.cell(*row, "exit")));
    const std::string prefix = "modisim: error: ";
    BOOST_REQUIRE(r.stderr_text.rfind(prefix, 0) == 0u);
    BOOST_TEST(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n') == 1);  // one line
    const auto msg = r.stderr_text.substr(prefix.size());
    BOOST_TEST(msg.find(cases.cell(*row, "expect")) != std::string::npos);
    BOOST_TEST(msg.rfind(cases.cell(*row, "where") + ":", 0) == 0u);  // exactly this place, then ':'
    for (const char* f : {"run.yaml", "requests.csv", "summary.csv", "requests.csv.partial", "results.csv"})
      BOOST_TEST(!fs::exists(fs::path(out) / f));
    BOOST_TEST((snapshot(fs::path(MODISIM_SOURCE_DIR) / "tests") == before));  // no input touched
  }
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
