// Bad input through the real binary: exit status 2, one line naming FILE:LINE(:COL) and the
// key, and no result files. CLI misuse and the list/validate commands.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "harness.hpp"

namespace fs = std::filesystem;



BOOST_AUTO_TEST_SUITE(bad_input)

/// Every case of the corpus tests/bad_input/cases.csv.
BOOST_AUTO_TEST_CASE(corpus) {
  const std::string dir = std::string(MODISIM_SOURCE_DIR) + "/tests/bad_input";
  const auto cases = modi::csv::Table::read_file(dir + "/cases.csv");
  BOOST_TEST(cases.rows().size() >= 30u);
  for (const auto& row : cases.rows()) {
    const auto& name = cases.cell(row, "case");
    const auto out = harness::fresh_dir("corpus-" + name);
    std::string args = cases.cell(row, "args");
    const auto at = args.find("OUT");
    if (at != std::string::npos)
      args.replace(at, 3, "'" + out + "'");
    else if (args.rfind("run ", 0) == 0)
      args += " --out '" + out + "'";
    const auto r = harness::run(args, dir);
    BOOST_TEST_CONTEXT("case " << name << ": " << r.stderr_text) {
      BOOST_TEST(r.exit_code == 2);
      BOOST_TEST(r.stderr_text.rfind("modisim: error: ", 0) == 0u);
      BOOST_TEST(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n') == 1);  // one line
      BOOST_TEST(r.stderr_text.find(cases.cell(row, "expect")) != std::string::npos);
      if (cases.cell(row, "located") == "1") {
        // FILE:LINE[:COL]: right after the prefix
        const auto msg = r.stderr_text.substr(16);
        const auto colon = msg.find(':');
        BOOST_TEST((colon != std::string::npos && colon + 1 < msg.size() && std::isdigit(msg[colon + 1])));
      }
      for (const char* f : {"run.yaml", "requests.csv", "summary.csv", "requests.csv.partial", "results.csv"})
        BOOST_TEST(!fs::exists(fs::path(out) / f));
    }
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
