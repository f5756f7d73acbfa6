// External policies (docs/external-policies.md): the built-in `local` and `modi` selection rules
// and the `smallest` placement rule rewritten in Python (python/examples/) give byte-identical
// results; a reply that breaks the protocol is bad input (exit 2, the reply's number, the key, the
// request and the line received); a policy that dies or stays silent past its timeout is a failed
// run (exit 1). Neither leaves results.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <sstream>
#include <fstream>
#include <tuple>

#include <fmt/format.h>

#include "harness.hpp"

namespace {

const std::string SRC = MODISIM_SOURCE_DIR;

std::string external(const std::string& command) {
  return fmt::format("--set selection.policy=external --set 'selection.params.command={}'", command);
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
    BOOST_TEST(!harness::has_results(r.out_dir), script);
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
    BOOST_TEST(!harness::has_results(r.out_dir), script);
  }
}

// The policy's side of the run's end: only decided requests are completed, the last line is
// `end`, a policy must exit cleanly after it, and a policy that stops answering is killed with
// everything it started.
BOOST_AUTO_TEST_CASE(completions_cover_decided_requests_and_the_run_ends_with_an_end_line) {
  const std::string dir = harness::scratch();
  // Answers like `local`; exits 3 on a completion of a request it did not decide; at the end
  // writes the message types it saw, in order of first appearance, and its counts.
  harness::write_file(dir + "/ledger.py", R"(import json, sys
sys.path.insert(0, ")" + SRC + R"(/python")
from modisim.policy import device, fail, fastest
decided, seen, completed = set(), [], 0
for line in sys.stdin:
    msg = json.loads(line)
    seen.append(msg["type"])
    if msg["type"] == "select":
        decided.add(msg["request"]["id"])
        m = fastest(msg["device"])
        print(json.dumps(device(m) if m else fail()), flush=True)
    elif msg["type"] == "completion":
        if msg["request"] not in decided:
            sys.exit(3)
        completed += 1
open(sys.argv[1], "w").write(f"{seen[0]} {seen[-1]} {len(decided)} {completed}\n")
)");
  // The default scenario's first group starts nearly empty: its phones die, and requests issued
  // after that fail (`battery`) before any decision.
  const auto r = harness::run_config(SRC + "/configs/default.yaml", "ext-ledger",
                                     external("python3 " + dir + "/ledger.py " + dir + "/seen.txt") +
                                         " --set phones.0.battery=0.0001 --set simulation.duration=2min");
  harness::require_ok(r);
  const auto requests = harness::slurp(r.out_dir + "/requests.csv");
  BOOST_TEST(requests.find(",battery,") != std::string::npos);  // the case this checks happened
  std::istringstream seen(harness::slurp(dir + "/seen.txt"));
  std::string first, last;
  size_t decided = 0, completed = 0;
  seen >> first >> last >> decided >> completed;
  BOOST_TEST(first == "hello");
  BOOST_TEST(last == "end");
  BOOST_TEST(decided > 0u);
  BOOST_TEST(completed == decided);
}

BOOST_AUTO_TEST_CASE(a_policy_must_exit_cleanly_and_is_killed_with_what_it_started) {
  const std::string dir = harness::scratch();
  harness::write_file(dir + "/exit4.py", "import sys\nfor l in sys.stdin:\n    if '\"select\"' in l:\n"
                                         "        print('{\"fail\": true}', flush=True)\nsys.exit(4)\n");
  const auto bad_end = harness::run_config("fixed.yaml", "ext-exit4", external("python3 " + dir + "/exit4.py"));
  BOOST_TEST(bad_end.exit_code == 1);
  BOOST_TEST(bad_end.stderr_text.find("after the end of the run the policy exited with status 4") != std::string::npos,
             bad_end.stderr_text);
  BOOST_TEST(!harness::has_results(bad_end.out_dir));
  // Closes its output but lives on, with a child of its own: both are gone when the run ends.
  const auto pid_file = dir + "/child.pid";
  const auto mute = harness::run_config(
      "fixed.yaml", "ext-mute",
      external("sleep 300 > /dev/null & echo $! > " + pid_file + "; exec >&-; sleep 300") + " --set selection.params.timeout_s=0.5");
  BOOST_TEST(mute.exit_code == 1);
  BOOST_TEST(mute.stderr_text.find("did not exit within 0.5 s (params.timeout_s) and was killed before answering request 0") !=
                 std::string::npos,
             mute.stderr_text);
  BOOST_TEST(!harness::has_results(mute.out_dir));
  const auto pid = std::stoi(harness::slurp(pid_file));
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  stat >> pid_field >> name >> state;
  BOOST_TEST((!stat || state == "Z"), "the policy's child still runs: state " << state);  // gone, or dead and unreaped
}

BOOST_AUTO_TEST_SUITE_END()
