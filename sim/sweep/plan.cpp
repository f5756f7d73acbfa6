#include "sim/sweep/plan.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/core/csv.hpp"
#include "sim/core/math_policy.hpp"
#include "sim/core/paths.hpp"
#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/stats.hpp"
#include "sim/core/units.hpp"
#include "sim/config/keys.hpp"
#include "sim/config/yaml_file.hpp"

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

std::vector<Axis> read_axes(const std::string& file, const YAML::Node& map, const std::string& where) {
  if (!map.IsMap())
    throw InputError(loc(file, map, where), "not a mapping", "a mapping of --set path: [values]");
  std::vector<Axis> axes;
  for (auto it = map.begin(); it != map.end(); ++it) {
    Axis a;
    if (!it->first.IsScalar())
      throw InputError(loc(file, it->first, where), "a key is not a name", "--set paths as keys");
    a.path = it->first.Scalar();
    const std::string key = where + "." + a.path;
    const YAML::Node list = it->second;
    if (!list.IsSequence() || list.size() == 0)
      throw InputError(loc(file, list, key), "not a non-empty list of values", "a list such as [a, b]");
    for (size_t i = 0; i < list.size(); ++i)
      a.values.push_back(yaml_text(list[i]));
    axes.push_back(std::move(a));
  }
  return axes;
}

void write_atomic(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
      throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, path);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

uint64_t replication_seed(uint64_t base_seed, uint32_t replication) {
  // Depends only on the base seed and the replication: every configuration point of a sweep
  // sees the same workloads. 53 bits so the seed survives YAML and CSV round trips exactly.
  return rng::key(base_seed, 0x53eed, replication, 0x5eed) >> 11;
}

SweepSpec load_spec_impl(const std::string& path);

SweepSpec load_spec(const std::string& path) {
  try {
    return load_spec_impl(path);
  } catch (const YAML::Exception& e) {
    throw yaml_structure_error(path, e, "the documented sweep keys");
  }
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
  if (!is_file(s.base_config))
    top.fail("base", fmt::format("base scenario '{}' does not exist", s.base_config), "an existing scenario file");
  s.replications = k.replications;
  s.base_seed = k.base_seed;
  for (const char* key : {"set", "grid", "zip"})
    if (top.has(key))
      (void)top.raw(key);
  top.done();
  const YAML::Node set_node = root["set"];
  if (set_node) {
    if (!set_node.IsMap())
      throw InputError(loc(path, set_node, "set"), "not a mapping", "a mapping of --set path: value");
    for (auto it = set_node.begin(); it != set_node.end(); ++it) {
      if (!it->first.IsScalar())
        throw InputError(loc(path, it->first, "set"), "a key is not a name", "--set paths as keys");
      s.fixed.emplace_back(it->first.Scalar(), yaml_text(it->second));
    }
  }
  std::set<std::string> seen;
  auto check_unique = [&](const Axis& a, const YAML::Node& where, const std::string& key) {
    if (!seen.insert(a.path).second)
      throw InputError(loc(path, where, key), fmt::format("'{}' is swept twice", a.path), "each path in one place");
    for (const auto& f : s.fixed)
      if (f.first == a.path)
        throw InputError(loc(path, where, key), fmt::format("'{}' is both fixed (set) and swept", a.path),
                         "each path in one place");
  };
  const YAML::Node grid_node = root["grid"];
  if (grid_node) {
    s.grid = read_axes(path, grid_node, "grid");
    for (const auto& a : s.grid)
      check_unique(a, grid_node, "grid." + a.path);
  }
  const YAML::Node zip_node = root["zip"];
  if (zip_node) {
    if (!zip_node.IsSequence())
      throw InputError(loc(path, zip_node, "zip"), "not a list", "a list of groups, each a mapping of path: [values]");
    for (size_t g = 0; g < zip_node.size(); ++g) {
      const std::string where = fmt::format("zip.{}", g);
      const YAML::Node group = zip_node[g];
      auto axes = read_axes(path, group, where);
      for (const auto& a : axes) {
        check_unique(a, group, where + "." + a.path);
        if (a.values.size() != axes.front().values.size())
          throw InputError(loc(path, group, where + "." + a.path),
                           fmt::format("{} values, but '{}' has {}", a.values.size(), axes.front().path,
                                       axes.front().values.size()),
                           "lists of equal length in one zip group");
      }
      s.zips.push_back(std::move(axes));
    }
  }
  return s;
}

