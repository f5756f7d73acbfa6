// Policy plugins (docs/plugins.md): the example plugin (examples/plugin/frugal.cpp, built in
// tree) decides by its rule, by --plugin or the scenario's plugins: list; run.yaml records it and
// reruns with it; `modisim list` names its file; a plugin that cannot be used is bad input (exit
// 2, one line naming the file) with no results.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "harness.hpp"

namespace fs = std::filesystem;

namespace {

const std::string PLUGINS = MODISIM_PLUGIN_DIR;
const std::string FRUGAL = PLUGINS + "/libtest_plugin_frugal.so";

std::string plugin(const std::string& name) { return PLUGINS + "/libtest_plugin_" + name + ".so"; }

/// The (site, model) pairs of every answered request.
std::set<std::pair<std::string, std::string>> answers(const std::string& out_dir) {
  const auto t = harness::table(out_dir, "requests.csv");
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& row : t.rows())
    if (t.cell(row, "status") == "ok")
      out.emplace(t.cell(row, "site"), t.cell(row, "model"));
  return out;
}


size_t lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

BOOST_AUTO_TEST_SUITE(plugins)

// tests/data/fixed.yaml: the phone holds m_small (top-1 0.6); its edge m_small and m_big (0.9).
// frugal takes the least accurate model meeting need + margin, the phone first; else the most
// accurate.
BOOST_AUTO_TEST_CASE(the_plugin_policy_decides_by_its_rule) {
  using Answers = std::set<std::pair<std::string, std::string>>;
  const std::vector<std::pair<std::string, Answers>> cases{
      {"--set phones.0.apps.0.accuracy_need=0.5", {{"device", "m_small"}}},
      {"--set phones.0.apps.0.accuracy_need=0.7", {{"edge", "m_big"}}},
      {"--set phones.0.apps.0.accuracy_need=0.95", {{"edge", "m_big"}}},
      {"--set phones.0.apps.0.accuracy_need=0.5 --set selection.params.margin=0.35", {{"edge", "m_big"}}}};
  int n = 0;
  for (const auto& [set, expected] : cases) {
    const auto r = harness::run_config("fixed.yaml", fmt::format("frugal-{}", n++),
                                       "--plugin " + FRUGAL + " --set selection.policy=frugal " + set);
    harness::require_ok(r);
    BOOST_TEST(harness::table(r.out_dir, "requests.csv").rows().size() == 2u, set);
    BOOST_TEST((answers(r.out_dir) == expected), set);
  }
}

BOOST_AUTO_TEST_CASE(a_scenario_names_its_plugins_and_run_yaml_reruns_them) {
  const std::string dir = harness::scratch() + "/scenario-plugins-input";
  fs::create_directories(dir + "/lib");
  fs::copy_file(FRUGAL, dir + "/lib/libfrugal.so", fs::copy_options::overwrite_existing);
  std::string text = harness::slurp(std::string(MODISIM_TEST_DATA) + "/fixed.yaml");
  harness::replace_first(text, "traces: traces-fixed",
                         fmt::format("traces: {0}/traces-fixed\nplugins: [lib/libfrugal.so]", MODISIM_TEST_DATA));
  harness::replace_first(text, "{policy: local}", "{policy: frugal, params: {margin: 0.7}}");
  harness::replace_first(text, "file: two_requests.csv", fmt::format("file: {}/two_requests.csv", MODISIM_TEST_DATA));
  harness::write_file(dir + "/scenario.yaml", text);
  // relative paths throughout: the plugin's is resolved against the scenario, and run.yaml
  // writes it relative to the run directory
  auto first = harness::run("run scenario-plugins-input/scenario.yaml --out scenario-plugins --progress never",
                            harness::scratch());
  first.out_dir = harness::scratch() + "/scenario-plugins";
  harness::require_ok(first);
  BOOST_TEST((answers(first.out_dir) == std::set<std::pair<std::string, std::string>>{{"edge", "m_big"}}));
  const auto run_yaml = harness::slurp(first.out_dir + "/run.yaml");
  BOOST_TEST(run_yaml.find("\nplugins: [../scenario-plugins-input/lib/libfrugal.so]\n") != std::string::npos, run_yaml);
  const auto absolute = fs::absolute(dir + "/lib/libfrugal.so").lexically_normal().string();
  BOOST_TEST(run_yaml.find("input " + absolute + ": ") != std::string::npos, run_yaml);

  const auto again = harness::run_config(first.out_dir + "/run.yaml", "scenario-plugins-rerun");
  harness::require_ok(again);
  BOOST_TEST(harness::slurp(again.out_dir + "/requests.csv") == harness::slurp(first.out_dir + "/requests.csv"));
}

