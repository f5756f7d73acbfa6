// External policies (docs/external-policies.md): the built-in `local` and `modi` selection rules
// and the `smallest` placement rule rewritten in Python (python/examples/) give byte-identical
// results; a reply that breaks the protocol is bad input (exit 2, the reply's number, the key, the
// request and the line received); a policy that dies or stays silent past its timeout is a failed
// run (exit 1). Neither leaves results.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <tuple>

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

void require_same_outputs(const harness::Result& a, const harness::Result& b) {
  harness::require_ok(a);
  harness::require_ok(b);
  for (const char* f : {"requests.csv", "phones.csv", "servers.csv"})
    BOOST_TEST(harness::slurp(a.out_dir + "/" + f) == harness::slurp(b.out_dir + "/" + f), f);
}

BOOST_AUTO_TEST_CASE(python_selection_policies_match_their_builtin_twins) {
  const auto cfg = SRC + "/configs/default.yaml";
  for (const std::string rule : {"local", "modi"}) {
    const auto builtin = harness::run_config(cfg, "builtin-" + rule, "--set selection.policy=" + rule);
    const auto python = harness::run_config(cfg, "python-" + rule,
                                            external("python3 " + SRC + "/python/examples/" + rule + "_policy.py"));
    require_same_outputs(builtin, python);
  }
  // A parameter that changes the rule: min_battery 1 sends everything away from a phone below full charge.
  const auto builtin = harness::run_config(cfg, "builtin-modi-b1", "--set selection.policy=modi --set selection.params.min_battery=1");
  const auto python = harness::run_config(
      cfg, "python-modi-b1", external("python3 " + SRC + "/python/examples/modi_policy.py --min-battery 1"));
  require_same_outputs(builtin, python);
  BOOST_TEST(harness::slurp(builtin.out_dir + "/requests.csv") !=
             harness::slurp(harness::run_config(cfg, "builtin-modi-b0", "--set selection.policy=modi").out_dir + "/requests.csv"));
}

BOOST_AUTO_TEST_CASE(a_python_placement_policy_matches_its_builtin_twin) {
  const auto cfg = SRC + "/configs/examples/placement.yaml";
  const auto command = "python3 " + SRC + "/python/examples/smallest_placement.py";
  for (const std::string target : {"phones", "edges"}) {
    const auto key = "model_management." + target;
    const auto builtin = harness::run_config(cfg, "builtin-smallest-" + target, "--set " + key + ".policy=smallest");
    const auto python = harness::run_config(cfg, "python-smallest-" + target,
                                            fmt::format("--set {0}.policy=external --set '{0}.params.command={1}'", key, command));
    require_same_outputs(builtin, python);
    BOOST_TEST(harness::slurp(builtin.out_dir + "/pushes.csv") == harness::slurp(python.out_dir + "/pushes.csv"));
  }
}

BOOST_AUTO_TEST_CASE(protocol_errors_are_bad_input_without_results) {
  const std::string dir = harness::scratch();
  // Every script skips the hello line and answers the first select line (request ids start at 0).
  const std::string loop = "import sys\nfor l in sys.stdin:\n    if '\"select\"' in l:\n        print(";
  harness::write_file(dir + "/moon.py", loop + "'{\"site\": \"moon\"}', flush=True)\n");
  harness::write_file(dir + "/wrong_model.py", loop + "'{\"site\": \"device\", \"model\": 999}', flush=True)\n");
  harness::write_file(dir + "/not_json.py", loop + "'device please', flush=True)\n");
  harness::write_file(dir + "/far_index.py", loop + "'{\"site\": \"remote\", \"index\": 7, \"model\": 1}', flush=True)\n");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"moon.py", "reply:1: site: site \"moon\" answering request 0; line received: {\"site\": \"moon\"} (expected"},
      {"wrong_model.py", "reply:1: model: model 999 is not offered at the phone answering request 0"},
      {"not_json.py", "reply:1: not JSON (" /* nlohmann's words follow */},
      {"far_index.py", "reply:1: index: no remote option 7 answering request 0"}};
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

BOOST_AUTO_TEST_CASE(a_dead_or_silent_policy_fails_the_run_without_results) {
  const std::string dir = harness::scratch();
  harness::write_file(dir + "/quits.py", "import sys\nsys.stdin.readline()\nsys.exit(3)\n");
  harness::write_file(dir + "/silent.py", "import sys, time\nfor l in sys.stdin:\n    time.sleep(30)\n");
  const std::vector<std::tuple<std::string, std::string, std::string>> cases{
      {"quits.py", "", "reply:1: the policy exited with status 3 before answering request 0"},
      {"silent.py", " --set selection.params.timeout_s=0.5", "reply:1: no reply to request 0 within 0.5 s (params.timeout_s)"}};
  for (const auto& [script, extra, expect] : cases) {
    const auto r = harness::run_config("fixed.yaml", "ext-" + script, external("python3 " + dir + "/" + script) + extra);
    BOOST_TEST(r.exit_code == 1, script);
    BOOST_TEST(r.stderr_text.find(expect) != std::string::npos, r.stderr_text);
    BOOST_TEST(!has_results(r.out_dir), script);
  }
}

BOOST_AUTO_TEST_SUITE_END()
