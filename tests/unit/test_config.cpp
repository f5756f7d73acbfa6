#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "policies/selection.hpp"
#include "sim/config/scenario.hpp"
#include "scratch.hpp"

using modi::InputError;
namespace fs = std::filesystem;

namespace {
const std::string BASE = "traces: " MODISIM_TEST_DATA "/traces-fixed" R"(
simulation: {seed: 7, duration: 100s}
selection: {policy: local}
edges:
  - {name: e, server: srv, cores: 1, models: [m_small, m_big]}
cloud: {enabled: false}
cells:
  - {name: c, network: net, edge: e}
phones:
  - name: p
    device: dev
    cell: c
    models: [m_small]
    apps:
      - {name: a, task: t, deadline: 2s, arrival: {kind: poisson, rate: 1/s}}
)";

std::string write_config(const std::string& text, const std::string& name = "cfg.yaml") {
  const fs::path p = unit::scratch() / name;
  std::ofstream(p, std::ios::trunc) << text;
  return p.string();
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "fixture text not found: " << from);
  return s.replace(at, from.size(), to);
}

/// Loads and returns the error message ("" if it loaded).
std::string error_of(const std::string& text, const std::vector<modi::config::Override>& ov = {}) {
  const auto path = write_config(text);
  std::string msg;
  try {
    modi::config::load(path, ov);
  } catch (const InputError& e) {
    msg = e.what();
  }
  fs::remove(path);
  return msg;
}

