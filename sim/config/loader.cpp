// YAML -> Scenario with strict keys. Every error names FILE:LINE:COL and the dotted key path;
// values given with --set name the command line instead.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

#include "sim/config/scenario.hpp"
#include "sim/core/csv.hpp"
#include "sim/core/paths.hpp"
#include "sim/core/event_traces.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/units.hpp"
#include "sim/core/yaml_file.hpp"

namespace fs = std::filesystem;

namespace modi::config {
namespace {

struct Ctx {
  std::string file;
  std::set<std::string> overridden;  ///< key paths set on the command line
};

std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

SourceLocation loc_of(const Ctx& ctx, const YAML::Node& node, const std::string& path) {
  for (const auto& o : ctx.overridden)
    if (path == o || path.rfind(o + ".", 0) == 0)
      return {"command line (--set " + o + ")", 0, 0, path};
  const auto m = node.Mark();
  if (m.is_null())
    return {ctx.file, 0, 0, path};
  return {ctx.file, m.line + 1, m.column + 1, path};
}

/// A mapping key as a name; keys that are lists or mappings are bad input, not a crash.
std::string key_name(const Ctx& ctx, const YAML::Node& key, const std::string& parent) {
  if (!key.IsScalar())
    throw InputError(loc_of(ctx, key, parent), "a key is not a name", "keys that are plain names");
  return key.Scalar();
}

/// A mapping whose keys must all be consumed.
class Map {
public:
  Map(const Ctx& ctx, const YAML::Node& node, std::string path) : ctx_(ctx), node_(node), path_(std::move(path)) {
    if (node_ && !node_.IsNull() && !node_.IsMap())
      throw InputError(loc_of(ctx_, node_, path_), "not a mapping", "a mapping of key: value");
  }

  bool has(const std::string& key) const {
    known_.insert(key);  // every key the reader asks about is a valid key here
    return node_ && node_.IsMap() && node_[key];
  }
  std::string path(const std::string& key) const { return join_path(path_, key); }
  YAML::Node raw(const std::string& key) {
    used_.insert(key);
    return node_[key];
  }
  SourceLocation loc(const std::string& key) const {
    if (has(key))
      return loc_of(ctx_, node_[key], path(key));
    return loc_of(ctx_, node_, path(key));
  }
  [[noreturn]] void fail(const std::string& key, const std::string& what, const std::string& expected = "") const {
    throw InputError(loc(key), what, expected);
  }

  std::string scalar(const std::string& key) {
    auto n = raw(key);
    if (!n.IsScalar())
      fail(key, "not a single value", "a scalar");
    return n.Scalar();
  }

  template <class F>
  double unit(const std::string& key, double fallback, F parse) {
    if (!has(key))
      return fallback;
    const std::string s = scalar(key);
    try {
      return parse(s);
    } catch (const units::UnitError& e) {
      fail(key, e.what(), e.expected());
    }
  }

  std::string str(const std::string& key, const std::string& fallback) {
    return has(key) ? scalar(key) : fallback;
  }
  std::string required_str(const std::string& key) {
    if (!has(key))
      fail(key, "missing required key", "a value");
    auto s = scalar(key);
    if (s.empty())
      fail(key, "empty value", "a non-empty value");
    return s;
  }
  double number(const std::string& key, double fallback, double lo = -1e300, double hi = 1e300) {
    const double v = unit(key, fallback, units::parse_number);
    range(key, v, lo, hi);
    return v;
  }
  uint64_t integer(const std::string& key, uint64_t fallback, uint64_t lo, uint64_t hi) {
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
  bool boolean(const std::string& key, bool fallback) {
    if (!has(key))
      return fallback;
    const std::string s = scalar(key);
    if (s == "true" || s == "yes" || s == "on" || s == "1")
      return true;
    if (s == "false" || s == "no" || s == "off" || s == "0")
      return false;
    fail(key, fmt::format("'{}' is not a boolean", s), "true or false");
  }
  double duration(const std::string& key, double fallback, double lo = 0, double hi = 1e300) {
    const double v = unit(key, fallback, units::parse_duration_s);
    range(key, v, lo, hi, "s");
    return v;
  }
  double size(const std::string& key, double fallback, double lo = 0) {
    const double v = unit(key, fallback, units::parse_size_bytes);
    range(key, v, lo, 1e300, "bytes");
    return v;
  }
  double bandwidth(const std::string& key, double fallback) {
    const double v = unit(key, fallback, units::parse_bandwidth_bps);
    if (v <= 0)
      fail(key, "bandwidth must be positive", "a bandwidth above zero");
    return v;
  }
  double rate(const std::string& key, double fallback) {
    const double v = unit(key, fallback, units::parse_rate_per_s);
    if (v <= 0)
      fail(key, "rate must be positive", "a rate above zero");
    return v;
  }
  std::vector<std::string> list(const std::string& key, const std::vector<std::string>& fallback) {
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
        throw InputError(loc_of(ctx_, n[i], fmt::format("{}.{}", path(key), i)), "not a name", "a scalar");
      out.push_back(n[i].Scalar());
    }
    return out;
  }
  /// Calls f(Map, index) for each mapping of a sequence.
  template <class F>
  void each(const std::string& key, F f) {
    if (!has(key))
      return;
    auto n = raw(key);
    if (!n.IsSequence())
      fail(key, "not a list", "a list of mappings");
    for (size_t i = 0; i < n.size(); ++i) {
      Map m(ctx_, n[i], fmt::format("{}.{}", path(key), i));
      if (!n[i].IsMap())
        throw InputError(loc_of(ctx_, n[i], m.path_), "not a mapping", "a mapping of key: value");
      f(m, i);
    }
  }
  Map sub(const std::string& key) { return Map(ctx_, has(key) ? raw(key) : YAML::Node(), path(key)); }

