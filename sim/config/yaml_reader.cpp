#include "sim/config/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

namespace fs = std::filesystem;

namespace modi::config {

std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

SourceLocation location_of(const ReadContext& ctx, const YAML::Node& node, const std::string& path) {
  for (const auto& o : ctx.overridden)
    if (path == o || path.rfind(o + ".", 0) == 0)
      return {"command line (--set " + o + ")", 0, 0, path};
  const auto m = node.Mark();
  if (m.is_null())
    return {ctx.file, 0, 0, path};
  return {ctx.file, m.line + 1, m.column + 1, path};
}

std::string key_name(const ReadContext& ctx, const YAML::Node& key, const std::string& parent) {
  if (!key.IsScalar())
    throw InputError(location_of(ctx, key, parent), "a key is not a name", "keys that are plain names");
  return key.Scalar();
}

std::string resolve_path(const std::string& base_file, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute())
    return p;
  return (fs::path(base_file).parent_path() / p).lexically_normal().string();
}

Map::Map(const ReadContext& ctx, const YAML::Node& node, std::string path)
    : ctx_(ctx), node_(node), path_(std::move(path)) {
  if (node_ && !node_.IsNull() && !node_.IsMap())
    throw InputError(location_of(ctx_, node_, path_), "not a mapping", "a mapping of key: value");
}

bool Map::has(const std::string& key) const {
  known_.insert(key);  // every key the reader asks about is a valid key here
  return node_ && node_.IsMap() && node_[key];
}

YAML::Node Map::raw(const std::string& key) {
  used_.insert(key);
  return node_[key];
}

SourceLocation Map::loc(const std::string& key) const {
  if (has(key))
    return location_of(ctx_, node_[key], path(key));
  return location_of(ctx_, node_, path(key));
}

void Map::fail(const std::string& key, const std::string& what, const std::string& expected) const {
  throw InputError(loc(key), what, expected);
}

std::string Map::scalar(const std::string& key) {
  auto n = raw(key);
  if (!n.IsScalar())
    fail(key, "not a single value", "a scalar");
  return n.Scalar();
}

std::string Map::required_str(const std::string& key) {
  if (!has(key))
    fail(key, "missing required key", "a value");
  auto s = scalar(key);
  if (s.empty())
    fail(key, "empty value", "a non-empty value");
  return s;
}

template <class F>
double Map::with_unit(const std::string& key, double fallback, F parse) {
  if (!has(key))
    return fallback;
  const std::string s = scalar(key);
  try {
    return parse(s);
  } catch (const units::UnitError& e) {
    fail(key, e.what(), e.expected());
  }
}

void Map::range(const std::string& key, double v, double lo, double hi, const char* unit_name) {
  if (v < lo || v > hi)
    fail(key, fmt::format("{} {} is out of range", v, unit_name),
         hi >= 1e300 ? fmt::format("a value >= {}", lo) : fmt::format("a value in [{}, {}]", lo, hi));
}

double Map::number(const std::string& key, double fallback, double lo, double hi) {
  const double v = with_unit(key, fallback, units::parse_number);
  range(key, v, lo, hi);
  return v;
}

uint64_t Map::integer(const std::string& key, uint64_t fallback, uint64_t lo, uint64_t hi) {
  if (!has(key))
    return fallback;
  const std::string s = scalar(key);
  double v = 0;
  try {
    v = units::parse_number(s);
  } catch (const units::UnitError& e) {
    fail(key, e.what(), "a whole number");
  }
  if (v != std::floor(v) || v < static_cast<double>(lo) || v > static_cast<double>(hi))
    fail(key, fmt::format("'{}' is not a whole number in [{}, {}]", s, lo, hi), "a whole number in range");
  return static_cast<uint64_t>(v);
}

bool Map::boolean(const std::string& key, bool fallback) {
  if (!has(key))
    return fallback;
  const std::string s = scalar(key);
  if (s == "true" || s == "yes" || s == "on" || s == "1")
    return true;
  if (s == "false" || s == "no" || s == "off" || s == "0")
    return false;
  fail(key, fmt::format("'{}' is not a boolean", s), "true or false");
}

