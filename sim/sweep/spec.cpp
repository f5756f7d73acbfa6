#include "sim/sweep/spec.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <set>

#include "sim/config/keys.hpp"
#include "sim/config/schema.hpp"
#include "sim/config/yaml_file.hpp"
#include "sim/core/paths.hpp"

namespace fs = std::filesystem;

namespace modi::sweep {
namespace {

SourceLocation loc(const std::string& file, const YAML::Node& n, const std::string& key) {
  const auto m = n.Mark();
  return m.is_null() ? SourceLocation{file, 0, 0, key} : SourceLocation{file, m.line + 1, m.column + 1, key};
}

std::string yaml_text(const YAML::Node& n) {
  if (n.IsScalar())
    return n.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << n;
  return out.c_str();
}

/// A --set path: names and indices separated by dots (no '=', spaces or empty parts).
std::string key_path(const std::string& file, const YAML::Node& key, const std::string& where) {
  if (!key.IsScalar())
    throw InputError(loc(file, key, where), "a key is not a name", "--set paths as keys");
  const std::string k = key.Scalar();
  bool ok = !k.empty();
  size_t part = 0;  // characters in the current dotted part
  for (const char c : k) {
    if (c == '.') {
      ok = ok && part > 0;
      part = 0;
    } else {
      ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
      ++part;
    }
  }
  if (!ok || part == 0)
    throw InputError(loc(file, key, where), fmt::format("'{}' is not a key path", printable(k)),
                     "scenario keys and list indices joined by dots, such as phones.0.apps.1.deadline");
  return k;
}

std::vector<Axis> read_axes(const std::string& file, const YAML::Node& map, const std::string& where) {
  if (!map.IsMap())
    throw InputError(loc(file, map, where), "not a mapping", "a mapping of --set path: [values]");
  std::vector<Axis> axes;
  for (auto it = map.begin(); it != map.end(); ++it) {
    Axis a;
    a.path = key_path(file, it->first, where);
    const std::string key = where + "." + a.path;
    const YAML::Node list = it->second;
    if (!list.IsSequence() || list.size() == 0)
      throw InputError(loc(file, list, key), "not a non-empty list of values", "a list such as [a, b]");
    for (size_t i = 0; i < list.size(); ++i) {
      a.values.push_back(yaml_text(list[i]));
      a.where.push_back(loc(file, list[i], fmt::format("{}.{}", key, i)));
      if (a.values.back().find('\n') != std::string::npos)
        throw InputError(a.where.back(), "a value spans several lines", "a value on one line");
    }
    axes.push_back(std::move(a));
  }
  return axes;
}

void read_fixed(const std::string& path, const YAML::Node& set_node, SweepSpec& s) {
  if (!set_node)
    return;
  if (!set_node.IsMap())
    throw InputError(loc(path, set_node, "set"), "not a mapping", "a mapping of --set path: value");
  for (auto it = set_node.begin(); it != set_node.end(); ++it) {
    const auto key = key_path(path, it->first, "set");
    s.fixed.push_back({key, yaml_text(it->second), loc(path, it->second, "set." + key)});
    if (s.fixed.back().value.find('\n') != std::string::npos)
      throw InputError(s.fixed.back().where, "a value spans several lines", "a value on one line");
  }
}

void read_zips(const std::string& path, const YAML::Node& zip_node, SweepSpec& s) {
  if (!zip_node)
    return;
  if (!zip_node.IsSequence())
    throw InputError(loc(path, zip_node, "zip"), "not a list", "a list of groups, each a mapping of path: [values]");
  for (size_t g = 0; g < zip_node.size(); ++g) {
    const std::string where = fmt::format("zip.{}", g);
    const YAML::Node group = zip_node[g];
    auto axes = read_axes(path, group, where);
    for (const auto& a : axes)
      if (a.values.size() != axes.front().values.size())
        throw InputError(loc(path, group, where + "." + a.path),
                         fmt::format("{} values, but '{}' has {}", a.values.size(), axes.front().path,
                                     axes.front().values.size()),
                         "lists of equal length in one zip group");
    s.zips.push_back(std::move(axes));
  }
}

void check_each_path_once(const SweepSpec& s) {
  std::set<std::string> seen;
  const auto check = [&](const Axis& a) {
    if (!seen.insert(a.path).second)
      throw InputError(a.where.front(), fmt::format("'{}' is swept twice", a.path), "each path in one place");
    for (const auto& f : s.fixed)
      if (f.path == a.path)
        throw InputError(a.where.front(), fmt::format("'{}' is both fixed (set) and swept", a.path),
                         "each path in one place");
  };
  for (const auto& a : s.grid)
    check(a);
  for (const auto& g : s.zips)
    for (const auto& a : g)
      check(a);
}

SweepSpec load_spec_impl(const std::string& path) {
  SweepSpec s;
  s.file = path;
  config::ReadContext ctx{path, {}, {}};
  const YAML::Node root = load_yaml_file(path, "sweep");
  if (!root.IsMap())
    throw InputError({path, 1, 1, ""}, "the sweep file is not a mapping", "keys base, replications, grid, zip, set");
  config::Map top(ctx, root, "");
  config::keys::Sweep k;
  config::read_fields(top, k, config::keys::sweep());
  const fs::path base = fs::path(k.base);
  s.base_config = fs::absolute(base.is_absolute() ? base : fs::path(path).parent_path() / base).lexically_normal().string();
  if (const auto why = why_not_a_file(s.base_config); !why.empty())
    top.fail("base", fmt::format("base scenario '{}' {}", printable(s.base_config, 200), why), "an existing scenario file");
  s.replications = k.replications;
  s.base_seed = k.base_seed;
  for (const char* key : {"set", "grid", "zip"})
    if (top.has(key))
      (void)top.raw(key);
  top.done();
  read_fixed(path, root["set"], s);
  if (root["grid"])
    s.grid = read_axes(path, root["grid"], "grid");
  read_zips(path, root["zip"], s);
  check_each_path_once(s);
  return s;
}

}  // namespace

SweepSpec load_spec(const std::string& path) {
  try {
    return load_spec_impl(path);
  } catch (const YAML::Exception& e) {
    throw yaml_structure_error(path, e, "the documented sweep keys");
  }
}

}  // namespace modi::sweep
