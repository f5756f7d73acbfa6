// The run: MODI's roles as SimGrid activities.
//
// * One fleet actor plays every phone's inference profiler, decision stub and local inference
//   engine. It pops phone events (arrivals, local completions) from one time-ordered heap and
//   sleeps between them. Local inference contends with nothing but the phone's own earlier
//   work, so it is computed in closed form (FIFO per phone) and costs no SimGrid activity.
// * Each offloaded request is a short-lived actor on its server's host: calibrated extra delay,
//   upload (a SimGrid transfer over the cell's shared uplink, rate-capped by the phone radio),
//   FIFO queue for a core (semaphore), model load if cold and inference (executions on the
//   server host), extra delay and the reply over the shared downlink.
// * The recorder receives every request exactly once, completed or failed with a reason.
#include "sim/engine/simulation.hpp"

#include <simgrid/s4u.hpp>
#include <simgrid/version.h>
#include <simgrid/Exception.hpp>
#include <simgrid/plugins/energy.h>
#include <xbt/config.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <queue>
#include <array>
#include <functional>
#include <limits>
#include <unordered_map>
#include <utility>

#include "sim/core/csv.hpp"
#include "sim/core/event_traces.hpp"
#include "sim/core/rng.hpp"
#include "sim/engine/world.hpp"

namespace sg4 = simgrid::s4u;
namespace fs = std::filesystem;

namespace modi::engine {
namespace {

using policy::Site;
using rng::Purpose;

struct FleetEvent {
  enum Kind : uint8_t { ARRIVAL, LOCAL_DONE, MOVE };
  double t;
  uint64_t order;  ///< insertion counter: deterministic tie-break
  Kind kind;
  uint32_t phone;
  uint32_t app;
  uint64_t k;      ///< arrival index of this app on this phone; MOVE: the new cell
  Request* req;
};

/// SimGrid's timing precision (precision/timing, 1e-9 s): shorter waits are skipped, as SimGrid
/// would round them away anyway (and warn about each).
constexpr double TIME_EPSILON_S = 1e-9;
void wait_for(double duration_s) {
  if (duration_s > TIME_EPSILON_S)
    sg4::this_actor::sleep_for(duration_s);
}

struct Later {
  bool operator()(const FleetEvent& a, const FleetEvent& b) const { return a.t > b.t || (a.t == b.t && a.order > b.order); }
};

class Simulation {
public:
  Simulation(const config::Scenario& s, const RunOptions& o, World& w) : s_(s), ts_(*s.traces), opt_(o), w_(w) {
    const auto* info = policy::find_selection_policy(s.selection.policy);
    policy_ = info->make(s.selection.params);
    hindsight_ = info->needs_hindsight;
    for (const auto& m : ts_.models())
      model_task_.push_back(static_cast<uint32_t>(
          std::find(w_.task_names.begin(), w_.task_names.end(), m.task) - w_.task_names.begin()));
    versions_.resize(ts_.models().size());
    current_version_.assign(ts_.models().size(), 1);
    for (ModelId m = 0; m < ts_.models().size(); ++m)
      versions_[m].push_back(ts_.models()[m].top1);
    build_phones();
    build_server_stores();
    load_request_traces();
    load_mobility();
  }

  void attach(Recorder* rec) { rec_ = rec; }
  uint64_t issued() const { return issued_; }

  const std::vector<Phone>& phones() const { return phones_; }

  void fleet();
  void reap_at_end(double end_s);
  void report_progress(bool final_line);

private:
  // --- setup --------------------------------------------------------------------------
  void build_phones() {
    uint32_t cell_base = 0;
    std::map<std::string, uint32_t> first_cell;
    for (const auto& g : s_.cells) {
      first_cell[g.name] = cell_base;
      cell_base += g.count;
    }
    for (uint32_t gi = 0; gi < s_.phones.size(); ++gi) {
      const auto& g = s_.phones[gi];
      const auto& cg = *std::find_if(s_.cells.begin(), s_.cells.end(), [&](const auto& c) { return c.name == g.cell; });
      for (uint32_t i = 0; i < g.count; ++i) {
        Phone p;
        p.index = static_cast<uint32_t>(phones_.size());
        p.name = g.count == 1 ? g.name : fmt::format("{}-{}", g.name, i);
        p.group = gi;
        p.device = g.device_id;
        p.cell = first_cell[g.cell] + (i % cg.count);
        p.store.budget_bytes = g.storage_bytes;
        for (auto m : g.model_ids)
          p.store.put(m, 1, ts_.models()[m].size_bytes, 0.0);
        p.loaded = LoadedModels(g.memory_bytes);
        const auto& dev = ts_.devices()[g.device_id];
        const auto& net = ts_.networks()[w_.cells[p.cell].network];
        p.energy = energy::PhoneEnergy({dev.idle_power_w, dev.screen_power_w, dev.image_load_power_w,
                                        dev.model_load_power_w, dev.inference_power_w},
                                       ts_.radios()[net.radio_id], g.battery_capacity_j, g.battery_fraction, g.screen_on);
        p.est_rtt_s = net.transfer_mean_s;
        phones_.push_back(std::move(p));
      }
    }
    for (const auto& g : s_.phones) {
      std::vector<uint32_t> tasks;
      for (const auto& a : g.apps)
        tasks.push_back(static_cast<uint32_t>(
            std::find(w_.task_names.begin(), w_.task_names.end(), a.task) - w_.task_names.begin()));
      app_task_.push_back(tasks);
    }
  }

  void build_server_stores() {
    server_group_.assign(w_.servers.size(), NONE);
    uint32_t base = 0;
    for (uint32_t gi = 0; gi < s_.edges.size(); ++gi) {
      const auto& g = s_.edges[gi];
      for (uint32_t i = 0; i < g.count; ++i) {
        auto& sv = w_.servers[base + i];
        server_group_[base + i] = gi;
        sv.store.budget_bytes = g.storage_bytes;
        for (auto m : g.model_ids)
          sv.store.put(m, 1, ts_.models()[m].size_bytes, 0.0);
      }
      base += g.count;
    }
    if (w_.cloud != NONE) {
      auto& c = w_.servers[w_.cloud];
      c.store.budget_bytes = 1e300;  // the master repository holds every model
      for (auto m : s_.cloud.model_ids)
        c.store.put(m, 1, ts_.models()[m].size_bytes, 0.0);
    }
    edge_buffer_.resize(w_.servers.size());
    task_requests_.assign(w_.task_names.size(), 0.0);
    task_need_.assign(w_.task_names.size(), 0.0);
    model_uses_.assign(ts_.models().size(), 0.0);
  }

  /// Mobility trace: CSV time_s,phone,cell (cell instance names), sorted by time.
  void load_mobility() {
    const auto& mob = s_.mobility;
    if (mob.kind == config::MobilityConfig::Kind::TRACE) {
      std::map<std::string, uint32_t> phone_by_name, cell_by_name;
      for (const auto& p : phones_)
        phone_by_name[p.name] = p.index;
      for (uint32_t c = 0; c < w_.cells.size(); ++c)
        cell_by_name[w_.cells[c].name] = c;
      const auto t = csv::Table::read_file(mob.trace_file);
      for (const auto& ev : parse_named_events(t, "phone", "cell")) {
        const csv::Row& row = t.rows()[ev.row];
        const double time = ev.time_s;
        const auto p = phone_by_name.find(ev.subject);
        if (p == phone_by_name.end())
          t.fail(row, "phone", fmt::format("unknown phone '{}'", ev.subject), "a phone instance name");
        const auto c = cell_by_name.find(ev.object);
        if (c == cell_by_name.end())
          t.fail(row, "cell", fmt::format("unknown cell '{}'", ev.object), "a cell instance name");
        moves_.push_back({time, p->second, c->second});
      }
    }
  }

  /// Request trace files: CSV time_s,phone,app; each row belongs to the named phone's app,
  /// which must be declared with `arrival: {kind: trace, file: <this file>}`.
  void load_request_traces() {
    trace_times_.resize(phones_.size());
    std::map<std::string, uint32_t> phone_by_name;
    for (const auto& p : phones_)
      phone_by_name[p.name] = p.index;
    std::map<std::string, bool> done;
    for (const auto& g : s_.phones)
      for (const auto& a : g.apps) {
        if (a.arrival.kind != config::ArrivalConfig::Kind::TRACE || done[a.arrival.trace_file])
          continue;
        done[a.arrival.trace_file] = true;
        const auto t = csv::Table::read_file(a.arrival.trace_file);
        for (const auto& ev : parse_named_events(t, "phone", "app")) {
          const csv::Row& row = t.rows()[ev.row];
          const double time = ev.time_s;
          const auto it = phone_by_name.find(ev.subject);
          if (it == phone_by_name.end())
            t.fail(row, "phone", fmt::format("unknown phone '{}'", ev.subject),
                   "a phone instance name such as <group> or <group>-<i>");
          const auto& group = s_.phones[phones_[it->second].group];
          const std::string& app = ev.object;
          const auto ai = std::find_if(group.apps.begin(), group.apps.end(), [&](const auto& x) { return x.name == app; });
          if (ai == group.apps.end())
            t.fail(row, "app", fmt::format("phone '{}' has no app '{}'", it->first, app), "an app of that phone's group");
          if (ai->arrival.kind != config::ArrivalConfig::Kind::TRACE || ai->arrival.trace_file != a.arrival.trace_file)
            t.fail(row, "app", fmt::format("app '{}' of phone '{}' does not take its arrivals from this file", app, it->first),
                   "arrival: {kind: trace, file: <this file>} on that app");
          auto& per_app = trace_times_[it->second];
          per_app.resize(group.apps.size());
          per_app[static_cast<size_t>(ai - group.apps.begin())].push_back(time);
        }
      }
  }

