#include "sim/core/traces.hpp"

#include <cmath>
#include <fmt/format.h>
#include <set>

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"

namespace modi {
namespace {

using Shapes = std::map<std::string, std::shared_ptr<QuantileTable>>;

Shapes load_shapes(const std::string& path) {
  Shapes shapes;
  auto t = csv::Table::read_file(path);
  t.require_columns({"shape", "p", "value_ms"});
  std::map<std::string, int> last_line;
  for (const auto& row : t.rows()) {
    const std::string name = t.text(row, "shape");
    const double p = t.number(row, "p");
    const double v = t.number(row, "value_ms") * 1e-3;
    auto& q = shapes[name];
    if (!q)
      q = std::make_shared<QuantileTable>();
    if (p < 0 || p > 1)
      t.fail(row, "p", fmt::format("probability {} outside [0,1]", p), "0 <= p <= 1");
    if (!q->p.empty() && p <= q->p.back())
      t.fail(row, "p", "probabilities of a shape must increase", "rows of one shape sorted by p");
    if (!q->value.empty() && v < q->value.back())
      t.fail(row, "value_ms", "quantile values must not decrease", "a non-decreasing quantile function");
    if (v < 0)
      t.fail(row, "value_ms", "negative duration", "a value >= 0");
    q->p.push_back(p);
    q->value.push_back(v);
    last_line[name] = row.line;
  }
  for (const auto& [name, q] : shapes)
    if (q->p.size() < 2 || q->p.front() != 0.0 || q->p.back() != 1.0)
      throw InputError({path, last_line[name], 0, "p"}, fmt::format("shape '{}' must cover p=0 to p=1", name),
                       "at least two rows, the first at p=0 and the last at p=1");
  return shapes;
}

/// A timing row: dist,mean_ms,sd_ms,shape.
Distribution timing(const csv::Table& t, const csv::Row& row, const Shapes& shapes) {
  const std::string dist = t.text(row, "dist");
  const double mean = t.number(row, "mean_ms") * 1e-3;
  if (mean < 0)
    t.fail(row, "mean_ms", "negative duration", "a value >= 0");
  auto sd = [&] {
    const double s = t.number_or(row, "sd_ms", -1e3) * 1e-3;
    return s;
  };
  if (dist == "fixed")
    return Distribution::fixed(mean);
  if (dist == "exponential") {
    if (mean <= 0)
      t.fail(row, "mean_ms", "an exponential needs a positive mean", "mean_ms > 0");
    return Distribution::exponential(mean);
  }
  if (dist == "normal" || dist == "lognormal") {
    const double s = sd();
    if (s < 0)
      t.fail(row, "sd_ms", "missing or negative standard deviation", "sd_ms >= 0");
    return dist == "normal" ? Distribution::normal(mean, s) : Distribution::lognormal(mean, s);
  }
  if (dist == "empirical") {
    const std::string shape = t.text(row, "shape");
    auto it = shapes.find(shape);
    if (it == shapes.end())
      t.fail(row, "shape", fmt::format("unknown shape '{}'", shape), "a shape defined in quantiles.csv");
    if (mean <= 0)
      t.fail(row, "mean_ms", "an empirical distribution needs a positive mean", "mean_ms > 0");
    return Distribution::empirical(it->second, mean, sd());
  }
  throw InputError({t.name(), row.line, 0, "dist"}, fmt::format("unknown distribution '{}'", dist),
                   "one of fixed, normal, lognormal, exponential, empirical");
}

template <class T>
uint32_t add_unique(std::vector<T>& v, std::map<std::string, uint32_t>& index, T item, const csv::Table& t,
                    const csv::Row& row, const char* col) {
  if (index.count(item.name))
    t.fail(row, col, fmt::format("duplicate name '{}'", item.name), "unique names");
  const auto id = static_cast<uint32_t>(v.size());
  index[item.name] = id;
  v.push_back(std::move(item));
  return id;
}

}  // namespace

std::shared_ptr<const TraceSet> TraceSet::load(const std::string& dir) {
  auto ts = std::make_shared<TraceSet>();
  ts->dir_ = dir;
  const auto path = [&](const char* f) { return dir + "/" + f; };

  const Shapes shapes = load_shapes(path("quantiles.csv"));

  {  // model catalog
    auto t = csv::Table::read_file(path("models.csv"));
    t.require_columns({"task", "model", "family", "variant", "top1", "size_bytes"});
    for (const auto& row : t.rows()) {
      ModelInfo m;
      m.task = t.text(row, "task");
      m.name = t.text(row, "model");
      m.family = t.text(row, "family");
      m.variant = t.text(row, "variant");
      m.top1 = t.number(row, "top1");
      if (m.top1 < 0 || m.top1 > 1)
        t.fail(row, "top1", fmt::format("accuracy {} outside [0,1]", m.top1), "a fraction in [0,1]");
      m.size_bytes = t.number(row, "size_bytes");
      if (m.size_bytes <= 0)
        t.fail(row, "size_bytes", "size must be positive", "bytes > 0");
      const std::string compression = t.has_column("compression") ? t.cell(row, "compression") : "";
      if (compression == "gzip")
        m.gzip = true;
      else if (!compression.empty() && compression != "none")
        t.fail(row, "compression", fmt::format("unknown compression '{}'", compression), "none or gzip");
      m.memory_bytes = t.number_or(row, "decompressed_bytes", m.size_bytes);
      if (m.memory_bytes < m.size_bytes && !m.gzip)
        t.fail(row, "decompressed_bytes", "an uncompressed model's decompressed size must equal its size",
               "empty or size_bytes");
      if (m.memory_bytes <= 0)
        t.fail(row, "decompressed_bytes", "size must be positive", "bytes > 0");
      add_unique(ts->models_, ts->model_index_, std::move(m), t, row, "model");
    }
  }
  const size_t n_models = ts->models_.size();

  {  // device classes
    auto t = csv::Table::read_file(path("devices.csv"));
    t.require_columns({"device", "label", "year", "idle_power_w", "screen_power_w", "image_load_power_w",
                       "model_load_power_w", "inference_power_w", "battery_mah", "battery_v"});
    for (const auto& row : t.rows()) {
      DeviceClass d;
      d.name = t.text(row, "device");
      d.label = t.text(row, "label");
      d.year = static_cast<int>(t.number(row, "year"));
      auto watts = [&](const char* col) {
        const double v = t.number(row, col);
        if (v < 0)
          t.fail(row, col, "negative power", "watts >= 0");
        return v;
      };
      d.idle_power_w = watts("idle_power_w");
      d.screen_power_w = watts("screen_power_w");
      d.image_load_power_w = watts("image_load_power_w");
      d.model_load_power_w = watts("model_load_power_w");
      d.inference_power_w = watts("inference_power_w");
      d.battery_j = t.number(row, "battery_mah") * 3.6 * t.number(row, "battery_v");
      if (d.battery_j <= 0)
        t.fail(row, "battery_mah", "battery capacity must be positive", "mAh > 0 and volts > 0");
      d.inflate_bytes_per_s = t.number_or(row, "inflate_bps", 0.0) / 8.0;
      if (d.inflate_bytes_per_s < 0)
        t.fail(row, "inflate_bps", "negative rate", "bits per second >= 0");
      d.by_model.resize(n_models);
      add_unique(ts->devices_, ts->device_index_, std::move(d), t, row, "device");
    }
  }

  {  // per device x model x phase timings
    auto t = csv::Table::read_file(path("device_timings.csv"));
    t.require_columns({"device", "model", "phase", "dist", "mean_ms", "sd_ms", "shape"});
    std::set<std::tuple<uint32_t, uint32_t, std::string>> seen;
    std::vector<std::vector<uint8_t>> phases(ts->devices_.size(), std::vector<uint8_t>(n_models, 0));
    std::vector<bool> has_image(ts->devices_.size(), false);
    for (const auto& row : t.rows()) {
      const auto dev = ts->device_id(t.text(row, "device"));
      if (dev == NONE)
        t.fail(row, "device", fmt::format("unknown device class '{}'", t.cell(row, "device")),
               "a device listed in devices.csv");
      const std::string phase = t.text(row, "phase");
      const std::string model = t.text(row, "model");
      auto& d = ts->devices_[dev];
      if (phase == "image_load") {
        if (model != "*")
          t.fail(row, "model", "image_load rows apply to every model", "model '*'");
        if (has_image[dev])
          t.fail(row, "phase", "duplicate image_load row", "one image_load row per device");
        d.image_load = timing(t, row, shapes);
        has_image[dev] = true;
        continue;
      }
      const auto mid = ts->model_id(model);
      if (mid == NONE)
        t.fail(row, "model", fmt::format("unknown model '{}'", model), "a model listed in models.csv");
      auto& pt = d.by_model[mid];
      uint8_t bit = 0;
      if (phase == "model_load") {
        pt.model_load = timing(t, row, shapes);
        bit = 1;
      } else if (phase == "inference") {
        pt.inference = timing(t, row, shapes);
        bit = 2;
      } else {
        t.fail(row, "phase", fmt::format("unknown phase '{}'", phase), "image_load, model_load or inference");
      }
      if (phases[dev][mid] & bit)
        t.fail(row, "phase", fmt::format("duplicate {} row for {} on {}", phase, model, d.name), "one row per phase");
      phases[dev][mid] |= bit;
      pt.present = phases[dev][mid] == 3;
    }
    for (size_t d = 0; d < ts->devices_.size(); ++d) {
      for (size_t m = 0; m < n_models; ++m)
        if (phases[d][m] && ts->models_[m].gzip && ts->devices_[d].inflate_bytes_per_s <= 0)
          throw InputError({path("devices.csv"), 0, 0, "inflate_bps"},
                           fmt::format("device '{}' has timings for gzipped model '{}' but no inflate_bps",
                                       ts->devices_[d].name, ts->models_[m].name),
                           "a decompression rate for devices that load gzipped models");
      if (!has_image[d])
        throw InputError({path("device_timings.csv"), 0, 0, "phase"},
                         fmt::format("device '{}' has no image_load row", ts->devices_[d].name),
                         "one image_load row per device");
      for (size_t m = 0; m < n_models; ++m)
        if (phases[d][m] != 0 && phases[d][m] != 3)
          throw InputError({path("device_timings.csv"), 0, 0, "phase"},
                           fmt::format("device '{}' model '{}' needs both model_load and inference rows",
                                       ts->devices_[d].name, ts->models_[m].name));
    }
  }

  {  // radio power
    auto t = csv::Table::read_file(path("radio_power.csv"));
    t.require_columns({"radio", "promotion_power_mw", "promotion_time_ms", "tail_power_mw", "tail_time_ms",
                       "idle_power_mw", "uplink_mw_per_mbps", "downlink_mw_per_mbps", "base_power_mw"});
    for (const auto& row : t.rows()) {
      RadioPower r;
      r.name = t.text(row, "radio");
      auto mw = [&](const char* col) {
        const double v = t.number_or(row, col, 0.0);
        if (v < 0)
          t.fail(row, col, "negative value", "a value >= 0");
        return v * 1e-3;
      };
      r.promotion_w = mw("promotion_power_mw");
      r.promotion_s = mw("promotion_time_ms");
      r.tail_w = mw("tail_power_mw");
      r.tail_s = mw("tail_time_ms");
      r.idle_w = mw("idle_power_mw");
      r.uplink_w_per_mbps = mw("uplink_mw_per_mbps");
      r.downlink_w_per_mbps = mw("downlink_mw_per_mbps");
      r.base_w = mw("base_power_mw");
      add_unique(ts->radios_, ts->radio_index_, std::move(r), t, row, "radio");
    }
  }

  {  // connection types
    auto t = csv::Table::read_file(path("networks.csv"));
    t.require_columns({"network", "label", "radio", "uplink_bps", "downlink_bps", "latency_ms", "transfer_mean_ms",
                       "transfer_sd_ms", "ref_upload_bytes", "ref_download_bytes"});
    for (const auto& row : t.rows()) {
      NetworkType n;
      n.name = t.text(row, "network");
      n.label = t.text(row, "label");
      n.radio = t.text(row, "radio");
      n.radio_id = find(ts->radio_index_, n.radio);
      if (n.radio_id == NONE)
        t.fail(row, "radio", fmt::format("unknown radio '{}'", n.radio), "a radio listed in radio_power.csv");
      n.uplink_bytes_per_s = t.number(row, "uplink_bps");
      n.downlink_bytes_per_s = t.number(row, "downlink_bps");
      if (n.uplink_bytes_per_s <= 0)
        t.fail(row, "uplink_bps", "bandwidth must be positive", "bits per second > 0");
      if (n.downlink_bytes_per_s <= 0)
        t.fail(row, "downlink_bps", "bandwidth must be positive", "bits per second > 0");
      n.latency_s = t.number(row, "latency_ms") * 1e-3;
      if (n.latency_s < 0)
        t.fail(row, "latency_ms", "negative latency", "a value >= 0");
      n.transfer_mean_s = t.number(row, "transfer_mean_ms") * 1e-3;
      n.transfer_sd_s = t.number(row, "transfer_sd_ms") * 1e-3;
      if (n.transfer_sd_s < 0)
        t.fail(row, "transfer_sd_ms", "negative standard deviation", "a value >= 0");
      n.ref_upload_bytes = t.number(row, "ref_upload_bytes");
      n.ref_download_bytes = t.number(row, "ref_download_bytes");
      // bytes are bytes; rates are bits per second
      n.uplink_bytes_per_s /= 8.0;
      n.downlink_bytes_per_s /= 8.0;
      const double nominal =
          n.nominal_one_way_s(n.ref_upload_bytes, true) + n.nominal_one_way_s(n.ref_download_bytes, false);
      const double extra = n.transfer_mean_s - nominal;
      if (extra < -1e-12)
        t.fail(row, "transfer_mean_ms",
               fmt::format("measured transfer {:.6g} ms is shorter than the modelled link alone ({:.6g} ms)",
                           n.transfer_mean_s * 1e3, nominal * 1e3),
               "latency and bandwidth that fit the measured transfer time");
      if (extra <= 0 && n.transfer_sd_s > 0)
        t.fail(row, "transfer_sd_ms", "a spread needs a measured transfer longer than the link time",
               "transfer_mean_ms above the link time, or transfer_sd_ms 0");
      // The engine calibrates each cell's extra delay through its actual route (world.cpp).
      add_unique(ts->networks_, ts->network_index_, std::move(n), t, row, "network");
    }
  }

  {  // server types
    auto t = csv::Table::read_file(path("servers.csv"));
    t.require_columns({"server", "label", "model_load_bps", "idle_power_w", "busy_power_w"});
    for (const auto& row : t.rows()) {
      ServerType s;
      s.name = t.text(row, "server");
      s.label = t.text(row, "label");
      s.model_load_bytes_per_s = t.number(row, "model_load_bps") / 8.0;
      if (s.model_load_bytes_per_s <= 0)
        t.fail(row, "model_load_bps", "rate must be positive", "bits per second > 0");
      s.idle_power_w = t.number(row, "idle_power_w");
      s.busy_power_w = t.number(row, "busy_power_w");
      if (s.idle_power_w < 0 || s.busy_power_w < s.idle_power_w)
        t.fail(row, "busy_power_w", "powers must satisfy 0 <= idle <= busy", "idle_power_w <= busy_power_w");
      s.inference.resize(n_models);
      add_unique(ts->servers_, ts->server_index_, std::move(s), t, row, "server");
    }
  }
  {
    auto t = csv::Table::read_file(path("server_timings.csv"));
    t.require_columns({"server", "model", "dist", "mean_ms", "sd_ms", "shape"});
    for (const auto& row : t.rows()) {
      const auto sid = ts->server_id(t.text(row, "server"));
      if (sid == NONE)
        t.fail(row, "server", fmt::format("unknown server type '{}'", t.cell(row, "server")),
               "a server listed in servers.csv");
      const auto mid = ts->model_id(t.text(row, "model"));
      if (mid == NONE)
        t.fail(row, "model", fmt::format("unknown model '{}'", t.cell(row, "model")), "a model listed in models.csv");
      auto& slot = ts->servers_[sid].inference[mid];
      if (slot)
        t.fail(row, "model", "duplicate row", "one row per server and model");
      slot = timing(t, row, shapes);
    }
  }
  return ts;
}

std::shared_ptr<const TraceSet> TraceSet::with_task_aliases(
    const std::vector<std::pair<std::string, std::string>>& aliases) const {
  auto ts = std::make_shared<TraceSet>(*this);
  for (const auto& [alias, task] : aliases) {
    for (auto m : models_of_task(task)) {
      ModelInfo copy = models_[m];
      copy.task = alias;
      copy.name = alias + "/" + models_[m].name;
      const auto id = static_cast<ModelId>(ts->models_.size());
      ts->model_index_[copy.name] = id;
      ts->models_.push_back(copy);
      for (auto& d : ts->devices_)
        d.by_model.push_back(d.by_model[m]);
      for (auto& s : ts->servers_)
        s.inference.push_back(s.inference[m]);
    }
  }
  return ts;
}

std::vector<ModelId> TraceSet::models_of_task(const std::string& task) const {
  std::vector<ModelId> out;
  for (ModelId i = 0; i < models_.size(); ++i)
    if (models_[i].task == task)
      out.push_back(i);
  return out;
}

bool TraceSet::has_task(const std::string& task) const {
  for (const auto& m : models_)
    if (m.task == task)
      return true;
  return false;
}

std::vector<std::string> TraceSet::task_names() const {
  std::set<std::string> s;
  for (const auto& m : models_)
    s.insert(m.task);
  return {s.begin(), s.end()};
}

}  // namespace modi