Plan expand(const SweepSpec& spec) {
  Plan plan;
  plan.spec = spec;
  // Dimensions: each grid axis, then each zip group (its axes move together).
  std::vector<std::vector<const Axis*>> dims;
  for (const auto& a : spec.grid)
    dims.push_back({&a});
  for (const auto& g : spec.zips) {
    std::vector<const Axis*> d;
    d.reserve(g.size());
    for (const auto& a : g)
      d.push_back(&a);
    dims.push_back(d);
  }
  for (const auto& d : dims)
    for (const auto* a : d)
      plan.swept_paths.push_back(a->path);
  constexpr uint64_t MAX_RUNS = 100000;
  uint64_t points = 1;
  for (const auto& d : dims) {
    points *= d.front()->values.size();  // checked at each step: no overflow
    if (points * spec.replications > MAX_RUNS)
      throw InputError({spec.file, 0, 0, "grid"}, "the sweep has too many runs", "at most 100,000 runs per sweep");
  }
  plan.points = static_cast<uint32_t>(points);
  for (uint32_t p = 0; p < plan.points; ++p) {
    // Mixed radix, the last dimension fastest.
    std::vector<size_t> idx(dims.size());
    uint64_t rest = p;
    for (size_t k = dims.size(); k-- > 0;) {
      const auto n = dims[k].front()->values.size();
      idx[k] = rest % n;
      rest /= n;
    }
    std::vector<std::pair<std::string, std::string>> swept;
    for (size_t k = 0; k < dims.size(); ++k)
      for (const auto* a : dims[k])
        swept.emplace_back(a->path, a->values[idx[k]]);
    for (uint32_t r = 0; r < spec.replications; ++r) {
      Run run;
      run.index = static_cast<uint32_t>(plan.runs.size());
      run.id = fmt::format("p{:04d}-r{:02d}", p, r);
      run.point = p;
      run.replication = r;
      run.seed = replication_seed(spec.base_seed, r);
      run.swept = swept;
      run.args = {"--seed", std::to_string(run.seed), "--progress", "never"};
      for (const auto& [k, v] : spec.fixed) {
        run.args.push_back("--set");
        run.args.push_back(std::string(k).append("=").append(v));
      }
      for (const auto& [k, v] : swept) {
        run.args.push_back("--set");
        run.args.push_back(std::string(k).append("=").append(v));
      }
      plan.runs.push_back(std::move(run));
    }
  }
  return plan;
}

std::string Plan::fingerprint() const {
  std::string text = spec.base_config + "\n";
  for (const auto& r : runs) {
    text += r.id;
    for (const auto& a : r.args)
      text += "\x1f" + a;
    text += "\n";
  }
  return fmt::format("{:016x}", rng::hash_name(text));
}

TaskPaths task_paths(const std::string& dir, const std::string& run_id) {
  const fs::path d(dir);
  return {(d / "runs" / run_id).string(), (d / "runs" / ("." + run_id + ".partial")).string(),
          (d / "failed" / (run_id + ".txt")).string(), (d / "runs" / ("." + run_id + ".stderr")).string()};
}

void prepare_dir(const Plan& plan, const std::string& dir) {
  const fs::path d(dir);
  const auto fp = plan.fingerprint();
  if (fs::exists(d / "plan.fingerprint")) {
    const auto old = slurp(d / "plan.fingerprint");
    if (old != fp + "\n")
      throw InputError({plan.spec.file, 0, 0, "--out"},
                       fmt::format("'{}' holds the runs of a different sweep", dir),
                       "a new --out directory, or the sweep file that made this one");
    return;
  }
  fs::create_directories(d / "tasks");
  fs::create_directories(d / "runs");
  fs::create_directories(d / "failed");
  for (const auto& r : plan.runs) {
    std::string text = r.id + "\n" + plan.spec.base_config + "\n";
    for (const auto& a : r.args) {
      if (a.find('\n') != std::string::npos)
        throw InputError({plan.spec.file, 0, 0, ""}, "a value contains a newline", "single-line values");
      text += a + "\n";
    }
    write_atomic(d / "tasks" / fmt::format("{}.args", r.index), text);
  }
  {
    csv::Writer w((d / "plan.csv.tmp").string());
    std::vector<std::string> header{"index", "run_id", "point", "replication", "seed"};
    header.insert(header.end(), plan.swept_paths.begin(), plan.swept_paths.end());
    w.header(header);
    for (const auto& r : plan.runs) {
      w.cell(static_cast<uint64_t>(r.index)).cell(r.id).cell(static_cast<uint64_t>(r.point));
      w.cell(static_cast<uint64_t>(r.replication)).cell(r.seed);
      for (const auto& [k, v] : r.swept)
        w.cell(v);
      w.end_row();
    }
    w.close();
    fs::rename(d / "plan.csv.tmp", d / "plan.csv");
  }
  write_atomic(d / "plan.fingerprint", fp + "\n");
}

std::pair<std::string, std::vector<std::string>> read_task(const std::string& dir, uint32_t index) {
  const auto path = fs::path(dir) / "tasks" / fmt::format("{}.args", index);
  std::ifstream in(path);
  if (!in)
    throw InputError({path.string(), 0, 0, ""}, "no such task in this sweep directory", "an index from plan.csv");
  std::string id, line;
  std::getline(in, id);
  std::vector<std::string> args;
  while (std::getline(in, line))
    args.push_back(line);
  return {id, args};
}

