#include "sim/model/population.hpp"

#include "sim/model/rtt_estimator.hpp"

#include <fmt/format.h>
#include <map>

#include "sim/core/event_traces.hpp"
#include "sim/model/arrivals.hpp"
#include "sim/model/fault_schedule.hpp"

namespace modi::model {

std::vector<Phone> make_phones(const config::Scenario& s, const Topology& t) {
  const auto& ts = *s.traces;
  std::map<std::string, uint32_t> first_cell;
  for (uint32_t c = 0, gi = 0; gi < s.cells.size(); c += s.cells[gi].count, ++gi)
    first_cell[s.cells[gi].name] = c;
  std::vector<Phone> phones;
  phones.reserve(s.phone_count());
  for (uint32_t gi = 0; gi < s.phones.size(); ++gi) {
    const auto& g = s.phones[gi];
    const auto& cg = s.cells[t.cells()[first_cell[g.cell]].group];
    const auto& dev = ts.devices()[g.device_id];
    for (uint32_t i = 0; i < g.count; ++i) {
      Phone p;
      p.index = static_cast<uint32_t>(phones.size());
      p.group = gi;
      p.device = g.device_id;
      p.cell = first_cell[g.cell] + (i % cg.count);
      p.store = ModelStore(g.storage_bytes);
      for (auto m : g.model_ids)
        p.store.put(m, 1, ts.models()[m].size_bytes, 0.0);
      p.loaded = LoadedModels(g.memory_bytes);
      const auto& net = ts.networks()[t.cells()[p.cell].network];
      p.energy = energy::PhoneEnergy({dev.idle_power_w, dev.screen_power_w, dev.image_load_power_w,
                                      dev.model_load_power_w, dev.inference_power_w},
                                     ts.radios()[net.radio_id], g.battery_capacity_j, g.battery_fraction, g.screen_on);
      RttEstimator::restart(p, net);
      phones.push_back(std::move(p));
    }
  }
  return phones;
}

std::vector<ServerState> make_servers(const config::Scenario& s, const Topology& t, const Catalog& catalog) {
  const auto& ts = *s.traces;
  std::vector<ServerState> out;
  for (const auto& n : t.servers()) {
    ServerState sv;
    sv.name = n.name;
    sv.site = n.site;
    sv.type = n.type;
    sv.cores = n.cores;
    sv.speed = n.speed;
    sv.store = ModelStore(n.storage_bytes);
    for (auto m : n.models)
      sv.store.put(m, 1, ts.models()[m].size_bytes, 0.0);
    sv.models_by_task.resize(catalog.task_names().size());
    sv.refresh_models(catalog);
    sv.loaded = LoadedModels(n.memory_bytes);
    for (auto m : n.preloaded)
      sv.loaded.insert(m, ts.models()[m].memory_bytes);
    // Initial service-time estimate: mean inference over the models it stores.
    double sum = 0;
    for (auto m : n.models)
      sum += ts.servers()[n.type].inference[m]->mean_s() / n.speed;
    sv.service_ewma_s = n.models.empty() ? 0.0 : sum / static_cast<double>(n.models.size());
    out.push_back(std::move(sv));
  }
  return out;
}

std::vector<Move> load_moves(const config::Scenario& s, const Topology& t, const std::vector<Phone>& phones) {
  std::vector<Move> moves;
  if (s.mobility.kind != config::MobilityConfig::Kind::TRACE)
    return moves;
  std::map<std::string, uint32_t> phone_by_name;
  const PhoneNames names(s);
  for (const auto& p : phones)
    phone_by_name[names.name(p.group, p.index)] = p.index;
  const auto table = csv::Table::read_file(s.mobility.trace_file);
  for (const auto& ev : parse_named_events(table, "phone", "cell")) {
    const csv::Row& row = table.rows()[ev.row];
    const auto p = phone_by_name.find(ev.subject);
    if (p == phone_by_name.end())
      table.fail(row, "phone", fmt::format("unknown phone '{}'", ev.subject), "a phone instance name");
    const uint32_t cell = t.cell_index(ev.object);
    if (cell == NONE)
      table.fail(row, "cell", fmt::format("unknown cell '{}'", ev.object), "a cell instance name");
    moves.push_back({ev.time_s, p->second, cell});
  }
  return moves;
}

void check_run_inputs(const config::Scenario& s) {
  const Topology t = Topology::build(s);
  const Catalog catalog(*s.traces, s.traces->task_names());
  const auto phones = make_phones(s, t);
  (void)make_servers(s, t, catalog);
  const Arrivals arrivals(s, phones);
  (void)load_moves(s, t, phones);
  const FaultSchedule faults(s.faults, t);
}

}  // namespace modi::model
