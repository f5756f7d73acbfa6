#include "sim/app/list_cmd.hpp"

#include <cstdio>
#include <fmt/format.h>

#include "policies/placement.hpp"
#include "sim/app/simgrid_flags.hpp"
#include "policies/selection.hpp"
#include "sim/config/docs.hpp"
#include "sim/config/keys.hpp"
#include "sim/core/traces.hpp"
#include "sim/output/docs.hpp"

namespace modi::app {
namespace {

using policy::ParamSpec;

std::string default_of(const ParamSpec& p) {
  if (p.type == ParamSpec::Type::BOOL)
    return p.default_value != 0 ? "true" : "false";
  if (p.type == ParamSpec::Type::TEXT)
    return p.default_text.empty() ? "\"\"" : p.default_text;
  return fmt::format("{}", p.default_value);
}

template <class Registry>
void print_registry(const Registry& r, const char* heading, int width) {
  std::printf("%s", heading);
  for (const auto& p : r.all()) {
    std::printf("  %s%s\n      %s\n", p.name.c_str(), p.origin == "built-in" ? "" : (" (" + p.origin + ")").c_str(),
                p.help.c_str());
    for (const auto& prm : p.params)
      std::printf("      %-*s default %-6s %s\n", width, prm.name.c_str(), default_of(prm).c_str(), prm.help.c_str());
  }
}

/// The README's policy tables: name, rule, parameters (default).
template <class Registry>
std::string policy_table(const Registry& r, const char* rule_header) {
  std::string out = fmt::format("| name | {} | parameters (default) |\n|---|---|---|\n", rule_header);
  for (const auto& p : r.all()) {
    std::string params;
    for (const auto& prm : p.params)
      params += fmt::format("{}`{}` ({})", params.empty() ? "" : ", ", prm.name, default_of(prm));
    out += fmt::format("| `{}` | {} | {} |\n", p.name, p.help, params);
  }
  return out;
}

/// The network's delay models (networks.csv) and what a policy may know of a request's network
/// time (simulation.network_estimate), from their declarations.
void print_network_models() {
  std::printf("\nNetwork delay models (traces networks.csv: delay_dist; delay_correlation independent | same):\n");
  for (const auto& d : delay_models())
    std::printf("  %-12s %s\n", d.name, d.help);
  for (const auto& f : config::keys::simulation())
    if (f.doc.key == "network_estimate")
      std::printf("\nNetwork estimates (simulation.network_estimate: %s):\n  %s\n", f.doc.range.c_str(), f.doc.help.c_str());
}

const char* delay_name(NetworkType::Delay kind) {
  for (const auto& d : delay_models())
    if (d.kind == kind)
      return d.name;
  return "?";
}

void print_traces(const std::string& dir) {
  const auto ts = TraceSet::load(dir);
  std::printf("\nFrom the trace set %s:\n", dir.c_str());
  std::printf("  device classes (phones.*.device):\n");
  for (const auto& d : ts->devices())
    std::printf("    %-14s %s (%d)\n", d.name.c_str(), d.label.c_str(), d.year);
  std::printf("  connection types (cells.*.network):\n");
  for (const auto& n : ts->networks())
    std::printf("    %-14s %s, %s, measured transfer %.0f ms, %s delay%s\n", n.name.c_str(), n.label.c_str(),
                n.radio.c_str(), n.transfer_mean_s * 1e3, delay_name(n.delay),
                n.same_sample ? ", one draw for both legs" : "");
  std::printf("  server types (edges.*.server, cloud.server):\n");
  for (const auto& sv : ts->servers())
    std::printf("    %-14s %s\n", sv.name.c_str(), sv.label.c_str());
  std::printf("  tasks (phones.*.apps.*.task): %s\n", fmt::format("{}", fmt::join(ts->task_names(), ", ")).c_str());
  std::printf("  models: %zu in models.csv\n", ts->models().size());
}

}  // namespace

int cmd_list(const ListOptions& o) {
  if (o.keys) {
    std::fputs((o.markdown ? config::keys_markdown() : config::keys_text()).c_str(), stdout);
    return 0;
  }
  if (o.simgrid) {
    std::puts("SimGrid options modisim runs take (--cfg=name:value; --log=category.setting:value is checked too):");
    for (const auto& line : supported_simgrid_options())
      std::puts(line.c_str());
    return 0;
  }
  if (o.outputs) {
    const auto text = o.json ? output::outputs_json() : o.markdown ? output::outputs_markdown() : output::outputs_text();
    std::fputs(text.c_str(), stdout);
    return 0;
  }
  if (o.markdown) {
    std::printf("### Selection policies\n\n%s\n### Placement policies\n\n%s",
                policy_table(policy::selection_policies(), "rule").c_str(),
                policy_table(policy::placement_policies(), "rule").c_str());
    return 0;
  }
  print_registry(policy::selection_policies(), "Selection policies (selection.policy, parameters under selection.params):\n", 14);
  print_registry(policy::placement_policies(),
                 "\nPlacement policies (model_management.phones.policy / .edges.policy, parameters under .params):\n", 24);
  print_network_models();
  if (!o.policies)
    print_traces(o.traces_dir);
  return 0;
}

}  // namespace modi::app