  double accuracy_of(ModelId m, uint32_t version) const {
    return versions_[m].at(std::max<uint32_t>(version, 1) - 1);
  }

  // --- randomness ---------------------------------------------------------------------
  rng::Stream stream(const Phone& p) const { return {s_.simulation.seed, p.index + 1ULL}; }

  /// Time of arrival number k of `app` on phone p, given the previous one; <0 when done.
  double arrival_time(const Phone& p, uint32_t app, uint64_t k, double prev) const {
    const auto& a = s_.phones[p.group].apps[app];
    if (a.arrival.kind == config::ArrivalConfig::Kind::TRACE) {
      if (p.index >= trace_times_.size() || app >= trace_times_[p.index].size())
        return -1;
      const auto& v = trace_times_[p.index][app];
      return k < v.size() ? v[k] : -1;
    }
    if (a.arrival.max_requests && k >= a.arrival.max_requests)
      return -1;
    if (a.arrival.kind == config::ArrivalConfig::Kind::PERIODIC) {
      const double t = a.arrival.offset_s + static_cast<double>(k) * a.arrival.interval_s;
      return t < s_.simulation.duration_s ? t : -1;
    }
    const double u = stream(p).uniform(k, Purpose::ARRIVAL, app + 1);
    const double t = prev - std::log1p(-u) / a.arrival.rate_per_s;
    return t < s_.simulation.duration_s ? t : -1;
  }

  void push(FleetEvent e) {
    e.order = order_++;
    heap_.push(e);
  }

  void schedule_arrival(const Phone& p, uint32_t app, uint64_t k, double prev) {
    const double t = arrival_time(p, app, k, prev);
    if (t >= 0)
      push({t, 0, FleetEvent::ARRIVAL, p.index, app, k, nullptr});
  }

  // --- decisions ----------------------------------------------------------------------
  struct LocalTimes {
    double image, load, inference;
  };
  LocalTimes sample_local(const Phone& p, uint64_t seq, ModelId m, bool cold) const {
    const auto& dev = ts_.devices()[p.device];
    const auto st = stream(p);
    LocalTimes t{};
    t.image = dev.image_load.sample(st.uniform(seq, Purpose::IMAGE_LOAD));
    t.load = cold ? dev.by_model[m].model_load.sample(st.uniform(seq, Purpose::MODEL_LOAD, m)) +
                        dev.decompress_s(ts_.models()[m])
                  : 0.0;
    t.inference = dev.by_model[m].inference.sample(st.uniform(seq, Purpose::INFERENCE, m));
    return t;
  }
  double server_load_s(const Server& sv, ModelId m) const {
    // Servers read the model and inflate it at the same documented rate (decompressed bytes).
    return ts_.models()[m].memory_bytes / (ts_.servers()[sv.type].model_load_bytes_per_s * sv.speed);
  }
  double server_inference_s(const Phone& p, uint64_t seq, const Server& sv, ModelId m) const {
    const auto purpose = sv.site == Site::CLOUD ? Purpose::CLOUD_INFERENCE : Purpose::EDGE_INFERENCE;
    return ts_.servers()[sv.type].inference[m]->sample(stream(p).uniform(seq, purpose, m)) / sv.speed;
  }
  double est_queue_s(const Server& sv) const {
    if (sv.busy < sv.cores)
      return 0.0;
    return (sv.waiting + 1.0) * sv.service_ewma_s / sv.cores;
  }

  void fill_remote(policy::SiteOption& o, const Phone& p, const Request& r, uint32_t server_index) {
    const auto& sv = w_.servers[server_index];
    const auto& cell = w_.cells[r.cell];
    o.site = sv.site;
    o.index = server_index;
    o.reachable = believed_reachable(r.cell, server_index, sg4::Engine::get_clock());
    o.est_queue_s = est_queue_s(sv);
    o.est_network_s = p.est_rtt_s;
    o.est_radio_energy_j = p.energy.estimate_exchange_j(sg4::Engine::get_clock(), r.input_bytes, p.est_rtt_s / 2,
                                                        r.output_bytes, p.est_rtt_s / 2);
    if (sv.site == Site::CLOUD)
      o.est_network_s += 2.0 * s_.cloud.wan_latency_s;
    if (hindsight_) {
      const auto st = stream(p);
      o.hindsight_network_s = cell.extra_up.sample(st.uniform(r.seq, Purpose::NET_UP)) +
                              cell.extra_down.sample(st.uniform(r.seq, Purpose::NET_DOWN)) +
                              route_time_s(s_, w_, r.cell, server_index, r.input_bytes, true) +
                              route_time_s(s_, w_, r.cell, server_index, r.output_bytes, false);
    }
    // Static estimates come from a per-server template (warm and cold); only the loaded state
    // and the hindsight draws change per request.
    const auto& templates = option_templates(server_index, r.task);
    o.models.resize(templates.size());
    for (size_t i = 0; i < templates.size(); ++i) {
      const bool loaded = sv.loaded.contains(templates[i].warm.model);
      auto& mo = o.models[i];
      mo = loaded ? templates[i].warm : templates[i].cold;
      if (hindsight_)
        mo.hindsight_s =
            server_inference_s(p, r.seq, sv, mo.model) + (loaded ? 0.0 : server_load_s(sv, mo.model));
    }
  }

  struct OptionTemplate {
    policy::ModelOption warm, cold;
  };
  const std::vector<OptionTemplate>& option_templates(uint32_t server_index, uint32_t task) {
    if (templates_.empty())
      templates_.resize(w_.servers.size());
    auto& per_task = templates_[server_index];
    if (per_task.empty()) {
      const auto& sv = w_.servers[server_index];
      per_task.resize(sv.models_by_task.size());
      for (size_t t = 0; t < sv.models_by_task.size(); ++t)
        for (auto m : sv.models_by_task[t]) {
          const auto& inf = *ts_.servers()[sv.type].inference[m];
          OptionTemplate ot;
          ot.warm.model = m;
          ot.warm.accuracy = accuracy_of(m, sv.store.version(m));
          ot.warm.loaded = true;
          ot.warm.est_mean_s = inf.mean_s() / sv.speed;
          ot.warm.est_sd_s = inf.sd_s() / sv.speed;
          ot.cold = ot.warm;
          ot.cold.loaded = false;
          ot.cold.est_mean_s += server_load_s(sv, m);
          per_task[t].push_back(ot);
        }
    }
    return per_task[task];
  }

  void build_context(const Phone& p, const Request& r, double now) {
    auto& c = ctx_;
    const auto& group = s_.phones[p.group];
    const auto& app = group.apps[r.app];
    c.request = {r.id, r.app, app.accuracy_need, r.deadline_s, r.input_bytes, r.output_bytes};
    c.phone = {p.device, r.network, p.energy.state_of_charge(now), true, p.est_rtt_s};
    c.u = stream(p).uniform(r.seq, Purpose::POLICY);
    auto& d = c.device;
    d.site = Site::DEVICE;
    d.index = 0;
    d.reachable = true;
    d.est_network_s = 0;
    d.est_queue_s = std::max(0.0, p.cpu_free_at_s - now);
    d.hindsight_network_s = 0;
    d.models.clear();
    const auto& dev = ts_.devices()[p.device];
    for (size_t i = 0; i < p.store.models.size(); ++i) {
      const ModelId m = p.store.models[i];
      if (model_task_[m] != r.task)
        continue;
      const auto& pt = dev.by_model[m];
      policy::ModelOption mo;
      mo.model = m;
      mo.accuracy = accuracy_of(m, p.store.versions[i]);
      mo.loaded = p.loaded.contains(m);
      mo.est_mean_s = dev.image_load.mean_s() + pt.inference.mean_s() +
                      (mo.loaded ? 0.0 : pt.model_load.mean_s() + dev.decompress_s(ts_.models()[m]));
      const double var = dev.image_load.sd_s() * dev.image_load.sd_s() + pt.inference.sd_s() * pt.inference.sd_s() +
                         (mo.loaded ? 0.0 : pt.model_load.sd_s() * pt.model_load.sd_s());
      mo.est_sd_s = std::sqrt(var);
      mo.est_energy_j = dev.image_load_power_w * dev.image_load.mean_s() + dev.inference_power_w * pt.inference.mean_s() +
                        (mo.loaded ? 0.0
                                   : dev.model_load_power_w * (pt.model_load.mean_s() + dev.decompress_s(ts_.models()[m])));
      if (hindsight_) {
        const auto t = sample_local(p, r.seq, m, !mo.loaded);
        mo.hindsight_s = t.image + t.load + t.inference;
      }
      d.models.push_back(mo);
    }
    const uint32_t n_remote = 1 + (w_.cloud != NONE ? 1 : 0);
    c.remote.resize(n_remote);
    fill_remote(c.remote[0], p, r, r.edge);
    if (w_.cloud != NONE)
      fill_remote(c.remote[1], p, r, w_.cloud);
  }

