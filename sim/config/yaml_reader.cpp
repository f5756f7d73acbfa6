#include "sim/config/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <filesystem>
#include <fmt/format.h>

namespace fs = std::filesystem;

namespace modi::config {

std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

SourceLocation location_of(const ReadContext& ctx, const YAML::Node& node, const std::string& path) {
  auto m = node.Mark();
  for (const auto& [copy, mark] : ctx.copied)
    if (m.is_null() && copy.is(node))
      m = mark;
  // the value an override wrote, or a key it created on its way there (no line in the file); the
  // most specific override names it (selection.params.k set inside params a policy change emptied)
  const std::string* by = nullptr;
  size_t best = 0;
  for (const auto& [o, origin] : ctx.overridden) {
    const bool below = path == o || path.rfind(o + ".", 0) == 0;
    const bool created = m.is_null() && o.rfind(path + ".", 0) == 0;
    if ((below || created) && (!by || (below && o.size() > best))) {
      by = &origin;
      best = below ? o.size() : 0;
    }
  }
  if (by)
    return {"command line (" + *by + ")", 0, 0, path};
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
    fail(key, fmt::format("{}{}{} is out of range", v, *unit_name ? " " : "", unit_name),
         hi >= 1e300 ? fmt::format("a value >= {}{}{}", lo, *unit_name ? " " : "", unit_name)
                     : fmt::format("a value in [{}, {}]{}{}", lo, hi, *unit_name ? " " : "", unit_name));
}

double Map::number(const std::string& key, double fallback, double lo, double hi) {
  const double v = with_unit(key, fallback, units::parse_number);
  range(key, v, lo, hi);
  return v;
}

/// Plain digits are read exactly (a seed above 2^53 must not round); other forms (1e6, 1.5)
/// through the number parser.
uint64_t Map::integer(const std::string& key, uint64_t fallback, uint64_t lo, uint64_t hi) {
  if (!has(key))
    return fallback;
  const std::string s = scalar(key);
  const auto out_of_range = [&] {
    fail(key, fmt::format("'{}' is not a whole number in [{}, {}]", printable(s, 40), lo, hi), "a whole number in range");
  };
  uint64_t exact = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), exact);
  if (end == s.data() + s.size() && !s.empty()) {
    if (ec != std::errc() || exact < lo || exact > hi)
      out_of_range();
    return exact;
  }
  double v = 0;
  try {
    v = units::parse_number(s);
  } catch (const units::UnitError& e) {
    fail(key, e.what(), "a whole number");
  }
  if (v != std::floor(v) || v < static_cast<double>(lo) || v > static_cast<double>(hi))
    out_of_range();
  return static_cast<uint64_t>(v);
}

bool Map::boolean(const std::string& key, bool fallback) {
  if (!has(key))
    return fallback;
  const std::string s = scalar(key);
  // One spelling: YAML 1.2's true and false (not yes/on/1, which read as words or numbers elsewhere)
  if (s == "true")
    return true;
  if (s == "false")
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
  if (v > kMaxBandwidthBps)
    fail(key, fmt::format("{} bps is above 1 Pbps", v), "at most 1Pbps (SimGrid's solver works to a relative 1e-5)");
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

/// A list index from --set; one past any list when it does not fit in 64 bits.
size_t index_of(const std::string& k) {
  size_t idx = 0;
  const auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), idx);
  return ec == std::errc() && end == k.data() + k.size() ? idx : std::numeric_limits<size_t>::max();
}

[[noreturn]] void override_error(const std::string& path, const std::string& what, const std::string& expected) {
  throw InputError({"command line (--set " + path + ")", 0, 0, path}, what, expected);
}

/// Copy-on-write: every container on the override's path is a fresh node holding the same
/// entries, and the new value goes into the fresh one. yaml-cpp assigns into a node in place, and
/// a node reached through a YAML alias is the anchor's node itself: writing into it would change
/// every place that uses the anchor. Entries off the path (and all keys) are the parsed nodes, so
/// they keep their lines; each fresh container remembers the line of the one it replaces.
class OverrideWriter {
public:
  OverrideWriter(ReadContext& ctx, std::string path, YAML::Node value)
      : ctx_(ctx), path_(std::move(path)), value_(std::move(value)) {
    for (size_t start = 0;;) {
      const size_t dot = path_.find('.', start);
      parts_.push_back(path_.substr(start, dot - start));
      if (dot == std::string::npos)
        break;
      start = dot + 1;
    }
  }

  YAML::Node rewrite(const YAML::Node& n, size_t i) {
    if (i == parts_.size())
      return value_;
    const auto& k = parts_[i];
    if (n.IsSequence() && is_index(k))
      return rewrite_sequence(n, i);
    if (!n.IsMap() && n.IsDefined() && !n.IsNull())
      override_error(path_, fmt::format("'{}' is not a mapping", printable(parts_[i - 1])),
                     "a path through mappings and list indices");
    YAML::Node copy(YAML::NodeType::Map);
    remember(n, copy);
    bool found = false;
    if (n.IsMap())
      for (const auto& kv : n) {
        const bool here = kv.first.IsScalar() && kv.first.Scalar() == k;
        copy.force_insert(kv.first, here ? rewrite(kv.second, i + 1) : kv.second);
        found = found || here;
      }
    if (!found)
      copy.force_insert(k, rewrite(YAML::Node(), i + 1));
    return copy;
  }

private:
  YAML::Node rewrite_sequence(const YAML::Node& n, size_t i) {
    const auto idx = index_of(parts_[i]);
    if (idx >= n.size())
      override_error(path_, fmt::format("index {} is past the end of a list of {}", printable(parts_[i], 24), n.size()),
                     "an existing index");
    YAML::Node copy(YAML::NodeType::Sequence);
    remember(n, copy);
    for (size_t j = 0; j < n.size(); ++j)
      copy.push_back(j == idx ? rewrite(n[j], i + 1) : n[j]);
    return copy;
  }

  void remember(const YAML::Node& original, const YAML::Node& copy) {
    YAML::Mark m = original.Mark();
    for (const auto& [node, mark] : ctx_.copied)  // the original may itself be an earlier copy
      if (node.is(original))
        m = mark;
    if (!m.is_null())
      ctx_.copied.emplace_back(copy, m);
  }

  ReadContext& ctx_;
  std::string path_;
  YAML::Node value_;
  std::vector<std::string> parts_;
};

}  // namespace

YAML::Node apply_override(ReadContext& ctx, const YAML::Node& root, const std::string& path, const std::string& text,
                          const std::string& origin) {
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::Exception&) {
    override_error(path, "value is not valid YAML", "a scalar, list or mapping");
  }
  ctx.overridden[path] = origin.empty() ? "--set " + path : origin;
  return OverrideWriter(ctx, path, value).rewrite(root, 0);
}

}  // namespace modi::config
