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
#include <unordered_map>
#include <utility>

#include "sim/core/csv.hpp"
#include "sim/core/rng.hpp"
#include "sim/engine/world.hpp"

namespace sg4 = simgrid::s4u;
namespace fs = std::filesystem;

namespace modi::engine {
namespace {

using policy::Site;
using rng::Purpose;

struct Event {
  enum Kind : uint8_t { ARRIVAL, LOCAL_DONE };
  double t;
  uint64_t order;  ///< insertion counter: deterministic tie-break
  Kind kind;
  uint32_t phone;
  uint32_t app;
  uint64_t k;      ///< arrival index of this app on this phone
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
  bool operator()(const Event& a, const Event& b) const { return a.t > b.t || (a.t == b.t && a.order > b.order); }
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
    build_phones();
    load_request_traces();
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
        p.resident = g.model_ids;
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
        t.require_columns({"time_s", "phone", "app"});
        double prev = 0;
        for (const auto& row : t.rows()) {
          const double time = t.number(row, "time_s");
          if (time < 0)
            t.fail(row, "time_s", "negative time", "a time >= 0");
          if (time < prev)
            t.fail(row, "time_s", fmt::format("time {} is before the previous row's {}", time, prev),
                   "rows sorted by time_s");
          prev = time;
          const auto it = phone_by_name.find(t.cell(row, "phone"));
          if (it == phone_by_name.end())
            t.fail(row, "phone", fmt::format("unknown phone '{}'", t.cell(row, "phone")),
                   "a phone instance name such as <group> or <group>-<i>");
          const auto& group = s_.phones[phones_[it->second].group];
          const std::string& app = t.cell(row, "app");
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

  void push(Event e) {
    e.order = order_++;
    heap_.push(e);
  }

  void schedule_arrival(const Phone& p, uint32_t app, uint64_t k, double prev) {
    const double t = arrival_time(p, app, k, prev);
    if (t >= 0)
      push({t, 0, Event::ARRIVAL, p.index, app, k, nullptr});
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
    const auto& cell = w_.cells[p.cell];
    o.site = sv.site;
    o.index = server_index;
    o.reachable = true;
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
                              route_time_s(s_, w_, p.cell, server_index, r.input_bytes, true) +
                              route_time_s(s_, w_, p.cell, server_index, r.output_bytes, false);
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
          ot.warm.accuracy = ts_.models()[m].top1;
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
    for (auto m : p.resident) {
      if (model_task_[m] != r.task)
        continue;
      const auto& pt = dev.by_model[m];
      policy::ModelOption mo;
      mo.model = m;
      mo.accuracy = ts_.models()[m].top1;
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
    fill_remote(c.remote[0], p, r, w_.cells[p.cell].edge);
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
    if (d.site == Site::DEVICE) {
      r->finished_at_s =
          run_local(p, *r, d.model, now, r->image_load_s, r->model_load_s, r->queue_s, r->inference_s, r->cpu_energy_j);
      push({r->finished_at_s, 0, Event::LOCAL_DONE, p.index, app, 0, r});
      return;
    }
    r->server = d.site_index;
    if (d.duplicate_model != NONE) {
      r->duplicate_model = d.duplicate_model;
      r->dup_done_at_s = run_local(p, *r, d.duplicate_model, now, r->dup_image_load_s, r->dup_model_load_s,
                                   r->dup_queue_s, r->dup_inference_s, r->dup_cpu_energy_j);
    }
    in_flight_[r->id] = r;
    sg4::Actor::create("r", w_.servers[r->server].host, [this, r] { remote(r); });
  }

  // --- offload path -------------------------------------------------------------------
  /// A host-to-host transfer through the cell's route (the phone radio's rate cap is a
  /// FATPIPE link in that route; Comm::set_rate is ignored by host-to-host comms in 3.32).
  static void transfer(sg4::Host* from, sg4::Host* to, double bytes) {
    sg4::Comm::sendto(from, to, static_cast<uint64_t>(std::llround(bytes)));
  }

  void remote(Request* r) {
    Phone& p = phones_[r->phone];
    const auto& cell = w_.cells[p.cell];
    Server& sv = w_.servers[r->server];
    const auto st = stream(p);

    const double t0 = sg4::Engine::get_clock();
    wait_for(cell.extra_up.sample(st.uniform(r->seq, Purpose::NET_UP)));
    transfer(cell.host, sv.host, r->input_bytes);
    const double t1 = sg4::Engine::get_clock();
    r->upload_s = t1 - t0;
    charge_radio(p, *r, t0, t1, r->input_bytes, true);

    ++sv.requests_seen;
    ++sv.waiting;
    sv.slots->acquire();
    --sv.waiting;
    ++sv.busy;
    const double t2 = sg4::Engine::get_clock();
    r->queue_s = t2 - t1;
    sv.queue_sum_s += r->queue_s;
    const double flops_per_s = sv.host->get_speed();
    if (!sv.loaded.touch(r->model)) {
      r->model_load_s = server_load_s(sv, r->model);
      sg4::this_actor::execute(r->model_load_s * flops_per_s);
      sv.loaded.insert(r->model, ts_.models()[r->model].memory_bytes);
    }
    r->inference_s = server_inference_s(p, r->seq, sv, r->model);
    sg4::this_actor::execute(r->inference_s * flops_per_s);
    --sv.busy;
    sv.slots->release();
    const double t3 = sg4::Engine::get_clock();
    sv.busy_time_s += t3 - t2;
    sv.service_ewma_s = 0.8 * sv.service_ewma_s + 0.2 * (r->model_load_s + r->inference_s);

    wait_for(cell.extra_down.sample(st.uniform(r->seq, Purpose::NET_DOWN)));
    transfer(sv.host, cell.host, r->output_bytes);
    const double t4 = sg4::Engine::get_clock();
    r->download_s = t4 - t3;
    charge_radio(p, *r, t3, t4, r->output_bytes, false);
    const double alpha = s_.simulation.network_ewma_alpha;
    p.est_rtt_s = alpha * (r->upload_s + r->download_s) + (1 - alpha) * p.est_rtt_s;
    r->finished_at_s = t4;

    if (r->dup_done_at_s >= 0) {
      // MDInference: the remote answer counts if it arrives by the deadline; otherwise the local
      // duplicate answers as soon as it is done (but not before the deadline).
      r->cpu_energy_j += r->dup_cpu_energy_j;
      const double deadline_at = r->issued_at_s + r->deadline_s;
      const double local_answer = std::max(r->dup_done_at_s, deadline_at);
      if (t4 > deadline_at && local_answer < t4) {
        r->site = Site::DEVICE;
        r->model = r->duplicate_model;
        r->finished_at_s = local_answer;
        r->image_load_s = r->dup_image_load_s;
        r->model_load_s = r->dup_model_load_s;
        r->queue_s = r->dup_queue_s;
        r->inference_s = r->dup_inference_s;
      }
    }
    in_flight_.erase(r->id);
    finish(r);
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
  std::priority_queue<Event, std::vector<Event>, Later> heap_;
  uint64_t order_ = 0, next_id_ = 0, issued_ = 0;
  std::unordered_map<uint64_t, Request*> in_flight_;
  std::map<uint32_t, double> unattributed_j_;
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
  uint64_t handled = 0;
  while (!heap_.empty()) {
    // Sleep with the event still in the heap: a hard stop (reap_at_end) must find it there.
    wait_for(heap_.top().t - sg4::Engine::get_clock());
    const Event e = heap_.top();
    heap_.pop();
    const double now = sg4::Engine::get_clock();
    if (e.kind == Event::ARRIVAL) {
      Phone& p = phones_[e.phone];
      schedule_arrival(p, e.app, e.k + 1, e.t);
      issue(p, e.app, now);
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
    if (heap_.top().kind == Event::LOCAL_DONE)
      pending.push_back(heap_.top().req);
    heap_.pop();
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
                                "--log=root.fmt:%m%n",
                                "--cfg=contexts/stack-size:256"};
  args.insert(args.end(), o.simgrid_args.begin(), o.simgrid_args.end());
  std::vector<char*> argv;
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
  for (const char* f : {"run.yaml", "requests.csv", "summary.csv", "servers.csv", "phones.csv"})
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
  std::vector<double> accuracy;
  for (const auto& m : ts.models()) {
    model_names.push_back(m.name);
    accuracy.push_back(m.top1);
  }
  for (const auto& sv : world.servers)
    server_names.push_back(sv.name);
  std::vector<std::vector<std::string>> app_names;
  for (const auto& g : s.phones) {
    app_names.emplace_back();
    for (const auto& a : g.apps)
      app_names.back().push_back(a.name);
  }
  Recorder rec(o.out_dir, phone_names, device_names, network_names, app_names, phone_group, model_names, accuracy,
               server_names);
  sim.attach(&rec);
  try {
    sg4::Actor::create("fleet", world.control, [&sim] { sim.fleet(); });
    if (s.simulation.end_s > 0)
      sg4::Actor::create("end", world.control, [&sim, &s] { sim.reap_at_end(s.simulation.end_s); })->daemonize();
    engine.run();
    sim.report_progress(true);
    const double sim_end = sg4::Engine::get_clock();
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