  /// Checks a decision against the context: the model must be offered at that site.
  std::string_view validate(const policy::SelectionDecision& d) const {
    if (d.model == NONE)
      return d.failure.empty() ? std::string_view("no_model") : d.failure;
    auto offered = [&](const policy::SiteOption& o, ModelId m) {
      return std::any_of(o.models.begin(), o.models.end(), [&](const auto& x) { return x.model == m; });
    };
    if (d.site == Site::DEVICE)
      return offered(ctx_.device, d.model) ? std::string_view() : std::string_view("invalid_decision");
    for (const auto& r : ctx_.remote)
      if (r.site == d.site && r.index == d.site_index)
        if (r.reachable && offered(r, d.model) &&
            (d.duplicate_model == NONE || offered(ctx_.device, d.duplicate_model)))
          return {};
    return "invalid_decision";
  }

  // --- local inference engine (closed form, FIFO per phone) ---------------------------
  /// Reserves the phone's CPU for one local inference; returns its finish time.
  double run_local(Phone& p, const Request& r, ModelId m, double now, double& image, double& load, double& queue,
                   double& inference, double& cpu_energy) {
    const double start = std::max(now, p.cpu_free_at_s);
    const bool cold = !p.loaded.touch(m);
    const auto t = sample_local(p, r.seq, m, cold);
    if (cold)
      p.loaded.insert(m, ts_.models()[m].memory_bytes);
    image = t.image;
    load = t.load;
    inference = t.inference;
    queue = start - now;
    p.cpu_free_at_s = start + t.image + t.load + t.inference;
    const auto& dev = ts_.devices()[p.device];
    cpu_energy = p.energy.compute(t.image, dev.image_load_power_w) + p.energy.compute(t.load, dev.model_load_power_w) +
                 p.energy.compute(t.inference, dev.inference_power_w);
    return p.cpu_free_at_s;
  }

  void issue(Phone& p, uint32_t app, double now) {
    const auto& a = s_.phones[p.group].apps[app];
    auto* r = new Request;
    r->id = next_id_++;
    r->phone = p.index;
    r->app = app;
    r->task = app_task_[p.group][app];
    r->seq = p.seq++;
    r->network = w_.cells[p.cell].network;
    r->cell = p.cell;
    r->edge = w_.cells[p.cell].edge;
    r->issued_at_s = now;
    r->deadline_s = a.deadline_s;
    r->input_bytes = a.input_bytes;
    r->output_bytes = a.output_bytes;
    ++issued_;

    if (p.energy.check_dead(now)) {  // an empty phone serves nothing; the request is still counted
      r->failed = true;
      r->failure = "battery";
      r->finished_at_s = now;
      finish(r);
      return;
    }
    build_context(p, *r, now);
    const double need = a.accuracy_need;
    for (const auto& m : ctx_.device.models)
      r->local_hit = r->local_hit || m.accuracy >= need;
    for (const auto& m : ctx_.remote[0].models)
      r->edge_hit = r->edge_hit || m.accuracy >= need;
    auto& st = edge_buffer_[r->edge][{p.group, app}];
    st.requests += 1;
    st.local_hits += r->local_hit;
    st.edge_hits += r->edge_hit;
    st.accuracy_need_sum += need;
    if (s_.management.on_demand && !r->local_hit && fetch_on_demand(p, *r, now) && s_.management.wait_for_download)
      return;  // waits for the download, then runs locally (push actor)
    const auto d = policy_->select(ctx_);
    const auto problem = validate(d);
    if (!problem.empty()) {
      r->failed = true;
      r->failure = problem;
      r->finished_at_s = now;
      finish(r);
      return;
    }
    r->site = d.site;
    r->model = d.model;
    r->fallback_local = d.fallback_local;
    r->version = d.site == Site::DEVICE ? p.store.version(d.model) : w_.servers[d.site_index].store.version(d.model);
    r->accuracy = accuracy_of(d.model, r->version);
    st.accuracy_delivered_sum += r->accuracy;
    st.offloaded += d.site != Site::DEVICE;
    model_uses_buffer_[r->edge][d.model] += 1;
    if (d.site == Site::DEVICE) {
      r->finished_at_s =
          run_local(p, *r, d.model, now, r->image_load_s, r->model_load_s, r->queue_s, r->inference_s, r->cpu_energy_j);
      push({r->finished_at_s, 0, FleetEvent::LOCAL_DONE, p.index, app, 0, r});
      return;
    }
    r->server = d.site_index;
    if (d.duplicate_model != NONE) {
      r->duplicate_model = d.duplicate_model;
      r->dup_done_at_s = run_local(p, *r, d.duplicate_model, now, r->dup_image_load_s, r->dup_model_load_s,
                                   r->dup_queue_s, r->dup_inference_s, r->dup_cpu_energy_j);
    }
    in_flight_[r->id] = r;
    // With server failures configured, on the cell's host, which never fails (a failing server
    // then fails the activities, not the actor); otherwise on the server (faster executions).
    sg4::Host* where = server_faults_ ? w_.cells[r->cell].host : w_.servers[r->server].host;
    sg4::Actor::create("r", where, [this, r] { remote(r); });
  }

  // --- offload path -------------------------------------------------------------------
  /// Why an offload path broke.
  struct PathFailure {
    std::string_view reason;  ///< network | edge_down | timeout
  };

  /// Steps of the offload path that honour the request timeout (deadline_at < 0: none) and
  /// turn SimGrid's failures into PathFailure. Transfers are host to host through the cell's
  /// route; the phone radio's rate cap is a FATPIPE link in that route (Comm::set_rate is
  /// ignored by host-to-host comms in 3.32).
  static void step_wait(double d, double deadline_at) {
    if (deadline_at >= 0 && sg4::Engine::get_clock() + d > deadline_at) {
      wait_for(deadline_at - sg4::Engine::get_clock());
      throw PathFailure{"timeout"};
    }
    wait_for(d);
  }
  static void step_transfer(sg4::Host* from, sg4::Host* to, double bytes, double deadline_at) {
    if (!from->is_on() || !to->is_on())  // SimGrid refuses (aborts) transfers from or to a host that is off
      throw PathFailure{"edge_down"};
    try {
      const auto size = static_cast<uint64_t>(std::llround(bytes));
      if (deadline_at < 0) {
        sg4::Comm::sendto(from, to, size);
        return;
      }
      auto c = sg4::Comm::sendto_async(from, to, size);
      try {
        c->wait_for(std::max(0.0, deadline_at - sg4::Engine::get_clock()));
      } catch (const simgrid::TimeoutException&) {
        c->cancel();  // a late reply is dropped, never matched to another request
        throw PathFailure{"timeout"};
      }
    } catch (const simgrid::NetworkFailureException&) {
      throw PathFailure{"network"};
    } catch (const simgrid::HostFailureException&) {
      throw PathFailure{"edge_down"};
    }
  }
  static void step_exec(sg4::Host* host, double seconds, double deadline_at) {
    if (!host->is_on())
      throw PathFailure{"edge_down"};
    if (deadline_at < 0 && sg4::this_actor::get_host() == host) {  // the common case, cheapest
      sg4::this_actor::execute(seconds * host->get_speed());
      return;
    }
    try {
      auto e = sg4::this_actor::exec_init(seconds * host->get_speed())->set_host(host);
      e->start();
      if (deadline_at < 0) {
        e->wait();
        return;
      }
      try {
        e->wait_for(std::max(0.0, deadline_at - sg4::Engine::get_clock()));
      } catch (const simgrid::TimeoutException&) {
        e->cancel();
        throw PathFailure{"timeout"};
      }
    } catch (const simgrid::HostFailureException&) {
      throw PathFailure{"edge_down"};
    }
  }

