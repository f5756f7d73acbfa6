// Section readers for phones[], their apps[] and each app's arrival.
#include <fmt/format.h>
#include <set>

#include "sim/config/keys.hpp"
#include "sim/config/section_readers.hpp"
#include "sim/core/paths.hpp"

namespace modi::config::detail {
namespace {

void read_arrival(Reading& r, Map& a, AppConfig& app) {
  Map arr = a.sub("arrival");
  read_fields(arr, app.arrival, keys::arrival());
  if (app.arrival.kind == ArrivalConfig::Kind::TRACE) {
    app.arrival.trace_file = resolve_path(r.ctx.file, app.arrival.trace_file);
    if (const auto why = why_not_a_file(app.arrival.trace_file); !why.empty())
      arr.fail("file", fmt::format("request trace '{}' {}", app.arrival.trace_file, why),
               "a CSV file time_s,phone,app");
  }
  arr.done();
}

AppConfig read_app(Reading& r, Map& a, std::set<std::string>& names) {
  AppConfig app;
  read_fields(a, app, keys::app());
  if (!names.insert(app.name).second)
    a.fail("name", fmt::format("duplicate app '{}'", app.name), "unique app names per phone group");
  if (!r.ts().has_task(app.task))
    a.fail("task", fmt::format("unknown task '{}'", app.task), valid_names(r.ts().task_names()));
  read_arrival(r, a, app);
  a.done();
  return app;
}

void resolve_phone(Reading& r, Map& m, PhoneGroup& g) {
  if (std::none_of(r.s.cells.begin(), r.s.cells.end(), [&](const auto& c) { return c.name == g.cell; }))
    m.fail("cell", fmt::format("unknown cell '{}'", g.cell), valid_names(TraceSet::names(r.s.cells)));
  g.device_id = r.ts().device_id(g.device);
  if (g.device_id == NONE)
    m.fail("device", fmt::format("unknown device class '{}'", g.device), valid_names(TraceSet::names(r.ts().devices())));
  if (g.battery_capacity_j <= 0)
    g.battery_capacity_j = r.ts().devices()[g.device_id].battery_j;
  g.model_ids = resolve_models(r, m, "models", g.models, false);
  const auto& dev = r.ts().devices()[g.device_id];
  for (auto id : g.model_ids)
    if (!dev.by_model[id].present)
      m.fail("models", fmt::format("device class '{}' has no timings for model '{}'", g.device, r.ts().models()[id].name),
             "models with rows in device_timings.csv for this device");
  if (total_size(r.ts(), g.model_ids) > g.storage_bytes)
    m.fail("models",
           fmt::format("resident models need {:.6g} bytes but storage is {:.6g} bytes", total_size(r.ts(), g.model_ids),
                       g.storage_bytes),
           "models that fit the phone's storage budget");
  g.models = model_names(r.ts(), g.model_ids);
}

}  // namespace

void read_phones(Reading& r, Map& top) {
  std::set<std::string> group_names;
  top.each("phones", [&](Map& m, size_t) {
    PhoneGroup g;
    read_fields(m, g, keys::phone());
    if (!group_names.insert(g.name).second)
      m.fail("name", fmt::format("duplicate phone group '{}'", g.name), "unique names");
    resolve_phone(r, m, g);
    std::set<std::string> app_names;
    m.each("apps", [&](Map& a, size_t) { g.apps.push_back(read_app(r, a, app_names)); });
    if (g.apps.empty())
      m.fail("apps", "a phone group without apps issues no requests", "a list with at least one app");
    m.done();
    r.s.phones.push_back(std::move(g));
  });
  if (r.s.phones.empty())
    top.fail("phones", "no phones", "a list with at least one phone group");
}

}  // namespace modi::config::detail