  /// Every key must have been read; otherwise name the first unknown one and the valid ones.
  void done(const std::vector<std::string>& extra_valid) const {
    if (!node_ || !node_.IsMap())
      return;
    std::vector<std::string> valid(known_.begin(), known_.end());
    valid.insert(valid.end(), extra_valid.begin(), extra_valid.end());
    std::sort(valid.begin(), valid.end());
    for (auto it = node_.begin(); it != node_.end(); ++it) {
      const auto k = key_name(ctx_, it->first, path_);
      if (!used_.count(k) && std::find(valid.begin(), valid.end(), k) == valid.end())
        throw InputError(loc_of(ctx_, it->first, path(k)), "unknown key",
                         fmt::format("one of {}", fmt::join(valid, ", ")));
    }
  }

  const Ctx& ctx() const { return ctx_; }
  const YAML::Node& node() const { return node_; }
  const std::string& base() const { return path_; }

private:
  void range(const std::string& key, double v, double lo, double hi, const char* unit_name = "") {
    if (v < lo || v > hi)
      fail(key, fmt::format("{} {} is out of range", v, unit_name),
           hi >= 1e300 ? fmt::format("a value >= {}", lo) : fmt::format("a value in [{}, {}]", lo, hi));
  }
  const Ctx& ctx_;
  YAML::Node node_;
  std::string path_;
  std::set<std::string> used_;
  mutable std::set<std::string> known_;
};

std::string resolve_path(const std::string& base_file, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute())
    return p;
  return (fs::path(base_file).parent_path() / p).lexically_normal().string();
}

/// Applies `a.b.0.c=value` to the tree, creating mapping keys that do not exist.
void apply_override(const YAML::Node& root, const Override& o) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = o.path.find('.', start);
    parts.push_back(o.path.substr(start, dot - start));
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    throw InputError({"command line (--set " + o.path + ")", 0, 0, o.path}, "value is not valid YAML", "a scalar, list or mapping");
  }
  // Walk with explicit node copies (yaml-cpp nodes are handles).
  std::vector<YAML::Node> chain{root};
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node cur = chain.back();
    const auto& k = parts[i];
    const bool index = !k.empty() && std::all_of(k.begin(), k.end(), ::isdigit);
    if (index && cur.IsSequence()) {
      const auto idx = std::stoul(k);
      if (idx >= cur.size())
        throw InputError({"command line (--set " + o.path + ")", 0, 0, o.path},
                         fmt::format("index {} is past the end of a list of {}", idx, cur.size()), "an existing index");
      chain.push_back(cur[idx]);
    } else {
      if (!cur.IsMap() && !cur.IsNull())
        throw InputError({"command line (--set " + o.path + ")", 0, 0, o.path},
                         fmt::format("'{}' is not a mapping", k), "a path through mappings and list indices");
      if (!cur[k])
        cur[k] = YAML::Node(YAML::NodeType::Map);
      chain.push_back(cur[k]);
    }
  }
  YAML::Node parent = chain.back();
  const auto& last = parts.back();
  const bool index = !last.empty() && std::all_of(last.begin(), last.end(), ::isdigit);
  if (index && parent.IsSequence()) {
    const auto idx = std::stoul(last);
    if (idx >= parent.size())
      throw InputError({"command line (--set " + o.path + ")", 0, 0, o.path},
                       fmt::format("index {} is past the end of a list of {}", idx, parent.size()), "an existing index");
    parent[idx] = value;
  } else {
    if (!parent.IsMap() && !parent.IsNull())
      throw InputError({"command line (--set " + o.path + ")", 0, 0, o.path}, "parent is not a mapping",
                       "a path through mappings and list indices");
    parent[last] = value;
  }
}

