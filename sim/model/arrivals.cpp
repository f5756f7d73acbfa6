#include "sim/model/arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

#include "sim/core/event_traces.hpp"
#include "sim/core/rng.hpp"
#include "sim/model/phone_names.hpp"

namespace modi::model {

using config::ArrivalConfig;

Arrivals::Arrivals(const config::Scenario& s, const std::vector<Phone>& phones) : s_(s) {
  trace_times_.resize(phones.size());
  std::set<std::string> done;
  for (const auto& g : s.phones)
    for (const auto& a : g.apps)
      if (a.arrival.kind == ArrivalConfig::Kind::TRACE && done.insert(a.arrival.trace_file).second)
        load_trace(a.arrival.trace_file, phones);
}

void Arrivals::load_trace(const std::string& file, const std::vector<Phone>& phones) {
  std::map<std::string, uint32_t> phone_by_name;
  const PhoneNames names(s_);
  for (const auto& p : phones)
    phone_by_name[names.name(p.group, p.index)] = p.index;
  const auto t = csv::Table::read_file(file);
  for (const auto& ev : parse_named_events(t, "phone", "app")) {
    const csv::Row& row = t.rows()[ev.row];
    const auto it = phone_by_name.find(ev.subject);
    if (it == phone_by_name.end())
      t.fail(row, "phone", fmt::format("unknown phone '{}'", ev.subject),
             "a phone instance name such as <group> or <group>-<i>");
    const auto& group = s_.phones[phones[it->second].group];
    const auto ai = std::find_if(group.apps.begin(), group.apps.end(), [&](const auto& x) { return x.name == ev.object; });
    if (ai == group.apps.end())
      t.fail(row, "app", fmt::format("phone '{}' has no app '{}'", it->first, ev.object), "an app of that phone's group");
    if (ai->arrival.kind != ArrivalConfig::Kind::TRACE || ai->arrival.trace_file != file)
      t.fail(row, "app",
             fmt::format("app '{}' of phone '{}' does not take its arrivals from this file", ev.object, it->first),
             "arrival: {kind: trace, file: <this file>} on that app");
    auto& per_app = trace_times_[it->second];
    per_app.resize(group.apps.size());
    per_app[static_cast<size_t>(ai - group.apps.begin())].push_back(ev.time_s);
  }
}

/// The k-th arrival of an app, or -1 when there is none. Nothing arrives at or after a hard stop
/// (`simulation.end`): such a request could not run at all.
double Arrivals::time(const Phone& p, uint32_t app, uint64_t k, double prev_s) const {
  const double t = unbounded_time(p, app, k, prev_s);
  const double end = s_.simulation.end_s;
  return end > 0 && t >= end ? -1 : t;
}

double Arrivals::unbounded_time(const Phone& p, uint32_t app, uint64_t k, double prev_s) const {
  const auto& a = s_.phones[p.group].apps[app];
  if (a.arrival.kind == ArrivalConfig::Kind::TRACE) {
    if (p.index >= trace_times_.size() || app >= trace_times_[p.index].size())
      return -1;
    const auto& v = trace_times_[p.index][app];
    return k < v.size() ? v[k] : -1;
  }
  if (a.arrival.max_requests && k >= a.arrival.max_requests)
    return -1;
  if (a.arrival.kind == ArrivalConfig::Kind::PERIODIC) {
    const double t = a.arrival.offset_s + static_cast<double>(k) * a.arrival.interval_s;
    return t < s_.simulation.duration_s ? t : -1;
  }
  const double u = rng::uniform(s_.simulation.seed, p.index + 1ULL, k, static_cast<uint64_t>(rng::Purpose::ARRIVAL), app + 1);
  const double t = prev_s - std::log1p(-u) / a.arrival.rate_per_s;
  return t < s_.simulation.duration_s ? t : -1;
}

}  // namespace modi::model
