// The resolved scenario as YAML: every key written by its declaration (keys.cpp) with explicit
// units, names resolved (models, battery capacities, inherited WAN links, fault windows), so that
// `modisim run run.yaml` replays the run. The provenance block is ignored on input.
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "sim/config/keys.hpp"
#include "sim/config/scenario.hpp"

namespace fs = std::filesystem;

namespace modi::config {
namespace {

void params(YAML::Emitter& out, const policy::Params& p, const std::vector<policy::ParamSpec>& specs) {
  out << YAML::Key << "params" << YAML::Value << YAML::BeginMap;
  for (const auto& spec : specs) {
    out << YAML::Key << spec.name << YAML::Value;
    if (spec.type == policy::ParamSpec::Type::TEXT)
      out << p.text(spec.name);
    else if (spec.type == policy::ParamSpec::Type::BOOL)
      out << (p.at(spec.name) != 0);
    else
      out << num_text(p.at(spec.name));
  }
  out << YAML::EndMap;
}

template <class S>
void section(YAML::Emitter& out, const char* key, const S& s, const std::vector<Field<S>>& fields) {
  out << YAML::Key << key << YAML::Value << YAML::BeginMap;
  write_fields(out, s, fields);
  out << YAML::EndMap;
}

template <class S>
void list(YAML::Emitter& out, const char* key, const std::vector<S>& items, const std::vector<Field<S>>& fields) {
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const auto& item : items) {
    out << YAML::BeginMap;
    write_fields(out, item, fields);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void placement(YAML::Emitter& out, const char* key, const PlacementConfig& pc) {
  out << YAML::Key << key << YAML::Value << YAML::BeginMap;
  write_fields(out, pc, keys::placement());
  params(out, pc.params, policy::placement_policies().get(pc.policy).params);
  out << YAML::EndMap;
}

void management(YAML::Emitter& out, const Scenario& s) {
  const auto& mm = s.management;
  out << YAML::Key << "model_management" << YAML::Value << YAML::BeginMap;
  write_fields(out, mm, keys::management());
  placement(out, "phones", mm.phones);
  placement(out, "edges", mm.edges);
  section(out, "on_demand", mm.on_demand, keys::on_demand());
  out << YAML::EndMap;
  if (!s.updates.empty())
    list(out, "model_updates", s.updates, keys::model_update());
}

void faults(YAML::Emitter& out, const FaultsConfig& f) {
  out << YAML::Key << "faults" << YAML::Value << YAML::BeginMap;
  write_fields(out, f, keys::faults());
  out << YAML::Key << "periods" << YAML::Value << YAML::BeginSeq;
  for (const auto& p : f.periods) {  // resolved windows: random and trace periods replay exactly
    out << YAML::BeginMap << YAML::Key << "target" << YAML::Value << p.target_name;
    if (p.bandwidth_factor > 0)
      out << YAML::Key << "bandwidth_factor" << YAML::Value << num_text(p.bandwidth_factor);
    out << YAML::Key << "windows" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& [a, b] : p.intervals)
      out << YAML::Flow << YAML::BeginSeq << num_text(a) + "s" << num_text(b) + "s" << YAML::EndSeq;
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
}

void phones(YAML::Emitter& out, const std::vector<PhoneGroup>& groups) {
  out << YAML::Key << "phones" << YAML::Value << YAML::BeginSeq;
  for (const auto& g : groups) {
    out << YAML::BeginMap;
    write_fields(out, g, keys::phone());
    out << YAML::Key << "apps" << YAML::Value << YAML::BeginSeq;
    for (const auto& a : g.apps) {
      out << YAML::BeginMap;
      write_fields(out, a, keys::app());
      section(out, "arrival", a.arrival, keys::arrival());
      out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace

std::string& emit_base_dir() {
  static std::string dir;
  return dir;
}

std::string rebased_path(const std::string& path) {
  if (path.empty() || emit_base_dir().empty() || fs::path(path).is_absolute())
    return path;
  const auto base = fs::absolute(emit_base_dir()).lexically_normal();
  return fs::absolute(path).lexically_normal().lexically_relative(base).string();
}

std::string to_yaml(const Scenario& s, const std::vector<std::pair<std::string, std::string>>& provenance,
                    const std::string& out_dir) {
  struct Base {  // paths are rebased while this scenario is emitted
    explicit Base(const std::string& d) { emit_base_dir() = d; }
    ~Base() { emit_base_dir().clear(); }
  } base(out_dir);
  std::vector<std::string> layers;
  for (size_t i = 0; i < s.trace_layers.size(); ++i)
    layers.push_back(i < s.trace_layer_names.size() && s.trace_layer_names[i] == "default" ? "default"
                                                                                          : rebased_path(s.trace_layers[i]));
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "provenance" << YAML::Value << YAML::BeginMap;
  for (const auto& [k, v] : provenance)
    out << YAML::Key << k << YAML::Value << v;
  out << YAML::EndMap;
  out << YAML::Key << "traces" << YAML::Value << YAML::Flow << layers;
  if (!s.plugins.empty()) {  // absent without plugins: run.yaml of plugin-free runs is unchanged
    std::vector<std::string> plugins;
    for (const auto& p : s.plugins)
      plugins.push_back(rebased_path(p));
    out << YAML::Key << "plugins" << YAML::Value << YAML::Flow << plugins;
  }
  section(out, "simulation", s.simulation, keys::simulation());
  out << YAML::Key << "selection" << YAML::Value << YAML::BeginMap;
  write_fields(out, s.selection, keys::selection());
  params(out, s.selection.params, policy::selection_policies().get(s.selection.policy).params);
  out << YAML::EndMap;
  list(out, "edges", s.edges, keys::edge());
  list(out, "cells", s.cells, keys::cell());
  section(out, "cloud", s.cloud, keys::cloud());
  if (!s.task_aliases.empty()) {
    out << YAML::Key << "catalog" << YAML::Value << YAML::BeginMap << YAML::Key << "task_aliases" << YAML::Value
        << YAML::BeginMap;
    for (const auto& [alias, task] : s.task_aliases)
      out << YAML::Key << alias << YAML::Value << task;
    out << YAML::EndMap << YAML::EndMap;
  }
  management(out, s);
  section(out, "mobility", s.mobility, keys::mobility());
  faults(out, s.faults);
  section(out, "profiler", s.profiler, keys::profiler());
  phones(out, s.phones);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace modi::config