  void remote(Request* r) {
    Phone& p = phones_[r->phone];
    const auto& cell = w_.cells[r->cell];
    Server& sv = w_.servers[r->server];
    const auto st = stream(p);
    const double t0 = sg4::Engine::get_clock();
    const double deadline_at = s_.faults.request_timeout_s > 0 ? t0 + s_.faults.request_timeout_s : -1.0;
    const uint64_t epoch = sv.epoch;
    bool holding = false;
    double step_start = t0;
    int radio_dir = 0;  // 1: uploading, -1: downloading, 0: radio not in use
    // One direction of the exchange: calibrated extra delay, then the transfer; the radio is
    // charged for the whole leg. Returns its duration.
    auto leg = [&](const Distribution& extra, Purpose purpose, sg4::Host* from, sg4::Host* to, double bytes, bool up) {
      step_start = sg4::Engine::get_clock();
      radio_dir = up ? 1 : -1;
      step_wait(extra.sample(st.uniform(r->seq, purpose)), deadline_at);
      step_transfer(from, to, bytes, deadline_at);
      const double end = sg4::Engine::get_clock();
      charge_radio(p, *r, step_start, end, bytes, up);
      radio_dir = 0;
      return end - step_start;
    };
    try {
      r->upload_s = leg(cell.extra_up, Purpose::NET_UP, cell.host, sv.host, r->input_bytes, true);
      const double t1 = sg4::Engine::get_clock();

      ++sv.requests_seen;
      if (!sv.up)
        throw PathFailure{"edge_down"};
      ++sv.waiting;
      const bool timed_out = deadline_at >= 0 ? sv.slots->acquire_timeout(std::max(0.0, deadline_at - t1))
                                              : (sv.slots->acquire(), false);
      --sv.waiting;
      if (timed_out)
        throw PathFailure{"timeout"};
      holding = true;
      ++sv.busy;
      if (!sv.up || sv.epoch != epoch)  // the server failed while this waited: its queue is lost
        throw PathFailure{"edge_down"};
      const double t2 = sg4::Engine::get_clock();
      r->queue_s = t2 - t1;
      sv.queue_sum_s += r->queue_s;
      if (!sv.loaded.touch(r->model)) {
        r->model_load_s = server_load_s(sv, r->model);
        step_exec(sv.host, r->model_load_s, deadline_at);
        sv.loaded.insert(r->model, ts_.models()[r->model].memory_bytes);
      }
      r->inference_s = server_inference_s(p, r->seq, sv, r->model);
      step_exec(sv.host, r->inference_s, deadline_at);
      --sv.busy;
      sv.slots->release();
      holding = false;
      const double t3 = sg4::Engine::get_clock();
      sv.busy_time_s += t3 - t2;
      sv.service_ewma_s = 0.8 * sv.service_ewma_s + 0.2 * (r->model_load_s + r->inference_s);

      r->download_s = leg(cell.extra_down, Purpose::NET_DOWN, sv.host, cell.host, r->output_bytes, false);
      const double t4 = sg4::Engine::get_clock();
      const double alpha = s_.simulation.network_ewma_alpha;
      p.est_rtt_s = alpha * (r->upload_s + r->download_s) + (1 - alpha) * p.est_rtt_s;
      r->finished_at_s = t4;
    } catch (const PathFailure& f) {
      if (holding) {
        --sv.busy;
        sv.slots->release();
      }
      const double now = sg4::Engine::get_clock();
      if (radio_dir != 0 && now > step_start)  // the radio was busy until the failure
        charge_radio(p, *r, step_start, now, 0.0, radio_dir > 0);
      in_flight_.erase(r->id);
      fall_back(p, r, (!sv.up || sv.epoch != epoch) ? std::string_view("edge_down") : f.reason);
      return;
    }

    if (r->dup_done_at_s >= 0) {
      // MDInference: the remote answer counts if it arrives by the deadline; otherwise the local
      // duplicate answers as soon as it is done (but not before the deadline).
      r->cpu_energy_j += r->dup_cpu_energy_j;
      const double deadline = r->issued_at_s + r->deadline_s;
      const double local_answer = std::max(r->dup_done_at_s, deadline);
      if (r->finished_at_s > deadline && local_answer < r->finished_at_s)
        answer_with_duplicate(p, *r, local_answer);
    }
    in_flight_.erase(r->id);
    finish(r);
  }

  void answer_with_duplicate(Phone& p, Request& r, double at) {
    r.site = Site::DEVICE;
    r.model = r.duplicate_model;
    r.version = p.store.version(r.model);
    r.accuracy = accuracy_of(r.model, r.version);
    r.finished_at_s = at;
    r.image_load_s = r.dup_image_load_s;
    r.model_load_s = r.dup_model_load_s;
    r.queue_s = r.dup_queue_s;
    r.inference_s = r.dup_inference_s;
  }

  /// The offload path failed. MODI's rule (policies that set fallback_local): answer with the
  /// best resident model; the request records why. Otherwise the request fails with the reason.
  void fall_back(Phone& p, Request* r, std::string_view reason) {
    const double now = sg4::Engine::get_clock();
    if (r->dup_done_at_s >= 0) {  // MDInference's duplicate is already running locally
      r->cpu_energy_j += r->dup_cpu_energy_j;
      answer_with_duplicate(p, *r, std::max(r->dup_done_at_s, now));
      r->fallback = reason;
      wait_for(r->finished_at_s - now);
      finish(r);
      return;
    }
    const ModelId m = r->fallback_local ? best_local_model(p, *r, now) : NONE;
    if (m == NONE) {
      r->failed = true;
      r->failure = reason;
      r->finished_at_s = now;
      finish(r);
      return;
    }
    r->fallback = reason;
    r->site = Site::DEVICE;
    r->model = m;
    r->version = p.store.version(m);
    r->accuracy = accuracy_of(m, r->version);
    r->queue_s = 0;
    r->finished_at_s =
        run_local(p, *r, m, now, r->image_load_s, r->model_load_s, r->queue_s, r->inference_s, r->cpu_energy_j);
    in_flight_[r->id] = r;
    wait_for(r->finished_at_s - now);
    in_flight_.erase(r->id);
    finish(r);
  }

  /// The resident model MODI falls back to: the most accurate adequate one predicted within the
  /// time left, else the most accurate in time, else the fastest.
  ModelId best_local_model(const Phone& p, const Request& r, double now) const {
    const auto& dev = ts_.devices()[p.device];
    const double need = s_.phones[p.group].apps[r.app].accuracy_need;
    const double left = r.issued_at_s + r.deadline_s - now;
    const double wait = std::max(0.0, p.cpu_free_at_s - now);
    ModelId adequate = NONE, in_time = NONE, fast = NONE;
    double fast_s = 0;
    for (size_t i = 0; i < p.store.models.size(); ++i) {
      const ModelId m = p.store.models[i];
      if (model_task_[m] != r.task)
        continue;
      const auto& pt = dev.by_model[m];
      const double est = wait + dev.image_load.mean_s() + pt.inference.mean_s() +
                         (p.loaded.contains(m) ? 0.0 : pt.model_load.mean_s() + dev.decompress_s(ts_.models()[m]));
      const double acc = accuracy_of(m, p.store.versions[i]);
      auto better = [&](ModelId cur) { return cur == NONE || acc > accuracy_of(cur, p.store.version(cur)); };
      if (est <= left && acc >= need && better(adequate))
        adequate = m;
      if (est <= left && better(in_time))
        in_time = m;
      if (fast == NONE || est < fast_s) {
        fast = m;
        fast_s = est;
      }
    }
    return adequate != NONE ? adequate : (in_time != NONE ? in_time : fast);
  }

  /// Radio energy of a finished transfer: its own part to `r`, and the tail it ended to the
  /// request whose transfer started that tail (in flight, or ended and waiting for it).
  void charge_radio(Phone& p, Request& r, double start, double end, double bytes, bool up) {
    const auto c = p.energy.transfer(start, end, bytes, up, r.id);
    r.radio_energy_j += c.own_j;
    if (c.tail_owner)
      give_tail(p, *c.tail_owner, c.tail_j, &r);
    // A waiting request whose tail was overlapped by this transfer gets no more energy.
    if (p.tail_pending && p.energy.tail_owner() != p.tail_pending->id) {
      Request* done = p.tail_pending;
      p.tail_pending = nullptr;
      record(done);
    }
  }

  void give_tail(Phone& p, uint64_t owner, double tail_j, Request* current) {
    if (current && current->id == owner) {
      current->radio_energy_j += tail_j;
    } else if (p.tail_pending && p.tail_pending->id == owner) {
      Request* done = p.tail_pending;
      p.tail_pending = nullptr;
      done->radio_energy_j += tail_j;
      record(done);
    } else if (auto it = in_flight_.find(owner); it != in_flight_.end()) {
      it->second->radio_energy_j += tail_j;
    } else {
      unattributed_j_[p.index] += tail_j;  // its request already ended (hard stop)
    }
  }