BOOST_AUTO_TEST_CASE(list_names_the_plugin_file) {
  const auto r = harness::run("list --policies --plugin " + FRUGAL);
  BOOST_REQUIRE(r.exit_code == 0);
  BOOST_TEST(r.stdout_text.find(fmt::format("\n  frugal ({})\n", FRUGAL)) != std::string::npos, r.stdout_text);
  BOOST_TEST(r.stdout_text.find("margin") != std::string::npos);
  const auto plain = harness::run("list --policies");
  BOOST_TEST(plain.stdout_text.find(FRUGAL) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_same_file_twice_loads_once_and_validate_takes_plugins) {
  const auto r = harness::run("validate fixed.yaml --set selection.policy=frugal --plugin " + FRUGAL + " --plugin " + FRUGAL);
  BOOST_TEST(r.exit_code == 0, r.stderr_text);
}

BOOST_AUTO_TEST_CASE(unusable_plugins_are_bad_input_without_results) {
  const std::string dir = harness::scratch() + "/bad-plugins-input";
  fs::create_directories(dir + "/copy");
  harness::write_file(dir + "/text.so", "not a shared library\n");
  fs::copy_file(FRUGAL, dir + "/copy/libtest_plugin_frugal.so", fs::copy_options::overwrite_existing);
  const std::string at = "modisim: error: command line: --plugin: plugin '";
  const std::vector<std::pair<std::string, std::string>> cases{
      {dir + "/missing.so", at + dir + "/missing.so': it does not exist"},
      {dir + "/text.so", at + dir + "/text.so': cannot load it: "},
      {plugin("no_entry"), at + plugin("no_entry") + "': no entry point 'modisim_plugin'"},
      {plugin("abi"), at + plugin("abi") + "': built for plugin ABI 2, this modisim takes ABI 1"},
      {plugin("layout"), at + plugin("layout") + "': its policy structs differ from this modisim's"},
      {plugin("clash"), at + plugin("clash") + "': selection policy 'local' exists already (built-in)"},
      {FRUGAL + " --plugin " + dir + "/copy/libtest_plugin_frugal.so",
       fmt::format("{}{}/copy/libtest_plugin_frugal.so': selection policy 'frugal' exists already ({})", at, dir, FRUGAL)}};
  int n = 0;
  for (const auto& [files, expect] : cases) {
    const auto r = harness::run_config("fixed.yaml", fmt::format("bad-plugin-{}", n++), "--plugin " + files);
    BOOST_TEST(r.exit_code == 2, files);
    BOOST_TEST(r.stderr_text.rfind(expect, 0) == 0, r.stderr_text);
    BOOST_TEST(lines(r.stderr_text) == 1u, r.stderr_text);
    BOOST_TEST(!harness::has_results(r.out_dir), files);
  }
}

BOOST_AUTO_TEST_CASE(a_missing_scenario_plugin_names_the_file_line_and_key) {
  const std::string dir = harness::scratch() + "/bad-scenario-plugin-input";
  fs::create_directories(dir);
  std::string text = harness::slurp(std::string(MODISIM_TEST_DATA) + "/fixed.yaml");
  harness::replace_first(text, "traces: traces-fixed",
                         fmt::format("traces: {0}/traces-fixed\nplugins:\n  - {1}\n  - gone.so", MODISIM_TEST_DATA, FRUGAL));
  harness::write_file(dir + "/scenario.yaml", text);
  const auto r = harness::run_config(dir + "/scenario.yaml", "bad-scenario-plugin");
  BOOST_TEST(r.exit_code == 2);
  const auto expect = fmt::format("modisim: error: {0}/scenario.yaml:5:5: plugins.1: plugin '{0}/gone.so': it does not exist", dir);
  BOOST_TEST(r.stderr_text.rfind(expect, 0) == 0, r.stderr_text);
  BOOST_TEST(lines(r.stderr_text) == 1u);
  BOOST_TEST(!harness::has_results(r.out_dir));
}

BOOST_AUTO_TEST_CASE(a_sweep_passes_its_plugins_to_every_run) {
  const std::string dir = harness::scratch() + "/sweep-plugin";
  fs::create_directories(dir);
  harness::write_file(dir + "/sweep.yaml",
                      fmt::format("base: {}/fixed.yaml\nreplications: 1\nset:\n  selection.policy: frugal\n"
                                  "grid:\n  phones.0.apps.0.accuracy_need: [0.5, 0.7]\n",
                                  MODISIM_TEST_DATA));
  const auto r = harness::run(fmt::format("sweep {0}/sweep.yaml --out {0}/out -j 1 --progress never --plugin {1}", dir, FRUGAL));
  BOOST_TEST(r.exit_code == 0, r.stderr_text);
  BOOST_TEST((answers(dir + "/out/runs/p0000-r00") == std::set<std::pair<std::string, std::string>>{{"device", "m_small"}}));
  BOOST_TEST((answers(dir + "/out/runs/p0001-r00") == std::set<std::pair<std::string, std::string>>{{"edge", "m_big"}}));
  const auto without = harness::run(fmt::format("sweep {0}/sweep.yaml --out {0}/out2 --dry-run", dir));
  BOOST_TEST(without.exit_code == 2);
  BOOST_TEST(without.stderr_text.find("unknown selection policy 'frugal'") != std::string::npos, without.stderr_text);
}

BOOST_AUTO_TEST_SUITE_END()
