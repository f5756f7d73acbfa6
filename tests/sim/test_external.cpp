// External policies (selection.policy: external): the built-in `local` rewritten in Python
// (python/examples/local_policy.py) gives byte-identical results; a reply that breaks the protocol
// and a policy that quits are bad input (exit 2, the reply's number and key) with no results.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include <fmt/format.h>

#include "harness.hpp"

namespace {

const std::string SRC = MODISIM_SOURCE_DIR;

std::string external(const std::string& command) {
  return fmt::format("--set selection.policy=external --set 'selection.params.command={}'", command);
}

bool has_results(const std::string& dir) {
  for (const char* f : {"requests.csv", "summary.csv", "run.yaml"})
    if (std::filesystem::exists(dir + "/" + f))
      return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(external_policies)

BOOST_AUTO_TEST_CASE(a_python_policy_matches_its_builtin_twin) {
  const auto cfg = SRC + "/configs/default.yaml";
  const auto builtin = harness::run_config(cfg, "builtin-local", "--set selection.policy=local");
  const auto python = harness::run_config(cfg, "python-local", external("python3 " + SRC + "/python/examples/local_policy.py"));
  harness::require_ok(builtin);
  harness::require_ok(python);
  for (const char* f : {"requests.csv", "phones.csv", "servers.csv"})
    BOOST_TEST(harness::slurp(builtin.out_dir + "/" + f) == harness::slurp(python.out_dir + "/" + f), f);
}

BOOST_AUTO_TEST_CASE(protocol_errors_are_bad_input_without_results) {
  const std::string dir = harness::scratch();
  harness::write_file(dir + "/moon.py", "import sys\nfor l in sys.stdin:\n    print('{\"site\": \"moon\"}', flush=True)\n");
  harness::write_file(dir + "/quits.py", "import sys\nsys.stdin.readline()\n");
  harness::write_file(dir + "/wrong_model.py",
                      "import sys\nfor l in sys.stdin:\n    print('{\"site\": \"device\", \"model\": 999}', flush=True)\n");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"moon.py", "reply:1: site: site 'moon' (expected device or remote)"},
      {"quits.py", "reply:1: the policy closed its output"},
      {"wrong_model.py", "reply:1: model: model 999 is not offered there"}};
  for (const auto& [script, expect] : cases) {
    const auto r = harness::run_config("fixed.yaml", "ext-" + script, external("python3 " + dir + "/" + script));
    BOOST_TEST(r.exit_code == 2, script);
    BOOST_TEST(r.stderr_text.find(expect) != std::string::npos, r.stderr_text);
    BOOST_TEST(!has_results(r.out_dir), script);
  }
  const auto none = harness::run_config("fixed.yaml", "ext-none", "--set selection.policy=external");
  BOOST_TEST(none.exit_code == 2);
  BOOST_TEST(none.stderr_text.find("the external policy needs a command") != std::string::npos, none.stderr_text);
}

BOOST_AUTO_TEST_SUITE_END()