  /// A request has ended: battery check, then recorded now, or once its radio tail is known.
  void finish(Request* r) {
    Phone& p = phones_[r->phone];
    if (!r->failed && r->handover_at_s >= 0) {  // the reply could not reach the phone's new cell
      r->failed = true;
      r->failure = "handover";
      r->finished_at_s = r->handover_at_s;
    }
    if (!r->failed && p.energy.check_dead(r->finished_at_s) && p.energy.died_at_s() < r->finished_at_s) {
      r->failed = true;
      r->failure = "battery";
    }
    if (r->site != Site::DEVICE && !r->failed && r->radio_energy_j > 0 && p.energy.tail_owner() == r->id) {
      if (p.tail_pending)
        record(std::exchange(p.tail_pending, nullptr));
      p.tail_pending = r;
      return;
    }
    record(r);
  }

  void record(Request* r) {
    const auto& p = phones_[r->phone];
    auto& st = edge_buffer_[r->edge][{p.group, r->app}];
    if (!r->failed) {
      st.completed += 1;
      st.latency_sum_s += r->finished_at_s - r->issued_at_s;
    }
    rec_->record(*r, stream(p).uniform(r->seq, Purpose::CORRECT));
    delete r;
  }

public:
  /// Ends every phone's energy accounting (last tails, idle energy) and records the requests
  /// still waiting for their tail, in phone order.
  std::vector<PhoneReport> close_energy(double sim_end_s) {
    std::vector<PhoneReport> out;
    for (auto& p : phones_) {
      const double horizon = p.energy.dead() ? std::min(sim_end_s, p.energy.died_at_s()) : sim_end_s;
      const auto c = p.energy.close(horizon);
      if (c.tail_owner)
        give_tail(p, *c.tail_owner, c.tail_j, nullptr);
      if (p.tail_pending) {  // its tail was already charged to it
        record(p.tail_pending);
        p.tail_pending = nullptr;
      }
      PhoneReport rep;
      rep.name = p.name;
      rep.device = ts_.devices()[p.device].name;
      rep.network = ts_.networks()[w_.cells[p.cell].network].name;
      rep.cpu_j = p.energy.cpu_j();
      rep.radio_j = p.energy.radio_j();
      rep.idle_j = p.energy.idle_j();
      rep.unattributed_j = unattributed_j_.count(p.index) ? unattributed_j_[p.index] : 0.0;
      rep.total_j = p.energy.total_j();
      rep.battery_start_j = p.energy.start_j();
      rep.battery_end_j = std::max(0.0, p.energy.start_j() - p.energy.total_j());
      rep.died_at_s = p.energy.died_at_s();
      rep.horizon_s = p.energy.horizon_s();
      out.push_back(rep);
    }
    return out;
  }

private:

  // --- faults ---------------------------------------------------------------------------
  /// Down intervals per target, for the profiler's (delayed) view.
  std::vector<std::pair<double, double>>& down_list(config::FaultPeriod::Target t, uint32_t i) {
    auto& v = down_by_target_[static_cast<size_t>(t)];
    if (v.size() <= i)
      v.resize(i + 1);
    return v[i];
  }
  bool believed_down(config::FaultPeriod::Target t, uint32_t i, double now) const {
    const auto& v = down_by_target_[static_cast<size_t>(t)];
    if (i >= v.size())
      return false;
    const double d = s_.faults.detection_delay_s;
    for (const auto& [a, b] : v[i])
      if (a + d <= now && now < b + d)
        return true;
    return false;
  }
  /// What the phone's profiler believes: a path is down from detection_delay after it fails
  /// until detection_delay after it recovers.
  bool believed_reachable(uint32_t cell, uint32_t server, double now) const {
    using T = config::FaultPeriod::Target;
    if (fault_targets_ == 0)
      return true;
    const uint32_t edge = w_.cells[cell].edge;
    if (believed_down(T::CELL, cell, now) || believed_down(T::BACKHAUL, edge, now))
      return false;
    if (server == w_.cloud)
      return !believed_down(T::WAN, edge, now);
    return !believed_down(T::EDGE, server, now);
  }

public:
  bool has_faults() const { return !s_.faults.periods.empty(); }
  void prepare_faults() {
    for (const auto& p : s_.faults.periods)
      server_faults_ = server_faults_ || p.target == config::FaultPeriod::Target::EDGE;
    for (const auto& p : s_.faults.periods)
      if (p.bandwidth_factor == 0) {
        auto& v = down_list(p.target, p.index);
        v.insert(v.end(), p.intervals.begin(), p.intervals.end());
        ++fault_targets_;
      }
  }
  /// Applies every fault transition at its time: links off/on or degraded, servers off/on (a
  /// failed server loses its queue and its loaded models).
  void faults() {
    struct Change {
      double t;
      size_t period;
      int delta;  // +1 starts, -1 ends
    };
    std::vector<Change> changes;
    for (size_t i = 0; i < s_.faults.periods.size(); ++i)
      for (const auto& [a, b] : s_.faults.periods[i].intervals) {
        changes.push_back({a, i, +1});
        changes.push_back({b, i, -1});
      }
    std::stable_sort(changes.begin(), changes.end(),
                     [](const Change& x, const Change& y) { return x.t < y.t || (x.t == y.t && x.delta < y.delta); });
    std::map<std::tuple<int, uint32_t, bool>, int> depth;  // (target kind, index, degraded) -> active periods
    std::map<sg4::Link*, double> nominal;
    for (const auto& c : changes) {
      wait_for(c.t - sg4::Engine::get_clock());
      const auto& p = s_.faults.periods[c.period];
      const bool degraded = p.bandwidth_factor > 0;
      int& d = depth[{static_cast<int>(p.target), p.index, degraded}];
      const bool start = c.delta > 0 && d++ == 0;
      const bool stop = c.delta < 0 && --d == 0;
      if (!start && !stop)
        continue;
      std::vector<sg4::Link*> links;
      using T = config::FaultPeriod::Target;
      switch (p.target) {
        case T::CELL:
          links = {w_.cell_links[p.index].up, w_.cell_links[p.index].down};
          break;
        case T::BACKHAUL:
          links = {w_.backhaul_links[p.index].up, w_.backhaul_links[p.index].down};
          break;
        case T::WAN:
          links = {w_.wan_links[p.index].up, w_.wan_links[p.index].down};
          break;
        case T::EDGE: {
          auto& sv = w_.servers[p.index];
          if (start) {
            sv.up = false;
            ++sv.epoch;
            sv.loaded = LoadedModels(sv.loaded.budget_bytes());
            sv.host->turn_off();
          } else {
            sv.host->turn_on();
            sv.up = true;
          }
          continue;
        }
      }
      for (auto* l : links) {
        if (degraded) {
          if (!nominal.count(l))
            nominal[l] = l->get_bandwidth();
          l->set_bandwidth(start ? nominal[l] * p.bandwidth_factor : nominal[l]);
        } else if (start) {
          l->turn_off();
        } else {
          l->turn_on();
        }
      }
    }
  }

private:
  // --- mobility -------------------------------------------------------------------------
  struct Move {
    double time_s;
    uint32_t phone, cell;
  };

  void schedule_random_move(Phone& p, double now) {
    if (w_.cells.size() < 2)
      return;
    const auto st = stream(p);
    const uint64_t k = p.mobility_moves++;
    const double t = now - s_.mobility.dwell_mean_s * std::log1p(-st.uniform(k, Purpose::MOBILITY));
    if (t >= s_.simulation.duration_s)
      return;
    auto target = static_cast<uint32_t>(st.uniform(k, Purpose::MOBILITY, 1) * static_cast<double>(w_.cells.size() - 1));
    target = std::min<uint32_t>(target, static_cast<uint32_t>(w_.cells.size() - 2));
    if (target >= p.cell)
      ++target;  // any cell but the current one
    push({t, 0, FleetEvent::MOVE, p.index, 0, target, nullptr});
  }

  /// The phone enters another cell (and possibly another edge, and another radio).
  void handover(Phone& p, uint32_t cell, double now) {
    if (cell == p.cell)
      return;
    ++handovers_;
    const auto& net = ts_.networks()[w_.cells[cell].network];
    const auto c = p.energy.switch_radio(ts_.radios()[net.radio_id], now);
    if (c.tail_owner)
      give_tail(p, *c.tail_owner, c.tail_j, nullptr);
    p.cell = cell;
    p.est_rtt_s = net.transfer_mean_s;
    if (s_.mobility.fail_in_flight)
      for (auto& [id, r] : in_flight_)
        if (r->phone == p.index && r->site != Site::DEVICE && r->handover_at_s < 0)
          r->handover_at_s = now;
  }

