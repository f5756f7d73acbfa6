// The strict YAML reader every input file goes through (scenarios, sweeps): a mapping whose keys
// must all be known, typed getters that parse units, and errors that name FILE:LINE:COL and the
// dotted key path (or the command line for values given with --set).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/limits.hpp"
#include "sim/core/units.hpp"

namespace modi::config {


/// Where the YAML came from, and which key paths the command line overrode.
struct ReadContext {
  std::string file;
  std::map<std::string, std::string> overridden;  ///< key paths set on the command line -> "--set <path>" or "--seed"
  /// Containers an override replaced by a copy, with the line of the original.
  std::vector<std::pair<YAML::Node, YAML::Mark>> copied;
};

std::string join_path(const std::string& base, const std::string& key);
SourceLocation location_of(const ReadContext& ctx, const YAML::Node& node, const std::string& path);
/// A mapping key as a name; keys that are lists or mappings are bad input, not a crash.
std::string key_name(const ReadContext& ctx, const YAML::Node& key, const std::string& parent);
/// `p` relative to the directory of `base_file` (absolute paths stay as they are).
std::string resolve_path(const std::string& base_file, const std::string& p);

/// A mapping whose keys must all be consumed.
class Map {
public:
  Map(const ReadContext& ctx, const YAML::Node& node, std::string path);

  bool has(const std::string& key) const;
  std::string path(const std::string& key) const { return join_path(path_, key); }
  YAML::Node raw(const std::string& key);
  SourceLocation loc(const std::string& key) const;
  [[noreturn]] void fail(const std::string& key, const std::string& what, const std::string& expected = "") const;

  std::string scalar(const std::string& key);
  std::string str(const std::string& key, const std::string& fallback) { return has(key) ? scalar(key) : fallback; }
  std::string required_str(const std::string& key);
  double number(const std::string& key, double fallback, double lo = -1e300, double hi = 1e300);
  uint64_t integer(const std::string& key, uint64_t fallback, uint64_t lo, uint64_t hi);
  bool boolean(const std::string& key, bool fallback);
  double duration(const std::string& key, double fallback, double lo = 0, double hi = 1e300);
  double size(const std::string& key, double fallback, double lo = 0);
  /// A bandwidth in (0, 1 Pbps].
  double bandwidth(const std::string& key, double fallback);
  double rate(const std::string& key, double fallback);
  double energy(const std::string& key, double fallback);
  std::vector<std::string> list(const std::string& key, const std::vector<std::string>& fallback);
  /// Calls f(Map&, index) for each mapping of a sequence.
  template <class F>
  void each(const std::string& key, F f) {
    if (!has(key))
      return;
    auto n = raw(key);
    if (!n.IsSequence())
      fail(key, "not a list", "a list of mappings");
    for (size_t i = 0; i < n.size(); ++i) {
      Map m(ctx_, n[i], path(key) + "." + std::to_string(i));
      if (!n[i].IsMap())
        throw InputError(location_of(ctx_, n[i], m.path_), "not a mapping", "a mapping of key: value");
      f(m, i);
    }
  }
  Map sub(const std::string& key) { return Map(ctx_, has(key) ? raw(key) : YAML::Node(), path(key)); }
  /// Every key must have been read; otherwise name the first unknown one and the valid ones.
  void done(const std::vector<std::string>& extra_valid = {}) const;

  const ReadContext& ctx() const { return ctx_; }
  const YAML::Node& node() const { return node_; }
  const std::string& base() const { return path_; }

private:
  template <class F>
  double with_unit(const std::string& key, double fallback, F parse);
  void range(const std::string& key, double v, double lo, double hi, const char* unit_name = "");
  const ReadContext& ctx_;
  YAML::Node node_;
  std::string path_;
  std::set<std::string> used_;
  mutable std::set<std::string> known_;
};

/// One `--set key.path=value` applied to the tree, creating mapping keys that do not exist.
/// `root` with key.path set to `value` (YAML), leaving the parsed tree and its aliases untouched.
YAML::Node apply_override(ReadContext& ctx, const YAML::Node& root, const std::string& path, const std::string& value,
                          const std::string& origin = "");

}  // namespace modi::config