std::vector<ModelId> resolve_models(Map& m, const std::string& key, const std::vector<std::string>& names,
                                    const TraceSet& ts, bool allow_all) {
  std::vector<ModelId> out;
  for (const auto& n : names) {
    if (allow_all && n == "all") {
      for (ModelId i = 0; i < ts.models().size(); ++i)
        out.push_back(i);
      continue;
    }
    const auto id = ts.model_id(n);
    if (id != NONE) {
      out.push_back(id);
      continue;
    }
    if (allow_all && ts.has_task(n)) {
      for (auto t : ts.models_of_task(n))
        out.push_back(t);
      continue;
    }
    m.fail(key, fmt::format("unknown model '{}'", n),
           allow_all ? "model names from traces/models.csv, task names, or all" : "model names from traces/models.csv");
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double total_size(const TraceSet& ts, const std::vector<ModelId>& ids) {
  double s = 0;
  for (auto id : ids)
    s += ts.models()[id].size_bytes;
  return s;
}

double total_memory(const TraceSet& ts, const std::vector<ModelId>& ids) {
  double s = 0;
  for (auto id : ids)
    s += ts.models()[id].memory_bytes;
  return s;
}

std::string valid_names(const std::vector<std::string>& v) {
  return fmt::format("one of {}", fmt::join(v, ", "));
}

/// A policy's `params:` mapping, checked against its declared parameters (names, types, ranges).
policy::Params read_params(const Ctx& ctx, Map& params, const std::string& kind, const std::string& policy_name,
                           const std::vector<policy::ParamSpec>& specs) {
  policy::Params given;
  if (!params.node() || !params.node().IsMap())
    return given;
  for (auto it = params.node().begin(); it != params.node().end(); ++it) {
    const auto k = key_name(ctx, it->first, params.base());
    const auto* spec = policy::find_param(specs, k);
    if (!spec) {
      std::vector<std::string> names;
      for (const auto& ps : specs)
        names.push_back(ps.name);
      throw InputError(loc_of(ctx, it->first, params.path(k)),
                       fmt::format("{} '{}' has no parameter '{}'", kind, policy_name, k),
                       names.empty() ? "no parameters for this policy" : valid_names(names));
    }
    if (spec->type == policy::ParamSpec::Type::BOOL)
      given.set(k, params.boolean(k, false) ? 1.0 : 0.0);
    else if (spec->type == policy::ParamSpec::Type::TEXT)
      given.set_text(k, params.str(k, ""));
    else
      given.set(k, params.number(k, 0.0, spec->min, spec->max));
  }
  return given;
}

void check_name(Map& m, const std::string& key, const std::string& name) {
  if (name.find_first_of(" ,\"'\n\t/") != std::string::npos)
    m.fail(key, fmt::format("name '{}' contains a space, comma, quote or slash", name), "a plain identifier");
}

}  // namespace

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

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError({"command line", 0, 0, "--set"}, fmt::format("'{}' is not key.path=value", text),
                     "--set key.path=value");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

namespace {
Scenario load_impl(const std::string& path, const std::vector<Override>& overrides, const std::string& default_traces);
}

Scenario load(const std::string& path, const std::vector<Override>& overrides, const std::string& default_traces) {
  // Whatever yaml-cpp objects to (a value of the wrong shape where we convert it) is bad input.
  try {
    return load_impl(path, overrides, default_traces);
  } catch (const YAML::Exception& e) {
    throw yaml_structure_error(path, e, "the documented keys and value shapes");
  }
}

namespace {
Scenario load_impl(const std::string& path, const std::vector<Override>& overrides, const std::string& default_traces) {
  Ctx ctx;
  ctx.file = path;
  if (!is_file(path))
    throw InputError({path, 0, 0, ""}, "cannot read the scenario file", "an existing YAML file");
  YAML::Node root = load_yaml_file(path, "scenario");
  if (root.IsNull())
    throw InputError({path, 1, 1, ""}, "empty scenario", "a mapping with simulation, edges, cells and phones");
  if (!root.IsMap())
    throw InputError({path, root.Mark().line + 1, root.Mark().column + 1, ""}, "the top level is not a mapping",
                     "a mapping with simulation, edges, cells and phones");
  for (const auto& o : overrides) {
    apply_override(root, o);
    ctx.overridden.insert(o.path);
  }

  Scenario s;
  s.source_file = path;
  Map top(ctx, root, "");

  // provenance: written into run.yaml; accepted and ignored on input so run.yaml re-runs.
  if (top.has("provenance"))
    (void)top.raw("provenance");

  // --- traces
  s.traces_dir_as_written = top.str("traces", "");
  s.traces_dir = s.traces_dir_as_written.empty() ? (default_traces.empty() ? default_traces_dir() : default_traces)
                                                 : resolve_path(path, s.traces_dir_as_written);
  if (!is_dir(s.traces_dir))
    top.fail("traces", fmt::format("trace directory '{}' does not exist", s.traces_dir), "a directory of trace CSV files");
  s.traces = TraceSet::load(s.traces_dir);
  {  // catalog: task aliases reuse a task's measured models under a new task name
    Map m = top.sub("catalog");
    Map al = m.sub("task_aliases");
    if (al.node() && al.node().IsMap())
      for (auto it = al.node().begin(); it != al.node().end(); ++it) {
        const auto alias = key_name(ctx, it->first, al.base());
        const auto task = al.required_str(alias);
        if (!s.traces->has_task(task))
          al.fail(alias, fmt::format("unknown task '{}'", task), valid_names(s.traces->task_names()));
        if (s.traces->has_task(alias))
          al.fail(alias, fmt::format("'{}' is already a task", alias), "a new task name");
        s.task_aliases.emplace_back(alias, task);
      }
    m.done({});
    if (!s.task_aliases.empty())
      s.traces = s.traces->with_task_aliases(s.task_aliases);
  }
  const TraceSet& ts = *s.traces;

  // --- simulation
  {
    Map m = top.sub("simulation");
    auto& c = s.simulation;
    c.seed = m.integer("seed", c.seed, 0, (1ULL << 53));
    c.duration_s = m.duration("duration", c.duration_s, 0);
    c.end_s = m.duration("end", c.end_s, 0);
    c.network_model = m.str("network_model", c.network_model);
    static const std::vector<std::string> models{"CM02", "LV08", "SMPI", "IB", "Constant"};
    if (std::find(models.begin(), models.end(), c.network_model) == models.end())
      m.fail("network_model", fmt::format("unknown network model '{}'", c.network_model), valid_names(models));
    c.crosstraffic = m.boolean("crosstraffic", c.crosstraffic);
    c.network_ewma_alpha = m.number("network_ewma_alpha", c.network_ewma_alpha, 0.0, 1.0);
    if (c.network_ewma_alpha <= 0)
      m.fail("network_ewma_alpha", "alpha must be above zero", "a value in (0, 1]");
    m.done({});
  }

  // --- selection policy
  {
    Map m = top.sub("selection");
    s.selection.policy = m.str("policy", s.selection.policy);
    const auto* info = policy::selection_policies().find(s.selection.policy);
    if (!info)
      m.fail("policy", fmt::format("unknown selection policy '{}'", s.selection.policy),
             "one of " + policy::selection_policies().names());
    Map p = m.sub("params");
    const auto given = read_params(ctx, p, "policy", info->name, info->params);
    s.selection.params = info->resolve(given);
    m.done({});
  }

  // --- edges
  std::map<std::string, size_t> edge_index;
  top.each("edges", [&](Map& m, size_t) {
    EdgeGroup e;
    e.name = m.required_str("name");
    check_name(m, "name", e.name);
    if (edge_index.count(e.name))
      m.fail("name", fmt::format("duplicate edge name '{}'", e.name), "unique names");
    e.count = static_cast<uint32_t>(m.integer("count", 1, 1, 1000000));
    e.server = m.str("server", e.server);
    e.server_id = ts.server_id(e.server);
    if (e.server_id == NONE)
      m.fail("server", fmt::format("unknown server type '{}'", e.server), valid_names(TraceSet::names(ts.servers())));
    e.cores = static_cast<uint32_t>(m.integer("cores", e.cores, 1, 4096));
    e.speed = m.number("speed", e.speed, 1e-6, 1e6);
    e.storage_bytes = m.size("storage", e.storage_bytes);
    e.memory_bytes = m.size("memory", e.memory_bytes);
    e.models = m.list("models", e.models);
    e.model_ids = resolve_models(m, "models", e.models, ts, true);
    // keep only models this server type can run, unless named explicitly
    const auto& server = ts.servers()[e.server_id];
    std::vector<ModelId> runnable;
    for (auto id : e.model_ids) {
      if (server.inference[id])
        runnable.push_back(id);
      else if (std::find(e.models.begin(), e.models.end(), ts.models()[id].name) != e.models.end())
        m.fail("models", fmt::format("server type '{}' has no inference timing for '{}'", e.server, ts.models()[id].name),
               "models listed in server_timings.csv for this server");
    }
    e.model_ids = runnable;
    if (total_size(ts, e.model_ids) > e.storage_bytes)
      m.fail("models", fmt::format("models need {:.6g} bytes but storage is {:.6g} bytes", total_size(ts, e.model_ids),
                                   e.storage_bytes),
             "models that fit the edge's storage");
    e.preloaded = m.list("preloaded", e.preloaded);
    e.preloaded_ids = resolve_models(m, "preloaded", e.preloaded, ts, true);
    for (auto id : e.preloaded_ids)
      if (!std::binary_search(e.model_ids.begin(), e.model_ids.end(), id))
        m.fail("preloaded", fmt::format("'{}' is preloaded but not stored on this edge", ts.models()[id].name),
               "a subset of models");
    if (total_memory(ts, e.preloaded_ids) > e.memory_bytes)
      m.fail("preloaded", "preloaded models exceed the edge's memory", "models that fit memory");
    e.backhaul_bandwidth_bps = m.bandwidth("backhaul_bandwidth", e.backhaul_bandwidth_bps);
    e.backhaul_latency_s = m.duration("backhaul_latency", e.backhaul_latency_s);
    e.parent = m.str("parent", "");
    e.wan_bandwidth_bps = m.has("wan_bandwidth") ? m.bandwidth("wan_bandwidth", 0) : -1;
    e.wan_latency_s = m.has("wan_latency") ? m.duration("wan_latency", 0) : -1;
    m.done({});
    edge_index[e.name] = s.edges.size();
    s.edges.push_back(std::move(e));
  });
  if (s.edges.empty())
    top.fail("edges", "no edge servers", "a list with at least one edge");

  // --- cells
  std::map<std::string, size_t> cell_index;
  top.each("cells", [&](Map& m, size_t) {
    CellGroup c;
    c.name = m.required_str("name");
    check_name(m, "name", c.name);
    if (cell_index.count(c.name) || edge_index.count(c.name))
      m.fail("name", fmt::format("duplicate name '{}'", c.name), "unique names across edges and cells");
    c.count = static_cast<uint32_t>(m.integer("count", 1, 1, 10000000));
    c.network = m.required_str("network");
    c.network_id = ts.network_id(c.network);
    if (c.network_id == NONE)
      m.fail("network", fmt::format("unknown connection type '{}'", c.network),
             valid_names(TraceSet::names(ts.networks())));
    c.edge = m.required_str("edge");
    if (!edge_index.count(c.edge)) {
      std::vector<std::string> names;
      for (const auto& e : s.edges)
        names.push_back(e.name);
      m.fail("edge", fmt::format("unknown edge '{}'", c.edge), valid_names(names));
    }
    c.uplink_capacity_bps = m.bandwidth("uplink_capacity", c.uplink_capacity_bps);
    c.downlink_capacity_bps = m.bandwidth("downlink_capacity", c.downlink_capacity_bps);
    m.done({});
    cell_index[c.name] = s.cells.size();
    s.cells.push_back(std::move(c));
  });
  if (s.cells.empty())
    top.fail("cells", "no cells", "a list with at least one cell");

  // --- cloud
  {
    Map m = top.sub("cloud");
    auto& c = s.cloud;
    c.enabled = m.boolean("enabled", c.enabled);
    c.server = m.str("server", c.server);
    c.server_id = ts.server_id(c.server);
    // A disabled cloud is not checked against the trace set (it may name a server type it lacks).
    if (c.server_id == NONE && c.enabled)
      m.fail("server", fmt::format("unknown server type '{}'", c.server), valid_names(TraceSet::names(ts.servers())));
    c.cores = static_cast<uint32_t>(m.integer("cores", c.cores, 1, 1000000));
    c.speed = m.number("speed", c.speed, 1e-6, 1e6);
    c.models = m.list("models", c.models);
    c.model_ids.clear();
    for (auto id : resolve_models(m, "models", c.models, ts, true))
      if (c.enabled && ts.servers()[c.server_id].inference[id])
        c.model_ids.push_back(id);
    c.wan_bandwidth_bps = m.bandwidth("wan_bandwidth", c.wan_bandwidth_bps);
    c.wan_latency_s = m.duration("wan_latency", c.wan_latency_s);
    m.done({});
  }
  for (auto& e : s.edges) {
    if (e.wan_bandwidth_bps < 0)
      e.wan_bandwidth_bps = s.cloud.wan_bandwidth_bps;
    if (e.wan_latency_s < 0)
      e.wan_latency_s = s.cloud.wan_latency_s;
  }

  // --- phones
  std::set<std::string> phone_names;
  top.each("phones", [&](Map& m, size_t) {
    PhoneGroup g;
    g.name = m.required_str("name");
    check_name(m, "name", g.name);
    if (!phone_names.insert(g.name).second)
      m.fail("name", fmt::format("duplicate phone group '{}'", g.name), "unique names");
    g.count = static_cast<uint32_t>(m.integer("count", 1, 1, 100000000));
    g.device = m.required_str("device");
    g.device_id = ts.device_id(g.device);
    if (g.device_id == NONE)
      m.fail("device", fmt::format("unknown device class '{}'", g.device), valid_names(TraceSet::names(ts.devices())));
    g.cell = m.required_str("cell");
    if (!cell_index.count(g.cell)) {
      std::vector<std::string> names;
      for (const auto& c : s.cells)
        names.push_back(c.name);
      m.fail("cell", fmt::format("unknown cell '{}'", g.cell), valid_names(names));
    }
    g.storage_bytes = m.size("storage", 256e6);
    g.memory_bytes = m.size("memory", 512e6);
    g.battery_fraction = m.number("battery", 1.0, 0.0, 1.0);
    g.battery_capacity_j = m.unit("battery_capacity", 0.0, units::parse_energy_j);
    if (m.has("battery_capacity") && g.battery_capacity_j <= 0)
      m.fail("battery_capacity", "capacity must be positive", "an energy such as 10J or 2700mAh@3.85V");
    if (g.battery_capacity_j <= 0)
      g.battery_capacity_j = ts.devices()[g.device_id].battery_j;
    g.screen_on = m.boolean("screen", false);
    g.models = m.list("models", {});
    g.model_ids = resolve_models(m, "models", g.models, ts, false);
    const auto& dev = ts.devices()[g.device_id];
    for (auto id : g.model_ids)
      if (!dev.by_model[id].present)
        m.fail("models", fmt::format("device class '{}' has no timings for model '{}'", g.device, ts.models()[id].name),
               "models with rows in device_timings.csv for this device");
    if (total_size(ts, g.model_ids) > g.storage_bytes)
      m.fail("models",
             fmt::format("resident models need {:.6g} bytes but storage is {:.6g} bytes", total_size(ts, g.model_ids),
                         g.storage_bytes),
             "models that fit the phone's storage budget");
    std::set<std::string> app_names;
    m.each("apps", [&](Map& a, size_t) {
      AppConfig app;
      app.name = a.required_str("name");
      check_name(a, "name", app.name);
      if (!app_names.insert(app.name).second)
        a.fail("name", fmt::format("duplicate app '{}'", app.name), "unique app names per phone group");
      app.task = a.required_str("task");
      if (!ts.has_task(app.task))
        a.fail("task", fmt::format("unknown task '{}'", app.task), valid_names(ts.task_names()));
      app.accuracy_need = a.number("accuracy_need", app.accuracy_need, 0.0, 1.0);
      app.deadline_s = a.duration("deadline", app.deadline_s);
      if (app.deadline_s <= 0)
        a.fail("deadline", "deadline must be positive", "a duration above zero");
      app.input_bytes = a.size("input_size", app.input_bytes, 1);
      app.output_bytes = a.size("output_size", app.output_bytes, 1);
      Map arr = a.sub("arrival");
      const std::string kind = arr.str("kind", "poisson");
      if (kind == "poisson") {
        app.arrival.kind = ArrivalConfig::Kind::POISSON;
        app.arrival.rate_per_s = arr.rate("rate", app.arrival.rate_per_s);
        app.arrival.max_requests = arr.integer("max_requests", 0, 0, 1ULL << 40);
      } else if (kind == "periodic") {
        app.arrival.kind = ArrivalConfig::Kind::PERIODIC;
        app.arrival.interval_s = arr.duration("interval", app.arrival.interval_s);
        if (app.arrival.interval_s <= 0)
          arr.fail("interval", "interval must be positive", "a duration above zero");
        app.arrival.offset_s = arr.duration("offset", app.arrival.offset_s);
        app.arrival.max_requests = arr.integer("max_requests", 0, 0, 1ULL << 40);
      } else if (kind == "trace") {
        app.arrival.kind = ArrivalConfig::Kind::TRACE;
        app.arrival.trace_file_as_written = arr.required_str("file");
        app.arrival.trace_file = resolve_path(path, app.arrival.trace_file_as_written);
        if (!is_file(app.arrival.trace_file))
          arr.fail("file", fmt::format("request trace '{}' does not exist", app.arrival.trace_file),
                   "a CSV file time_s,phone,app");
      } else {
        arr.fail("kind", fmt::format("unknown arrival kind '{}'", kind), "poisson, periodic or trace");
      }
      arr.done({});
      a.done({});
      g.apps.push_back(std::move(app));
    });
    if (g.apps.empty())
      m.fail("apps", "a phone group without apps issues no requests", "a list with at least one app");
    m.done({});
    s.phones.push_back(std::move(g));
  });
  if (s.phones.empty())
    top.fail("phones", "no phones", "a list with at least one phone group");

  // --- model management
  {
    Map m = top.sub("model_management");
    auto& c = s.management;
    c.stats_period_s = m.duration("stats_period", c.stats_period_s);
    c.placement_period_s = m.duration("placement_period", c.placement_period_s);
    c.stats_bytes = m.size("stats_size", c.stats_bytes, 1);
    auto placement = [&](const std::string& key, PlacementConfig& pc) {
      Map p = m.sub(key);
      pc.policy = p.str("policy", pc.policy);
      const auto* info = policy::placement_policies().find(pc.policy);
      if (!info)
        p.fail("policy", fmt::format("unknown placement policy '{}'", pc.policy),
               "one of " + policy::placement_policies().names());
      Map prm = p.sub("params");
      const auto given = read_params(ctx, prm, "placement policy", info->name, info->params);
      pc.params = info->resolve(given);
      p.done({});
    };
    placement("phones", c.phones);
    placement("edges", c.edges);
    Map od = m.sub("on_demand");
    c.on_demand = od.boolean("enabled", false);
    const auto mode = od.str("while_downloading", "offload");
    if (mode != "offload" && mode != "wait")
      od.fail("while_downloading", fmt::format("unknown mode '{}'", mode), "offload or wait");
    c.wait_for_download = mode == "wait";
    od.done({});
    m.done({});
  }
  top.each("model_updates", [&](Map& m, size_t) {
    ModelUpdate u;
    u.at_s = m.duration("at", 0.0);
    u.model = m.required_str("model");
    u.model_id = ts.model_id(u.model);
    if (u.model_id == NONE)
      m.fail("model", fmt::format("unknown model '{}'", u.model), "a model from traces/models.csv");
    u.top1 = m.number("top1", ts.models()[u.model_id].top1, 0.0, 1.0);
    m.done({});
    s.updates.push_back(u);
  });
  std::stable_sort(s.updates.begin(), s.updates.end(), [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
  {
    Map m = top.sub("mobility");
    auto& c = s.mobility;
    const std::string kind = m.str("kind", "none");
    if (kind == "trace") {
      c.kind = MobilityConfig::Kind::TRACE;
      c.trace_file = resolve_path(path, m.required_str("file"));
      if (!is_file(c.trace_file))
        m.fail("file", fmt::format("mobility trace '{}' does not exist", c.trace_file), "a CSV file time_s,phone,cell");
    } else if (kind == "random") {
      c.kind = MobilityConfig::Kind::RANDOM;
      c.dwell_mean_s = m.duration("dwell_mean", c.dwell_mean_s);
      if (c.dwell_mean_s <= 0)
        m.fail("dwell_mean", "dwell time must be positive", "a duration above zero");
    } else if (kind != "none") {
      m.fail("kind", fmt::format("unknown mobility '{}'", kind), "none, trace or random");
    }
    const auto in_flight = m.str("in_flight", "complete");
    if (in_flight != "complete" && in_flight != "fail")
      m.fail("in_flight", fmt::format("unknown handover behaviour '{}'", in_flight), "complete or fail");
    c.fail_in_flight = in_flight == "fail";
    m.done({});
  }

  // --- faults
  {
    Map m = top.sub("faults");
    auto& f = s.faults;
    f.detection_delay_s = m.duration("detection_delay", f.detection_delay_s);
    f.request_timeout_s = m.duration("request_timeout", f.request_timeout_s);
    auto instances = [](const std::string& name, uint32_t count) {
      std::vector<std::string> v;
      for (uint32_t i = 0; i < count; ++i)
        v.push_back(count == 1 ? name : fmt::format("{}-{}", name, i));
      return v;
    };
    std::vector<std::string> cells, edges;
    for (const auto& c : s.cells)
      for (auto& n : instances(c.name, c.count))
        cells.push_back(n);
    for (const auto& e : s.edges)
      for (auto& n : instances(e.name, e.count))
        edges.push_back(n);
    const double horizon = s.simulation.end_s > 0 ? s.simulation.end_s : std::max(s.simulation.duration_s, 1.0) * 10;
    uint64_t period_index = 0;
    m.each("periods", [&](Map& p, size_t) {
      FaultPeriod fp;
      fp.target_name = p.required_str("target");
      const auto slash = fp.target_name.find('/');
      const std::string kind = fp.target_name.substr(0, slash);
      const std::string name = slash == std::string::npos ? "" : fp.target_name.substr(slash + 1);
      const std::vector<std::string>* names = nullptr;
      if (kind == "cell") {
        fp.target = FaultPeriod::Target::CELL;
        names = &cells;
      } else if (kind == "backhaul" || kind == "wan" || kind == "edge") {
        fp.target = kind == "backhaul" ? FaultPeriod::Target::BACKHAUL
                                       : (kind == "wan" ? FaultPeriod::Target::WAN : FaultPeriod::Target::EDGE);
        names = &edges;
      } else {
        p.fail("target", fmt::format("unknown target '{}'", fp.target_name),
               "cell/<cell>, backhaul/<edge>, wan/<edge> or edge/<edge>");
      }
      const auto it = std::find(names->begin(), names->end(), name);
      if (it == names->end())
        p.fail("target", fmt::format("no {} named '{}'", kind, name), valid_names(*names));
      fp.index = static_cast<uint32_t>(it - names->begin());
      fp.bandwidth_factor = p.number("bandwidth_factor", 0.0, 0.0, 1.0);
      if (fp.bandwidth_factor >= 1.0)
        p.fail("bandwidth_factor", "a factor of 1 changes nothing", "a fraction below 1 (0: down)");
      if (fp.bandwidth_factor > 0 && fp.target == FaultPeriod::Target::EDGE)
        p.fail("bandwidth_factor", "an edge server is up or down", "no bandwidth_factor on edge/ targets");
      int sources = 0;
      if (p.has("windows")) {
        ++sources;
        auto w = p.raw("windows");
        if (!w.IsSequence())
          p.fail("windows", "not a list", "a list of [from, to] pairs such as [[60s, 120s]]");
        for (size_t i = 0; i < w.size(); ++i) {
          const std::string key = fmt::format("{}.{}", p.path("windows"), i);
          if (!w[i].IsSequence() || w[i].size() != 2)
            throw InputError(loc_of(ctx, w[i], key), "not a [from, to] pair", "[60s, 120s]");
          double a = 0, b = 0;
          try {
            a = units::parse_duration_s(w[i][0].Scalar());
            b = units::parse_duration_s(w[i][1].Scalar());
          } catch (const units::UnitError& e) {
            throw InputError(loc_of(ctx, w[i], key), e.what(), e.expected());
          }
          if (b <= a)
            throw InputError(loc_of(ctx, w[i], key), "the window ends before it starts", "from < to");
          fp.intervals.emplace_back(a, b);
        }
      }
      if (p.has("trace")) {
        ++sources;
        const auto file = resolve_path(path, p.required_str("trace"));
        if (!is_file(file))
          p.fail("trace", fmt::format("availability trace '{}' does not exist", file), "a CSV file time_s,up");
        fp.intervals = parse_availability(csv::Table::read_file(file), horizon);
      }
      if (p.has("random")) {
        ++sources;
        Map r = p.sub("random");
        const double mtbf = r.duration("mtbf", 0.0);
        const double mttr = r.duration("mttr", 0.0);
        if (mtbf <= 0 || mttr <= 0)
          r.fail(mtbf <= 0 ? "mtbf" : "mttr", "must be positive", "a duration above zero");
        r.done({});
        // Alternating exponential up and down times, drawn from this period's own stream.
        double t = 0;
        for (uint64_t k = 0; t < horizon && k < 1000000; ++k) {
          t += -mtbf * std::log1p(-rng::uniform(s.simulation.seed, 0xfa0175, k, period_index, 1));
          const double down = -mttr * std::log1p(-rng::uniform(s.simulation.seed, 0xfa0175, k, period_index, 2));
          if (t < horizon)
            fp.intervals.emplace_back(t, t + down);
          t += down;
        }
      }
      if (sources != 1)
        p.fail("target", "give exactly one of windows, trace or random", "one source of down periods");
      std::sort(fp.intervals.begin(), fp.intervals.end());
      ++period_index;
      p.done({});
      f.periods.push_back(std::move(fp));
    });
    m.done({});
  }

  top.done({"provenance"});
  return s;
}

}  // namespace

}  // namespace modi::config