  // --- model management: statistics up, plans and models down ---------------------------
public:
  /// The central manager (on the cloud): every stats_period the edges' decision engines send
  /// their statistics over the WAN; every placement_period the placement policies plan what each
  /// edge and phone holds; model updates publish new versions.
  void manager() {
    const auto& mm = s_.management;
    const double inf = std::numeric_limits<double>::infinity();
    double next_stats = mm.stats_period_s > 0 ? mm.stats_period_s : inf;
    double next_place = mm.placement_period_s > 0 ? mm.placement_period_s : inf;
    size_t upd = 0;
    while (true) {
      const double next_upd = upd < s_.updates.size() ? s_.updates[upd].at_s : inf;
      const double t = std::min({next_stats, next_place, next_upd});
      if (t == inf)
        return;
      wait_for(t - sg4::Engine::get_clock());
      const double now = sg4::Engine::get_clock();
      while (upd < s_.updates.size() && s_.updates[upd].at_s <= t) {
        const auto& u = s_.updates[upd++];
        versions_[u.model_id].push_back(u.top1);
        current_version_[u.model_id] = static_cast<uint32_t>(versions_[u.model_id].size());
        // The master repository holds the new version at once.
        if (w_.cloud != NONE) {
          w_.servers[w_.cloud].store.put(u.model_id, current_version_[u.model_id], ts_.models()[u.model_id].size_bytes, now);
          invalidate(w_.cloud);
        }
      }
      if (next_stats <= t) {
        send_stats(next_stats - mm.stats_period_s, next_stats);
        next_stats += mm.stats_period_s;
      }
      if (next_place <= t) {
        place(now);
        next_place += mm.placement_period_s;
      }
    }
  }

private:
  struct AppStats {
    double requests = 0, offloaded = 0, local_hits = 0, edge_hits = 0, accuracy_need_sum = 0,
           accuracy_delivered_sum = 0, completed = 0, latency_sum_s = 0;
  };

  void send_stats(double start, double end) {
    for (uint32_t e = 0; e < w_.servers.size(); ++e) {
      if (e == w_.cloud)
        continue;
      auto buffer = std::make_shared<std::map<std::pair<uint32_t, uint32_t>, AppStats>>(std::move(edge_buffer_[e]));
      auto uses = std::make_shared<std::map<ModelId, double>>(std::move(model_uses_buffer_[e]));
      edge_buffer_[e].clear();
      model_uses_buffer_[e].clear();
      sg4::Actor::create("stats", w_.control, [this, e, buffer, uses, start, end] {
        try {
          step_transfer(w_.servers[e].host, w_.servers[w_.cloud].host, s_.management.stats_bytes, -1.0);
        } catch (const PathFailure&) {
          return;  // a failed edge or WAN loses this period's report
        }
        const double received = sg4::Engine::get_clock();
        for (const auto& [key, a] : *buffer) {
          const auto& group = s_.phones[key.first];
          StatsRow row;
          row.period_start_s = start;
          row.period_end_s = end;
          row.received_at_s = received;
          row.edge = w_.servers[e].name;
          row.app = group.name + "/" + group.apps[key.second].name;
          row.task = group.apps[key.second].task;
          row.requests = a.requests;
          row.offloaded = a.offloaded;
          row.local_hits = a.local_hits;
          row.edge_hits = a.edge_hits;
          row.accuracy_need_sum = a.accuracy_need_sum;
          row.accuracy_delivered_sum = a.accuracy_delivered_sum;
          row.completed = a.completed;
          row.latency_sum_s = a.latency_sum_s;
          rec_->stats.push_back(row);
          const auto task = app_task_[key.first][key.second];
          task_requests_[task] += a.requests;
          task_need_[task] += a.accuracy_need_sum;
        }
        for (const auto& [m, n] : *uses)
          model_uses_[m] += n;
      })->daemonize();
    }
  }

  policy::PlacementContext placement_context(policy::PlacementContext::Target target, double budget,
                                             const std::function<bool(ModelId)>& runnable,
                                             const std::function<double(ModelId)>& decompress_s) const {
    policy::PlacementContext ctx;
    ctx.target = target;
    ctx.storage_bytes = budget;
    for (size_t t = 0; t < w_.task_names.size(); ++t)
      ctx.tasks.push_back({w_.task_names[t], task_requests_[t], task_requests_[t] > 0 ? task_need_[t] / task_requests_[t] : 0.0});
    for (ModelId m = 0; m < ts_.models().size(); ++m) {
      if (!runnable(m))
        continue;
      policy::PlacementCandidate c;
      c.model = m;
      c.task = model_task_[m];
      c.size_bytes = ts_.models()[m].size_bytes;
      c.accuracy = accuracy_of(m, current_version_[m]);
      c.gzip = ts_.models()[m].gzip;
      c.decompress_s = decompress_s(m);
      c.uses = model_uses_[m];
      ctx.candidates.push_back(c);
    }
    return ctx;
  }

  void place(double now) {
    const auto* edge_info = policy::find_placement_policy(s_.management.edges.policy);
    const auto* phone_info = policy::find_placement_policy(s_.management.phones.policy);
    const auto edge_policy = edge_info->make(s_.management.edges.params);
    const auto phone_policy = phone_info->make(s_.management.phones.params);
    for (uint32_t e = 0; e < w_.servers.size(); ++e) {
      if (e == w_.cloud)
        continue;
      auto& sv = w_.servers[e];
      const auto& server = ts_.servers()[sv.type];
      auto ctx = placement_context(policy::PlacementContext::Target::EDGE, sv.store.budget_bytes,
                                   [&](ModelId m) { return server.inference[m].has_value(); },
                                   [](ModelId) { return 0.0; });
      ctx.current = sv.store.models;
      ctx.configured = s_.edges[server_group_[e]].model_ids;
      apply_plan(sv.store, edge_policy->plan(ctx).keep, edge_info->name, sv.name, now, NONE, e);
    }
    std::map<uint32_t, std::vector<ModelId>> plans;  // one plan per phone group (same context)
    for (auto& p : phones_) {
      if (p.energy.dead())
        continue;
      auto it = plans.find(p.group);
      if (it == plans.end()) {
        const auto& dev = ts_.devices()[p.device];
        auto ctx = placement_context(policy::PlacementContext::Target::PHONE, p.store.budget_bytes,
                                     [&](ModelId m) { return dev.by_model[m].present; },
                                     [&](ModelId m) { return dev.decompress_s(ts_.models()[m]); });
        ctx.current = p.store.models;
        ctx.configured = s_.phones[p.group].model_ids;
        it = plans.emplace(p.group, phone_policy->plan(ctx).keep).first;
      }
      apply_plan(p.store, it->second, phone_info->name, p.name, now, p.index, NONE);
    }
    // The next plan learns from the statistics of the next window.
    std::fill(task_requests_.begin(), task_requests_.end(), 0.0);
    std::fill(task_need_.begin(), task_need_.end(), 0.0);
    std::fill(model_uses_.begin(), model_uses_.end(), 0.0);
  }

  /// Carries out a plan: evictions now, pushes of missing or outdated models as transfers.
  void apply_plan(ModelStore& store, const std::vector<ModelId>& keep, const std::string& policy_name,
                  const std::string& target, double now, uint32_t phone, uint32_t server) {
    double planned = 0;
    for (auto m : keep)
      planned += ts_.models()[m].size_bytes;
    if (planned > store.budget_bytes * (1 + 1e-12))
      throw SimulationError(fmt::format("placement policy '{}' planned {:.6g} bytes for {} whose budget is {:.6g}",
                                        policy_name, planned, target, store.budget_bytes));
    const std::vector<ModelId> current = store.models;
    for (auto m : current)
      if (!std::binary_search(keep.begin(), keep.end(), m)) {
        store.remove(m, ts_.models()[m].size_bytes, now);
        if (server != NONE)
          invalidate(server);
        if (phone != NONE)
          phones_[phone].loaded.erase(m);
        rec_->pushes.push_back({now, now, "", target, ts_.models()[m].name, 0, ts_.models()[m].size_bytes, "evicted", 0});
      }
    for (auto m : keep) {
      const double size = ts_.models()[m].size_bytes;
      const bool outdated = store.holds(m) && store.version(m) < current_version_[m];
      if (store.holds(m) && !outdated)
        continue;
      if (phone != NONE && std::find(phones_[phone].downloading.begin(), phones_[phone].downloading.end(), m) !=
                               phones_[phone].downloading.end())
        continue;
      if (store.used_bytes + store.reserved_bytes + size > store.budget_bytes * (1 + 1e-12)) {
        if (!outdated)
          continue;  // the evictions above free room unless other pushes are still in flight
        store.remove(m, size, now);  // room for the new version only: drop the old one first
        if (server != NONE)
          invalidate(server);
      }
      start_push(m, phone, server, now);
    }
  }

