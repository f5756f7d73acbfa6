// YAML -> Scenario: one small reader per section (section_readers.hpp), each reading its declared
// keys (keys.cpp) with the strict reader, then checking references against the trace set and the
// other sections. Every error names FILE:LINE:COL and the dotted key path; values given with
// --set name the command line instead.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <set>

#include "sim/config/keys.hpp"
#include "sim/config/plugins.hpp"
#include "sim/config/resource_check.hpp"
#include "sim/config/section_readers.hpp"
#include "sim/config/yaml_file.hpp"
#include "sim/core/paths.hpp"

namespace fs = std::filesystem;

namespace modi::config {
namespace detail {

std::string valid_names(const std::vector<std::string>& v) { return fmt::format("one of {}", fmt::join(v, ", ")); }

double total_size(const TraceSet& ts, const std::vector<ModelId>& ids) {
  double s = 0;
  for (auto id : ids)
    s += ts.models()[id].size_bytes;
  return s;
}

std::vector<std::string> model_names(const TraceSet& ts, const std::vector<ModelId>& ids) {
  std::vector<std::string> v;
  for (auto id : ids)
    v.push_back(ts.models()[id].name);
  return v;
}

std::vector<ModelId> resolve_models(Reading& r, Map& m, const std::string& key, const std::vector<std::string>& names,
                                    bool allow_all) {
  std::vector<ModelId> out;
  for (const auto& n : names) {
    if (allow_all && n == "all") {
      for (ModelId i = 0; i < r.ts().models().size(); ++i)
        out.push_back(i);
    } else if (const auto id = r.ts().model_id(n); id != NONE) {
      out.push_back(id);
    } else if (allow_all && r.ts().has_task(n)) {
      for (auto t : r.ts().models_of_task(n))
        out.push_back(t);
    } else {
      m.fail(key, fmt::format("unknown model '{}'", n),
             allow_all ? "model names from traces/models.csv, task names, or all" : "model names from traces/models.csv");
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

policy::Params read_params(Reading& r, Map& params, const std::string& kind, const std::string& policy_name,
                           const std::vector<policy::ParamSpec>& specs) {
  policy::Params given;
  if (!params.node() || !params.node().IsMap())
    return given;
  for (auto it = params.node().begin(); it != params.node().end(); ++it) {
    const auto k = key_name(r.ctx, it->first, params.base());
    const auto* spec = policy::find_param(specs, k);
    if (!spec) {
      std::vector<std::string> names;
      for (const auto& ps : specs)
        names.push_back(ps.name);
      throw InputError(location_of(r.ctx, it->first, params.path(k)),
                       fmt::format("{} '{}' has no parameter '{}'", kind, policy_name, k),
                       names.empty() ? "no parameters for this policy" : valid_names(names));
    }
    if (spec->type == policy::ParamSpec::Type::BOOL)
      given.set(k, params.boolean(k, false) ? 1.0 : 0.0);
    else if (spec->type == policy::ParamSpec::Type::TEXT)
      given.set_text(k, params.required_str(k));
    else if (spec->type == policy::ParamSpec::Type::INTEGER)
      given.set(k, static_cast<double>(params.integer(k, 0, static_cast<uint64_t>(std::max(0.0, spec->min)),
                                                     static_cast<uint64_t>(spec->max))));
    else
      given.set(k, params.number(k, 0.0, spec->min, spec->max));
  }
  return given;
}

namespace {

void read_traces(Reading& r, Map& top, std::vector<std::string> layers, const std::string& default_traces) {
  if (layers.empty())
    layers = {"default"};
  r.s.trace_layer_names = layers;
  for (const auto& layer : layers) {
    const auto dir = layer == "default" ? (default_traces.empty() ? default_traces_dir() : default_traces)
                                        : resolve_path(r.ctx.file, layer);
    if (!is_dir(dir))
      top.fail("traces", fmt::format("trace directory '{}' does not exist", dir), "a directory of trace CSV files");
    r.s.trace_layers.push_back(dir);
  }
  r.s.traces = TraceSet::load(r.s.trace_layers);
}

/// plugins: each file, relative to the scenario, loaded before any policy is resolved; an error
/// names the list entry's line.
void read_plugins(Reading& r, Map& top, const std::vector<std::string>& files) {
  const auto list = top.node()["plugins"];
  for (size_t i = 0; i < files.size(); ++i) {
    const auto path = resolve_path(r.ctx.file, files[i]);
    const auto where = list.IsSequence() ? location_of(r.ctx, list[i], fmt::format("plugins.{}", i)) : top.loc("plugins");
    load_plugin(path, where);
    r.s.plugins.push_back(path);
  }
}

/// The top-level keys that are not sections.
void read_top(Reading& r, Map& top, const std::string& default_traces) {
  keys::Top t;
  read_fields(top, t, keys::top());
  read_plugins(r, top, t.plugins);
  read_traces(r, top, t.traces, default_traces);
}

/// catalog.task_aliases: extra tasks that reuse a task's measured models under a new name.
void read_catalog(Reading& r, Map& top) {
  Map m = top.sub("catalog");
  Map al = m.sub("task_aliases");
  if (al.node() && al.node().IsMap())
    for (auto it = al.node().begin(); it != al.node().end(); ++it) {
      const auto alias = key_name(r.ctx, it->first, al.base());
      const auto task = al.required_str(alias);
      if (!r.ts().has_task(task))
        al.fail(alias, fmt::format("unknown task '{}'", task), valid_names(r.ts().task_names()));
      if (r.ts().has_task(alias))
        al.fail(alias, fmt::format("'{}' is already a task", alias), "a new task name");
      r.s.task_aliases.emplace_back(alias, task);
    }
  m.done();
  if (!r.s.task_aliases.empty())
    r.s.traces = r.s.traces->with_task_aliases(r.s.task_aliases);
}

void read_simulation(Reading& r, Map& top) {
  Map m = top.sub("simulation");
  read_fields(m, r.s.simulation, keys::simulation());
  if (r.s.simulation.network_ewma_alpha <= 0)
    m.fail("network_ewma_alpha", "alpha must be above zero", "a value in (0, 1]");
  m.done();
}

void read_profiler(Reading& r, Map& top) {
  Map m = top.sub("profiler");
  read_fields(m, r.s.profiler, keys::profiler());
  m.done();
}

void read_selection(Reading& r, Map& top) {
  Map m = top.sub("selection");
  read_fields(m, r.s.selection, keys::selection());
  const auto* info = policy::selection_policies().find(r.s.selection.policy);
  if (!info)
    m.fail("policy", fmt::format("unknown selection policy '{}'", r.s.selection.policy),
           "one of " + policy::selection_policies().names());
  Map p = m.sub("params");
  r.s.selection.params = info->resolve(read_params(r, p, "policy", info->name, info->params));
  m.done();
}

/// The scalar at a dotted path of mappings ("" when absent). `node` is const: reading never inserts.
std::string scalar_at(const YAML::Node& node, std::string_view path) {
  if (!node.IsMap())
    return "";
  const auto dot = path.find('.');
  const YAML::Node child = node[std::string(path.substr(0, dot))];
  if (dot == std::string_view::npos)
    return child.IsDefined() && child.IsScalar() ? child.Scalar() : "";
  return scalar_at(child, path.substr(dot + 1));
}

/// A policy's parameters belong to it: when the overrides name another policy than the file does,
/// the file's parameters of the old policy are dropped first (parameters set on the command line
/// or by a sweep then apply to the new policy and are checked against it).
std::vector<Override> scope_policy_params(const YAML::Node& root, const std::vector<Override>& overrides) {
  std::vector<Override> out;
  for (const char* section : {"selection", "model_management.phones", "model_management.edges"}) {
    const std::string policy_path = std::string(section) + ".policy";
    const Override* last = nullptr;
    for (const auto& o : overrides)
      if (o.path == policy_path)
        last = &o;
    if (!last)
      continue;
    const std::string in_file = scalar_at(root, policy_path);
    std::string overridden;
    try {
      overridden = YAML::Load(last->value).as<std::string>("");
    } catch (const YAML::Exception&) {
      continue;  // apply_override reports the bad value
    }
    if (in_file != overridden)
      out.push_back({std::string(section) + ".params", "{}", last->origin.empty() ? "--set " + policy_path : last->origin});
  }
  out.insert(out.end(), overrides.begin(), overrides.end());
  return out;
}

Reading open(const std::string& path, const std::vector<Override>& overrides) {
  Reading r;
  r.ctx.file = path;
  if (const auto why = why_not_a_file(path); !why.empty())
    throw InputError({path, 0, 0, ""}, "cannot read the scenario file: it " + why, "an existing YAML file");
  r.root = load_yaml_file(path, "scenario");
  if (r.root.IsNull())
    throw InputError({path, 1, 1, ""}, "empty scenario", "a mapping with simulation, edges, cells and phones");
  if (!r.root.IsMap())
    throw InputError({path, r.root.Mark().line + 1, r.root.Mark().column + 1, ""}, "the top level is not a mapping",
                     "a mapping with simulation, edges, cells and phones");
  for (const auto& o : scope_policy_params(r.root, overrides))
    r.root = apply_override(r.ctx, r.root, o.path, o.value, o.origin);
  return r;
}

Scenario read_scenario(const std::string& path, const std::vector<Override>& overrides,
                       const std::string& default_traces) {
  Reading r = open(path, overrides);
  r.s.source_file = path;
  Map top(r.ctx, r.root, "");
  if (top.has("provenance"))  // written into run.yaml; accepted and ignored so run.yaml runs again
    (void)top.raw("provenance");
  read_top(r, top, default_traces);
  read_catalog(r, top);
  read_simulation(r, top);
  read_selection(r, top);
  read_edges(r, top);
  read_cells(r, top);
  read_cloud(r, top);
  check_tiers(r);
  read_phones(r, top);
  read_management(r, top);
  read_updates(r, top);
  read_mobility(r, top);
  read_faults(r, top);
  read_profiler(r, top);
  top.done({"provenance"});
  check_resources(r);
  return std::move(r.s);
}

}  // namespace
}  // namespace detail

std::string default_traces_dir() {
  if (const char* env = std::getenv("MODISIM_TRACES"); env && *env)
    return env;
#ifdef MODISIM_TRACES_DIR
  return MODISIM_TRACES_DIR;
#else
  return "traces";
#endif
}

uint64_t Scenario::phone_count() const {
  uint64_t n = 0;
  for (const auto& g : phones)
    n += g.count;
  return n;
}

std::vector<std::string> input_files(const Scenario& s) {
  std::set<std::string> files;
  const auto add = [&](const std::string& p) {
    if (!p.empty())
      files.insert(fs::absolute(p).lexically_normal().string());
  };
  add(s.source_file);
  for (const auto& p : s.plugins)
    add(p);
  for (const auto& layer : s.trace_layers)
    for (const auto& e : fs::directory_iterator(layer))
      if (e.path().extension() == ".csv" && e.is_regular_file())
        add(e.path().string());
  for (const auto& g : s.phones)
    for (const auto& a : g.apps)
      if (a.arrival.kind == ArrivalConfig::Kind::TRACE)
        add(a.arrival.trace_file);
  if (s.mobility.kind == MobilityConfig::Kind::TRACE)
    add(s.mobility.trace_file);
  for (const auto& f : s.faults.periods)
    if (!f.trace_file.empty())
      add(resolve_path(s.source_file, f.trace_file));
  for (const auto& c : s.cells) {
    add(c.uplink_trace);
    add(c.downlink_trace);
  }
  for (const auto& e : s.edges)
    for (const auto* p : {&e.backhaul_uplink_trace, &e.backhaul_downlink_trace, &e.wan_uplink_trace, &e.wan_downlink_trace})
      add(*p);
  return {files.begin(), files.end()};
}

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError({"command line", 0, 0, "--set"}, fmt::format("'{}' is not key.path=value", text),
                     "--set key.path=value");
  return {text.substr(0, eq), text.substr(eq + 1), ""};
}

Scenario load(const std::string& path, const std::vector<Override>& overrides, const std::string& default_traces) {
  // Whatever yaml-cpp objects to (a value of the wrong shape where we convert it) is bad input.
  try {
    return detail::read_scenario(path, overrides, default_traces);
  } catch (const YAML::Exception& e) {
    throw yaml_structure_error(path, e, "the documented keys and value shapes");
  }
}

}  // namespace modi::config