std::vector<uint32_t> pending(const Plan& plan, const std::string& dir) {
  std::vector<uint32_t> out;
  for (const auto& r : plan.runs)
    if (!fs::exists(fs::path(task_paths(dir, r.id).final_dir) / "run.yaml"))
      out.push_back(r.index);
  return out;
}

RunStatus status_of(const Run& run, const std::string& dir) {
  const auto p = task_paths(dir, run.id);
  RunStatus s;
  if (fs::exists(fs::path(p.final_dir) / "summary.csv")) {
    s.ok = true;
    return s;
  }
  if (fs::exists(p.failure_file)) {
    std::ifstream in(p.failure_file);
    std::string first;
    std::getline(in, first);
    if (first.rfind("exit_code=", 0) == 0)
      s.exit_code = std::atoi(first.c_str() + 10);
    std::stringstream rest;
    rest << in.rdbuf();
    s.error = rest.str();
    while (!s.error.empty() && s.error.back() == '\n')
      s.error.pop_back();
    return s;
  }
  s.exit_code = -1;
  s.error = "did not run";
  return s;
}

double ci95_half_width(double sd, uint64_t n) {
  if (n < 2)
    return 0.0;
  boost::math::students_t_distribution<double, MathPolicy> t(static_cast<double>(n - 1));
  return boost::math::quantile(t, 0.975) * sd / std::sqrt(static_cast<double>(n));
}

std::pair<uint32_t, uint32_t> collect(const Plan& plan, const std::string& dir) {
  const fs::path d(dir);
  // Summary columns from the first completed run; wall_s is left out (host time, not a result).
  std::vector<std::string> metrics;
  std::vector<std::map<std::string, std::string>> values(plan.runs.size());
  std::vector<RunStatus> status(plan.runs.size());
  for (const auto& r : plan.runs) {
    status[r.index] = status_of(r, dir);
    if (!status[r.index].ok)
      continue;
    const auto t = csv::Table::read_file((fs::path(task_paths(dir, r.id).final_dir) / "summary.csv").string());
    if (metrics.empty())
      for (const auto& h : t.header())
        if (h != "wall_s" && h != "seed")
          metrics.push_back(h);
    for (const auto& h : t.header())
      values[r.index][h] = t.rows().at(0).cells.at(static_cast<size_t>(
          std::find(t.header().begin(), t.header().end(), h) - t.header().begin()));
  }
  uint32_t ok = 0, failed = 0;
  {
    csv::Writer w((d / "results.csv.tmp").string());
    std::vector<std::string> header{"run_id", "point", "replication", "seed"};
    header.insert(header.end(), plan.swept_paths.begin(), plan.swept_paths.end());
    header.insert(header.end(), {"status", "exit_code", "error"});
    header.insert(header.end(), metrics.begin(), metrics.end());
    w.header(header);
    for (const auto& r : plan.runs) {
      const auto& st = status[r.index];
      (st.ok ? ok : failed)++;
      w.cell(r.id).cell(static_cast<uint64_t>(r.point)).cell(static_cast<uint64_t>(r.replication)).cell(r.seed);
      for (const auto& [k, v] : r.swept)
        w.cell(v);
      w.cell(st.ok ? "ok" : "failed").cell(static_cast<int64_t>(st.exit_code)).cell(st.error);
      for (const auto& m : metrics)
        w.cell(st.ok ? values[r.index][m] : std::string());
      w.end_row();
    }
    w.close();
    fs::rename(d / "results.csv.tmp", d / "results.csv");
  }
  {
    csv::Writer w((d / "aggregate.csv.tmp").string());
    std::vector<std::string> header{"point"};
    header.insert(header.end(), plan.swept_paths.begin(), plan.swept_paths.end());
    header.insert(header.end(), {"runs", "ok"});
    for (const auto& m : metrics)
      for (const char* suffix : {"_mean", "_sd", "_ci95", "_n"})
        header.push_back(m + suffix);
    w.header(header);
    for (uint32_t p = 0; p < plan.points; ++p) {
      const Run* first = nullptr;
      std::vector<const Run*> runs;
      for (const auto& r : plan.runs)
        if (r.point == p) {
          runs.push_back(&r);
          first = first ? first : &r;
        }
      w.cell(static_cast<uint64_t>(p));
      for (const auto& [k, v] : first->swept)
        w.cell(v);
      uint64_t n_ok = 0;
      for (const auto* r : runs)
        n_ok += status[r->index].ok;
      w.cell(static_cast<uint64_t>(runs.size())).cell(n_ok);
      for (const auto& m : metrics) {
        std::vector<double> xs;
        for (const auto* r : runs)
          if (status[r->index].ok)
            xs.push_back(units::parse_number(values[r->index][m]));
        const double sd = stats::stddev(xs);
        w.cell(stats::mean(xs)).cell(sd).cell(ci95_half_width(sd, xs.size())).cell(static_cast<uint64_t>(xs.size()));
      }
      w.end_row();
    }
    w.close();
    fs::rename(d / "aggregate.csv.tmp", d / "aggregate.csv");
  }
  return {ok, failed};
}

}  // namespace modi::sweep