  void invalidate(uint32_t server) {
    auto& sv = w_.servers[server];
    for (auto& v : sv.models_by_task)
      v.clear();
    for (auto m : sv.store.models)
      sv.models_by_task[model_task_[m]].push_back(m);
    if (server < templates_.size())
      templates_[server].clear();
  }

  /// A push of the newest version of m to a phone (from its edge if the edge holds that
  /// version, else from the cloud) or to an edge (from the cloud).
  bool start_push(ModelId m, uint32_t phone, uint32_t server, double now) {
    if (w_.cloud == NONE && (phone == NONE || !w_.servers[w_.cells[phones_[phone].cell].edge].store.holds(m)))
      return false;
    const uint32_t version = current_version_[m];
    const double size = ts_.models()[m].size_bytes;
    sg4::Host* from = nullptr;
    sg4::Host* to = nullptr;
    std::string source, target;
    if (phone != NONE) {
      Phone& p = phones_[phone];
      auto& edge = w_.servers[w_.cells[p.cell].edge];
      const bool at_edge = edge.store.holds(m) && edge.store.version(m) == version;
      if (!at_edge && w_.cloud == NONE)
        return false;
      from = at_edge ? edge.host : w_.servers[w_.cloud].host;
      source = at_edge ? edge.name : "cloud";
      to = w_.cells[p.cell].host;
      target = p.name;
      p.store.reserved_bytes += size;
      p.downloading.push_back(m);
    } else {
      auto& sv = w_.servers[server];
      from = w_.servers[w_.cloud].host;
      source = "cloud";
      to = sv.host;
      target = sv.name;
      sv.store.reserved_bytes += size;
    }
    const size_t row = rec_->pushes.size();
    rec_->pushes.push_back({now, -1, source, target, ts_.models()[m].name, version, size, "in_flight", 0});
    ++pushes_in_flight_;
    sg4::Actor::create("push", w_.control, [this, from, to, m, version, size, phone, server, row] {
      const double t0 = sg4::Engine::get_clock();
      std::string_view failure;
      try {
        step_transfer(from, to, size, -1.0);
      } catch (const PathFailure& f) {
        failure = f.reason;
      }
      const double t1 = sg4::Engine::get_clock();
      --pushes_in_flight_;
      auto& rowref = rec_->pushes[row];
      rowref.finished_at_s = t1;
      rowref.status = failure.empty() ? "ok" : "failed_" + std::string(failure);
      if (!failure.empty()) {  // nothing stored; the next plan tries again
        if (phone != NONE) {
          Phone& p = phones_[phone];
          p.store.reserved_bytes -= size;
          p.downloading.erase(std::find(p.downloading.begin(), p.downloading.end(), m));
          fail_waiting(p, m, failure);
        } else {
          w_.servers[server].store.reserved_bytes -= size;
        }
        return;
      }
      if (phone != NONE) {
        Phone& p = phones_[phone];
        const auto c = p.energy.transfer(t0, t1, size, false, PUSH_OWNER);
        rowref.phone_radio_energy_j = c.own_j;
        unattributed_j_[p.index] += c.own_j;
        if (c.tail_owner)
          give_tail(p, *c.tail_owner, c.tail_j, nullptr);
        p.store.reserved_bytes -= size;
        p.store.put(m, version, size, t1);
        p.downloading.erase(std::find(p.downloading.begin(), p.downloading.end(), m));
        run_waiting(p, m, t1);
      } else {
        auto& sv = w_.servers[server];
        sv.store.reserved_bytes -= size;
        sv.store.put(m, version, size, t1);
        invalidate(server);
      }
    });
    return true;
  }

  /// On demand: a request found no adequate resident model; fetch the most accurate adequate
  /// model of its task that fits the free storage. Returns true if the request may wait for it.
  bool fetch_on_demand(Phone& p, Request& r, double now) {
    const auto& dev = ts_.devices()[p.device];
    const double need = s_.phones[p.group].apps[r.app].accuracy_need;
    const double free = p.store.budget_bytes - p.store.used_bytes - p.store.reserved_bytes;
    ModelId best = NONE;
    for (ModelId m = 0; m < ts_.models().size(); ++m) {
      if (model_task_[m] != r.task || !dev.by_model[m].present || ts_.models()[m].gzip)
        continue;
      const bool downloading = std::find(p.downloading.begin(), p.downloading.end(), m) != p.downloading.end();
      if (accuracy_of(m, current_version_[m]) < need || (!downloading && ts_.models()[m].size_bytes > free))
        continue;
      if (best == NONE || accuracy_of(m, current_version_[m]) > accuracy_of(best, current_version_[best]))
        best = m;
    }
    if (best == NONE)
      return false;
    const bool downloading = std::find(p.downloading.begin(), p.downloading.end(), best) != p.downloading.end();
    if (!downloading && !start_push(best, p.index, NONE, now))
      return false;
    if (s_.management.wait_for_download)
      p.waiting.emplace_back(best, &r);
    return true;
  }

  /// The download that requests were waiting for failed: they end with its reason.
  void fail_waiting(Phone& p, ModelId m, std::string_view reason) {
    for (auto it = p.waiting.begin(); it != p.waiting.end();)
      if (it->first == m) {
        Request* r = it->second;
        it = p.waiting.erase(it);
        r->failed = true;
        r->failure = reason;
        r->finished_at_s = sg4::Engine::get_clock();
        finish(r);
      } else {
        ++it;
      }
  }

  /// Requests that waited for model m run locally now, in arrival order; this (push) actor
  /// records each when it ends.
  void run_waiting(Phone& p, ModelId m, double now) {
    std::vector<Request*> ready;
    for (auto it = p.waiting.begin(); it != p.waiting.end();)
      if (it->first == m) {
        ready.push_back(it->second);
        it = p.waiting.erase(it);
      } else {
        ++it;
      }
    for (auto* r : ready) {
      r->site = Site::DEVICE;
      r->model = m;
      r->version = p.store.version(m);
      r->accuracy = accuracy_of(m, r->version);
      const double wait = now - r->issued_at_s;
      r->finished_at_s =
          run_local(p, *r, m, now, r->image_load_s, r->model_load_s, r->queue_s, r->inference_s, r->cpu_energy_j);
      r->queue_s += wait;  // the wait for the download counts as queueing
      in_flight_[r->id] = r;
    }
    for (auto* r : ready) {
      wait_for(r->finished_at_s - sg4::Engine::get_clock());
      in_flight_.erase(r->id);
      finish(r);
    }
  }

public:
  void finish_management(double now) {
    for (auto& p : phones_)
      p.store.account(now);
    for (auto& sv : w_.servers)
      sv.store.account(now);
    if (!phones_.empty() && now > 0) {
      double sum = 0;
      for (const auto& p : phones_)
        sum += p.store.used_integral / now;
      rec_->storage_used_bytes_mean = sum / static_cast<double>(phones_.size());
    }
    rec_->handovers = handovers_;
  }
  bool has_manager() const {
    return w_.cloud != NONE && (s_.management.stats_period_s > 0 || s_.management.placement_period_s > 0 ||
                                !s_.updates.empty());
  }
  size_t waiting_requests() const {
    size_t n = 0;
    for (const auto& p : phones_)
      n += p.waiting.size();
    return n;
  }

private:
  static constexpr uint64_t PUSH_OWNER = UINT64_MAX - 1;  ///< radio owner of push transfers

