// Section reader for faults: each period's target, and its down times from exactly one source
// (windows, an availability trace, or random MTBF/MTTR), resolved here into intervals so that
// run.yaml replays them exactly.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "sim/config/keys.hpp"
#include "sim/config/section_readers.hpp"
#include "sim/core/csv.hpp"
#include "sim/core/event_traces.hpp"
#include "sim/core/paths.hpp"
#include "sim/core/rng.hpp"

namespace modi::config::detail {
namespace {

std::vector<std::string> instances(const std::string& name, uint32_t count) {
  std::vector<std::string> v;
  for (uint32_t i = 0; i < count; ++i)
    v.push_back(count == 1 ? name : fmt::format("{}-{}", name, i));
  return v;
}

void read_target(Map& p, FaultPeriod& fp, const std::vector<std::string>& cells, const std::vector<std::string>& edges) {
  using T = FaultPeriod::Target;
  const auto slash = fp.target_name.find('/');
  const std::string kind = fp.target_name.substr(0, slash);
  const std::string name = slash == std::string::npos ? "" : fp.target_name.substr(slash + 1);
  const std::vector<std::string>* names = &edges;
  if (kind == "cell") {
    fp.target = T::CELL;
    names = &cells;
  } else if (kind == "backhaul" || kind == "wan" || kind == "edge") {
    fp.target = kind == "backhaul" ? T::BACKHAUL : (kind == "wan" ? T::WAN : T::EDGE);
  } else {
    p.fail("target", fmt::format("unknown target '{}'", fp.target_name),
           "cell/<cell>, backhaul/<edge>, wan/<edge> or edge/<edge>");
  }
  const auto it = std::find(names->begin(), names->end(), name);
  if (it == names->end())
    p.fail("target", fmt::format("no {} named '{}'", kind, name), valid_names(*names));
  fp.index = static_cast<uint32_t>(it - names->begin());
  if (fp.bandwidth_factor >= 1.0)
    p.fail("bandwidth_factor", "a factor of 1 changes nothing", "a fraction below 1 (0: down)");
  if (fp.bandwidth_factor > 0 && fp.target == T::EDGE)
    p.fail("bandwidth_factor", "an edge server is up or down", "no bandwidth_factor on edge/ targets");
}

/// The group (of cells or edges) that instance `i` of the flattened list belongs to.
template <class Group>
const Group* group_of(const std::vector<Group>& groups, uint32_t i) {
  for (const auto& g : groups) {
    if (i < g.count)
      return &g;
    i -= g.count;
  }
  return nullptr;
}

/// A degraded window scales a link's bandwidth; a link replaying a trace has no fixed bandwidth to
/// scale (take the window out, or scale the trace).
void refuse_degrading_a_trace(const Reading& r, Map& p, const FaultPeriod& fp) {
  using T = FaultPeriod::Target;
  if (fp.bandwidth_factor <= 0 || fp.target == T::EDGE)
    return;
  bool traced = false;
  if (fp.target == T::CELL) {
    const auto* g = group_of(r.s.cells, fp.index);
    traced = g && g->traces.any();
  } else if (const auto* g = group_of(r.s.edges, fp.index)) {
    traced = fp.target == T::BACKHAUL ? g->backhaul_traces.any() : g->wan_traces.any();
  }
  if (traced)
    p.fail("bandwidth_factor", fmt::format("'{}' replays a bandwidth trace", fp.target_name),
           "down windows only (bandwidth_factor 0) on links that replay a trace");
}

void read_windows(Reading& r, Map& p, FaultPeriod& fp) {
  auto w = p.raw("windows");
  if (!w.IsSequence())
    p.fail("windows", "not a list", "a list of [from, to] pairs such as [[60s, 120s]]");
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string key = fmt::format("{}.{}", p.path("windows"), i);
    if (!w[i].IsSequence() || w[i].size() != 2)
      throw InputError(location_of(r.ctx, w[i], key), "not a [from, to] pair", "[60s, 120s]");
    double a = 0, b = 0;
    try {
      a = units::parse_duration_s(w[i][0].Scalar());
      b = units::parse_duration_s(w[i][1].Scalar());
    } catch (const units::UnitError& e) {
      throw InputError(location_of(r.ctx, w[i], key), e.what(), e.expected());
    }
    if (b <= a)
      throw InputError(location_of(r.ctx, w[i], key), "the window ends before it starts", "from < to");
    fp.intervals.emplace_back(a, b);
  }
}

/// Alternating exponential up and down times, drawn from this period's own stream.
void draw_random(Reading& r, Map& p, FaultPeriod& fp, uint64_t period, double horizon) {
  Map rnd = p.sub("random");
  read_fields(rnd, fp.random, keys::fault_random());
  rnd.done();
  // Every down period is drawn up front and kept in memory: refuse what would not fit.
  constexpr uint64_t kMaxDownPeriods = 1000000;
  const double expected = horizon / (fp.random.mtbf_s + fp.random.mttr_s);
  const auto too_many = [&] {
    rnd.fail("mtbf", fmt::format("about {:.3g} down periods before the horizon ({}); at most {}", expected,
                                 units::format_duration(horizon), kMaxDownPeriods),
             "a longer mtbf or mttr, or a shorter simulation.duration / simulation.end");
  };
  if (expected > 0.9 * kMaxDownPeriods)
    too_many();
  const uint64_t seed = r.s.simulation.seed;
  double t = 0;
  for (uint64_t k = 0; t < horizon; ++k) {
    if (k == kMaxDownPeriods)
      too_many();
    t += -fp.random.mtbf_s * std::log1p(-rng::uniform(seed, 0xfa0175, k, period, 1));
    const double down = -fp.random.mttr_s * std::log1p(-rng::uniform(seed, 0xfa0175, k, period, 2));
    if (t < horizon)
      fp.intervals.emplace_back(t, t + down);
    t += down;
  }
}

FaultPeriod read_period(Reading& r, Map& p, uint64_t period, const std::vector<std::string>& cells,
                        const std::vector<std::string>& edges) {
  FaultPeriod fp;
  read_fields(p, fp, keys::fault_period());
  read_target(p, fp, cells, edges);
  refuse_degrading_a_trace(r, p, fp);
  const auto& sim = r.s.simulation;
  const double horizon = sim.end_s > 0 ? sim.end_s : std::max(sim.duration_s, 1.0) * 10;
  int sources = 0;
  if (p.has("windows")) {
    ++sources;
    read_windows(r, p, fp);
  }
  if (p.has("trace")) {
    ++sources;
    const auto file = resolve_path(r.ctx.file, fp.trace_file);
    if (const auto why = why_not_a_file(file); !why.empty())
      p.fail("trace", fmt::format("availability trace '{}' {}", file, why), "a CSV file time_s,up");
    fp.intervals = parse_availability(csv::Table::read_file(file), horizon);
  }
  if (p.has("random")) {
    ++sources;
    draw_random(r, p, fp, period, horizon);
  }
  if (sources != 1)
    p.fail("target", "give exactly one of windows, trace or random", "one source of down periods");
  std::sort(fp.intervals.begin(), fp.intervals.end());
  p.done();
  return fp;
}

}  // namespace

void read_faults(Reading& r, Map& top) {
  Map m = top.sub("faults");
  read_fields(m, r.s.faults, keys::faults());
  std::vector<std::string> cells, edges;
  for (const auto& c : r.s.cells)
    for (auto& n : instances(c.name, c.count))
      cells.push_back(n);
  for (const auto& e : r.s.edges)
    for (auto& n : instances(e.name, e.count))
      edges.push_back(n);
  uint64_t period = 0;
  m.each("periods", [&](Map& p, size_t) { r.s.faults.periods.push_back(read_period(r, p, period++, cells, edges)); });
  m.done();
}

}  // namespace modi::config::detail