double Map::duration(const std::string& key, double fallback, double lo, double hi) {
  const double v = with_unit(key, fallback, units::parse_duration_s);
  range(key, v, lo, hi, "s");
  return v;
}

double Map::size(const std::string& key, double fallback, double lo) {
  const double v = with_unit(key, fallback, units::parse_size_bytes);
  range(key, v, lo, 1e300, "bytes");
  return v;
}

double Map::bandwidth(const std::string& key, double fallback) {
  const double v = with_unit(key, fallback, units::parse_bandwidth_bps);
  if (v <= 0)
    fail(key, "bandwidth must be positive", "a bandwidth above zero");
  return v;
}

double Map::rate(const std::string& key, double fallback) {
  const double v = with_unit(key, fallback, units::parse_rate_per_s);
  if (v <= 0)
    fail(key, "rate must be positive", "a rate above zero");
  return v;
}

double Map::energy(const std::string& key, double fallback) {
  const double v = with_unit(key, fallback, units::parse_energy_j);
  if (has(key) && v <= 0)
    fail(key, "energy must be positive", "an energy such as 10J or 2700mAh@3.85V");
  return v;
}

std::vector<std::string> Map::list(const std::string& key, const std::vector<std::string>& fallback) {
  if (!has(key))
    return fallback;
  auto n = raw(key);
  if (n.IsScalar())
    return {n.Scalar()};
  if (!n.IsSequence())
    fail(key, "not a list", "a list of names");
  std::vector<std::string> out;
  for (size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar())
      throw InputError(location_of(ctx_, n[i], fmt::format("{}.{}", path(key), i)), "not a name", "a scalar");
    out.push_back(n[i].Scalar());
  }
  return out;
}

void Map::done(const std::vector<std::string>& extra_valid) const {
  if (!node_ || !node_.IsMap())
    return;
  std::vector<std::string> valid(known_.begin(), known_.end());
  valid.insert(valid.end(), extra_valid.begin(), extra_valid.end());
  std::sort(valid.begin(), valid.end());
  valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const auto k = key_name(ctx_, it->first, path_);
    if (!used_.count(k) && std::find(valid.begin(), valid.end(), k) == valid.end())
      throw InputError(location_of(ctx_, it->first, path(k)), "unknown key",
                       fmt::format("one of {}", fmt::join(valid, ", ")));
  }
}

namespace {

bool is_index(const std::string& k) { return !k.empty() && std::all_of(k.begin(), k.end(), ::isdigit); }

[[noreturn]] void override_error(const std::string& path, const std::string& what, const std::string& expected) {
  throw InputError({"command line (--set " + path + ")", 0, 0, path}, what, expected);
}

/// The child `k` of `cur`, creating a mapping key that does not exist.
YAML::Node child(YAML::Node cur, const std::string& k, const std::string& path) {
  if (is_index(k) && cur.IsSequence()) {
    const auto idx = std::stoul(k);
    if (idx >= cur.size())
      override_error(path, fmt::format("index {} is past the end of a list of {}", idx, cur.size()), "an existing index");
    return cur[idx];
  }
  if (!cur.IsMap() && !cur.IsNull())
    override_error(path, fmt::format("'{}' is not a mapping", k), "a path through mappings and list indices");
  if (!cur[k])
    cur[k] = YAML::Node(YAML::NodeType::Map);
  return cur[k];
}

}  // namespace

void apply_override(const YAML::Node& root, const std::string& path, const std::string& text) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::Exception&) {
    override_error(path, "value is not valid YAML", "a scalar, list or mapping");
  }
  YAML::Node parent = root;  // yaml-cpp nodes are handles: each step needs its own copy
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node next = child(parent, parts[i], path);
    parent.reset(next);
  }
  const auto& last = parts.back();
  if (is_index(last) && parent.IsSequence()) {
    const auto idx = std::stoul(last);
    if (idx >= parent.size())
      override_error(path, fmt::format("index {} is past the end of a list of {}", idx, parent.size()),
                     "an existing index");
    parent[idx] = value;
  } else {
    if (!parent.IsMap() && !parent.IsNull())
      override_error(path, "parent is not a mapping", "a path through mappings and list indices");
    parent[last] = value;
  }
}

}  // namespace modi::config