  const config::Scenario& s_;
  const TraceSet& ts_;
  const RunOptions& opt_;
  World& w_;
  Recorder* rec_ = nullptr;
  std::unique_ptr<policy::SelectionPolicy> policy_;
  bool hindsight_ = false;
  std::vector<Phone> phones_;
  std::vector<std::vector<uint32_t>> app_task_;             ///< [group][app] -> task index
  std::vector<uint32_t> model_task_;                        ///< [model] -> task index
  std::vector<std::vector<std::vector<double>>> trace_times_;  ///< [phone][app] -> times
  std::priority_queue<FleetEvent, std::vector<FleetEvent>, Later> heap_;
  uint64_t order_ = 0, next_id_ = 0, issued_ = 0;
  std::unordered_map<uint64_t, Request*> in_flight_;
  std::map<uint32_t, double> unattributed_j_;
  std::vector<std::vector<double>> versions_;   ///< [model][version-1] -> top-1
  std::vector<uint32_t> current_version_;       ///< newest version at the central manager
  std::vector<uint32_t> server_group_;          ///< [server] -> edge group (NONE for the cloud)
  std::vector<std::map<std::pair<uint32_t, uint32_t>, AppStats>> edge_buffer_;  ///< [server][(group, app)]
  std::map<uint32_t, std::map<ModelId, double>> model_uses_buffer_;             ///< [server][model]
  std::vector<double> task_requests_, task_need_, model_uses_;  ///< central statistics, current window
  std::vector<Move> moves_;
  std::array<std::vector<std::vector<std::pair<double, double>>>, 4> down_by_target_;
  uint32_t fault_targets_ = 0;
  bool server_faults_ = false;  ///< some edge can fail: offload actors live on cell hosts
  uint64_t handovers_ = 0;
  uint64_t pushes_in_flight_ = 0;
  std::vector<std::vector<std::vector<OptionTemplate>>> templates_;  ///< [server][task]  ///< per phone: tail energy whose request had ended
  policy::SelectionContext ctx_;
  std::chrono::steady_clock::time_point wall_start_ = std::chrono::steady_clock::now(), last_report_{};
};

void Simulation::report_progress(bool final_line) {
  if (!opt_.progress)
    return;
  const auto now = std::chrono::steady_clock::now();
  if (!final_line && now - last_report_ < std::chrono::milliseconds(500))
    return;
  last_report_ = now;
  const double wall = std::chrono::duration<double>(now - wall_start_).count();
  const double done = static_cast<double>(rec_->recorded());
  std::fprintf(stderr, "\r  sim %10.1f s | %12llu requests done | %8.0f req/s | wall %6.1f s%s",
               sg4::Engine::get_clock(), static_cast<unsigned long long>(rec_->recorded()),
               wall > 0 ? done / wall : 0.0, wall, final_line ? "\n" : "");
  std::fflush(stderr);
}

void Simulation::fleet() {
  for (auto& p : phones_)
    for (uint32_t a = 0; a < s_.phones[p.group].apps.size(); ++a)
      schedule_arrival(p, a, 0, 0.0);
  for (const auto& mv : moves_)
    push({mv.time_s, 0, FleetEvent::MOVE, mv.phone, 0, mv.cell, nullptr});
  if (s_.mobility.kind == config::MobilityConfig::Kind::RANDOM)
    for (auto& p : phones_)
      schedule_random_move(p, 0.0);
  uint64_t handled = 0;
  while (!heap_.empty()) {
    // Sleep with the event still in the heap: a hard stop (reap_at_end) must find it there.
    wait_for(heap_.top().t - sg4::Engine::get_clock());
    const FleetEvent e = heap_.top();
    heap_.pop();
    const double now = sg4::Engine::get_clock();
    if (e.kind == FleetEvent::ARRIVAL) {
      Phone& p = phones_[e.phone];
      schedule_arrival(p, e.app, e.k + 1, e.t);
      issue(p, e.app, now);
    } else if (e.kind == FleetEvent::MOVE) {
      Phone& p = phones_[e.phone];
      handover(p, static_cast<uint32_t>(e.k), now);
      if (s_.mobility.kind == config::MobilityConfig::Kind::RANDOM)
        schedule_random_move(p, now);
    } else {
      finish(e.req);
    }
    if ((++handled & 1023) == 0)
      report_progress(false);
  }
}

/// Hard stop: every request still in flight ends as failed with reason `sim_end`.
void Simulation::reap_at_end(double end_s) {
  wait_for(end_s - sg4::Engine::get_clock());
  std::vector<Request*> pending;
  for (auto& [id, r] : in_flight_)
    pending.push_back(r);
  while (!heap_.empty()) {
    if (heap_.top().kind == FleetEvent::LOCAL_DONE)
      pending.push_back(heap_.top().req);
    heap_.pop();
  }
  for (auto& p : phones_) {  // requests still waiting for an on-demand download
    for (auto& [m, r] : p.waiting)
      pending.push_back(r);
    p.waiting.clear();
  }
  std::sort(pending.begin(), pending.end(), [](const Request* a, const Request* b) { return a->id < b->id; });
  in_flight_.clear();
  for (auto* r : pending) {
    r->failed = true;
    r->failure = "sim_end";
    r->finished_at_s = end_s;
    finish(r);
  }
  sg4::Actor::kill_all();  // the fleet and every offload actor; their requests are recorded above
}

}  // namespace

Summary run(const config::Scenario& s, const RunOptions& o) {
  const auto wall0 = std::chrono::steady_clock::now();
  // Offload actors are shallow: 256 KiB stacks instead of SimGrid's 8 MiB save an mmap per actor
  // (about +30% throughput, bench/run-scale). A user's --cfg=contexts/stack-size wins (later flag).
  std::vector<std::string> args{"modisim", "--log=xbt_cfg.thres:warning", "--log=host_energy.thres:warning",
                                "--log=root.fmt:%m%n"};
  // Thread contexts ignore (and warn about) a stack size: only set it for the default contexts.
  if (std::none_of(o.simgrid_args.begin(), o.simgrid_args.end(),
                   [](const std::string& a) { return a.find("contexts/factory:thread") != std::string::npos; }))
    args.emplace_back("--cfg=contexts/stack-size:256");
  args.insert(args.end(), o.simgrid_args.begin(), o.simgrid_args.end());
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (auto& a : args)
    argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  sg4::Engine engine(&argc, argv.data());
  sg_host_energy_plugin_init();  // edge and cloud energy (power per pstate, idle/busy)
  bool deadlock = false;
  sg4::Engine::on_deadlock_cb([&deadlock] { deadlock = true; });

  World world = build_world(s);
  Simulation sim(s, o, world);  // may throw InputError (request traces) before any file exists

  fs::create_directories(o.out_dir);
  for (const char* f : {"run.yaml", "requests.csv", "summary.csv", "servers.csv", "phones.csv", "pushes.csv", "stats.csv"})
    fs::remove(fs::path(o.out_dir) / f);  // never leave an older run's files beside a new failure

  const auto& ts = *s.traces;
  std::vector<std::string> phone_names, device_names, network_names, model_names, server_names;
  std::vector<uint32_t> phone_group;
  for (const auto& p : sim.phones()) {
    phone_names.push_back(p.name);
    device_names.push_back(ts.devices()[p.device].name);
    phone_group.push_back(p.group);
  }
  for (const auto& n : ts.networks())
    network_names.push_back(n.name);
  for (const auto& m : ts.models())
    model_names.push_back(m.name);
  for (const auto& sv : world.servers)
    server_names.push_back(sv.name);
  std::vector<std::vector<std::string>> app_names;
  for (const auto& g : s.phones) {
    app_names.emplace_back();
    for (const auto& a : g.apps)
      app_names.back().push_back(a.name);
  }
  Recorder rec(o.out_dir, phone_names, device_names, network_names, app_names, phone_group, model_names, server_names);
  sim.attach(&rec);
  try {
    sg4::Actor::create("fleet", world.control, [&sim] { sim.fleet(); });
    if (s.simulation.end_s > 0)
      sg4::Actor::create("end", world.control, [&sim, &s] { sim.reap_at_end(s.simulation.end_s); })->daemonize();
    if (sim.has_faults()) {
      sim.prepare_faults();
      sg4::Actor::create("faults", world.control, [&sim] { sim.faults(); })->daemonize();
    }
    if (sim.has_manager())
      sg4::Actor::create("manager", world.servers[world.cloud].host, [&sim] { sim.manager(); })->daemonize();
    engine.run();
    sim.report_progress(true);
    const double sim_end = sg4::Engine::get_clock();
    if (sim.waiting_requests() > 0)
      throw SimulationError(fmt::format("{} requests still wait for a model download", sim.waiting_requests()));
    sim.finish_management(sim_end);
    const auto phone_reports = sim.close_energy(sim_end);
    for (auto& sv : world.servers)
      (sv.site == Site::CLOUD ? rec.cloud_energy_j : rec.edge_energy_j) += sg_host_get_consumed_energy(sv.host);
    if (deadlock)
      throw SimulationError("deadlock: actors are blocked forever (see the messages above)");
    if (rec.recorded() != sim.issued())
      throw SimulationError(fmt::format("{} requests were issued but {} ended in requests.csv", sim.issued(),
                                        rec.recorded()));
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const Summary summary = rec.summarize(s.simulation.seed, sim_end, wall, phone_reports);
    auto provenance = o.provenance;
    int maj = 0, min = 0, patch = 0;
    sg_version_get(&maj, &min, &patch);
    provenance.emplace_back("simgrid_version", fmt::format("{}.{}.{}", maj, min, patch));
    provenance.emplace_back("network_model", simgrid::config::get_value<std::string>("network/model"));
    provenance.emplace_back("network_crosstraffic",
                            simgrid::config::get_value<bool>("network/crosstraffic") ? "true" : "false");
    provenance.emplace_back("network_tcp_gamma",
                            csv::format_double(simgrid::config::get_value<double>("network/TCP-gamma")));
    provenance.emplace_back("contexts_stack_size_kib",
                            std::to_string(simgrid::config::get_value<int>("contexts/stack-size")));
    provenance.emplace_back("seed", std::to_string(s.simulation.seed));
    rec.commit(summary, world.servers, config::to_yaml(s, provenance));
    return summary;
  } catch (...) {
    rec.abandon();
    throw;
  }
}

}  // namespace modi::engine