bool contains(const std::string& s, const std::string& part) {
  if (s.find(part) != std::string::npos)
    return true;
  BOOST_TEST_MESSAGE("message was: " << s);
  return false;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(config_loading)

BOOST_AUTO_TEST_CASE(good_config_fills_defaults) {
  const auto path = write_config(BASE);
  const auto s = modi::config::load(path, {});
  fs::remove(path);
  BOOST_TEST(s.simulation.seed == 7u);
  BOOST_TEST(s.simulation.network_model == "CM02");
  BOOST_TEST(!s.simulation.crosstraffic);
  BOOST_TEST(s.phones.at(0).apps.at(0).input_bytes == 25000.0);
  BOOST_TEST(s.edges.at(0).model_ids.size() == 2u);
  BOOST_TEST(s.phone_count() == 1u);
  BOOST_TEST(s.selection.params.empty());
}

BOOST_AUTO_TEST_CASE(overrides_apply_to_paths_and_list_indices) {
  const auto path = write_config(BASE);
  const auto s = modi::config::load(path, {modi::config::parse_override("phones.0.count=12"),
                                     modi::config::parse_override("simulation.seed=99"),
                                     modi::config::parse_override("selection.policy=modi"),
                                     modi::config::parse_override("selection.params.min_battery=0.5")});
  fs::remove(path);
  BOOST_TEST(s.phones.at(0).count == 12u);
  BOOST_TEST(s.simulation.seed == 99u);
  BOOST_TEST(s.selection.params.at("min_battery") == 0.5);
  BOOST_TEST(s.selection.params.at("use_cloud") == 0.0);  // default filled in
}

BOOST_AUTO_TEST_CASE(resolved_yaml_loads_back_identically) {
  const auto path = write_config(BASE);
  const auto s = modi::config::load(path, {});
  const auto yaml = modi::config::to_yaml(s, {{"seed", "7"}});
  const auto again_path = write_config(yaml, "again.yaml");
  const auto again = modi::config::load(again_path, {});
  BOOST_TEST(modi::config::to_yaml(again, {{"seed", "7"}}) == yaml);
  fs::remove(path);
  fs::remove(again_path);
}

BOOST_AUTO_TEST_CASE(unknown_key_names_file_line_column_and_valid_keys) {
  const auto msg = error_of(replace(BASE, "cores: 1,", "cores: 1, coers: 2,"));
  BOOST_TEST(contains(msg, ":5:38: "));
  BOOST_TEST(contains(msg, "edges.0.coers: unknown key (expected one of"));
  BOOST_TEST(contains(error_of(BASE + "extra_top_level: 1\n"), ":16:1: extra_top_level: unknown key"));
}

BOOST_AUTO_TEST_CASE(wrong_types_and_units) {
  BOOST_TEST(contains(error_of(replace(BASE, "deadline: 2s", "deadline: 2")), "phones.0.apps.0.deadline: '2' has no unit"));
  BOOST_TEST(contains(error_of(replace(BASE, "deadline: 2s", "deadline: [1, 2]")), "deadline: not a single value"));
  BOOST_TEST(contains(error_of(replace(BASE, "rate: 1/s", "rate: 1 per second")), "rate: unknown unit"));
  BOOST_TEST(contains(error_of(replace(BASE, "cores: 1", "cores: two")), "edges.0.cores: 'two' does not start with a number"));
  BOOST_TEST(contains(error_of(replace(BASE, "cores: 1", "cores: 1.5")), "edges.0.cores: '1.5' is not a whole number"));
  BOOST_TEST(contains(error_of(replace(BASE, "{seed: 7,", "{seed: -1,")), "simulation.seed"));
  BOOST_TEST(contains(error_of(replace(BASE, "cloud: {enabled: false}", "cloud: {enabled: maybe}")), "not a boolean"));
}

BOOST_AUTO_TEST_CASE(out_of_range_values) {
  BOOST_TEST(contains(error_of(replace(BASE, "deadline: 2s", "deadline: 2s, accuracy_need: 1.5")),
                      "accuracy_need: 1.5 is out of range (expected a value in [0, 1])"));
  BOOST_TEST(contains(error_of(replace(BASE, "deadline: 2s", "deadline: 0s")), "deadline must be positive"));
  BOOST_TEST(contains(error_of(replace(BASE, "rate: 1/s", "rate: 0/s")), "rate must be positive"));
  BOOST_TEST(contains(error_of(replace(BASE, "    models: [m_small]", "    models: [m_small]\n    storage: 100B")),
                      "phones.0.models: resident models need"));
}

BOOST_AUTO_TEST_CASE(unknown_names_list_the_valid_ones) {
  BOOST_TEST(contains(error_of(replace(BASE, "policy: local", "policy: fastest")),
                      "selection.policy: unknown selection policy 'fastest' (expected one of local, edge, modi, "));
  // every registered policy, however many there are (a policy added in tree or by a plugin)
  BOOST_TEST(contains(error_of(replace(BASE, "policy: local", "policy: fastest")),
                      "(expected one of " + modi::policy::selection_policies().names() + ")"));
  BOOST_TEST(contains(error_of(replace(BASE, "device: dev", "device: iphone")),
                      "phones.0.device: unknown device class 'iphone' (expected one of dev)"));
  BOOST_TEST(contains(error_of(replace(BASE, "network: net", "network: 5g")), "unknown connection type '5g' (expected one of net, net_lte)"));
  BOOST_TEST(contains(error_of(replace(BASE, "models: [m_small]", "models: [m_huge]")), "unknown model 'm_huge'"));
  BOOST_TEST(contains(error_of(replace(BASE, "edge: e}", "edge: nowhere}")), "unknown edge 'nowhere' (expected one of e)"));
  BOOST_TEST(contains(error_of(replace(BASE, "policy: local", "policy: modi, params: {min_batery: 0.1}")),
                      "policy 'modi' has no parameter 'min_batery' (expected one of min_battery, use_cloud)"));
  BOOST_TEST(contains(error_of(replace(BASE, "task: t", "task: speech")), "unknown task 'speech'"));
}

BOOST_AUTO_TEST_CASE(malformed_yaml_and_missing_files) {
  BOOST_TEST(contains(error_of("simulation: {seed: 1\nphones: [\n"), "malformed YAML"));
  BOOST_TEST(contains(error_of(""), "empty scenario"));
  BOOST_TEST(contains(error_of(replace(BASE, MODISIM_TEST_DATA "/traces-fixed", "no-such-dir")), "traces: trace directory"));
  BOOST_TEST(contains(error_of(replace(BASE, "{kind: poisson, rate: 1/s}", "{kind: trace, file: missing.csv}")),
                      "arrival.file: request trace"));
  BOOST_CHECK_THROW(modi::config::load("/nonexistent/x.yaml", {}), InputError);
}

BOOST_AUTO_TEST_CASE(override_errors_name_the_command_line) {
  BOOST_TEST(contains(error_of(BASE, {modi::config::parse_override("simulation.duration=forever")}),
                      "command line (--set simulation.duration): simulation.duration:"));
  BOOST_TEST(contains(error_of(BASE, {modi::config::parse_override("phones.5.count=1")}), "index 5 is past the end"));
  BOOST_CHECK_THROW(modi::config::parse_override("no-equals-sign"), InputError);
}

BOOST_AUTO_TEST_SUITE_END()
