// Reads a layered trace directory into a TraceSet: one short reader per table, checks of each
// table's cells and of the tables against each other, and timings predicted where none were
// measured.
#include "sim/core/trace_reader.hpp"

#include "sim/core/limits.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/profile_regression.hpp"
#include "sim/core/trace_sanity.hpp"

namespace modi {

void TraceReader::load_shapes() {
  std::map<std::string, const TableRow*> last;
  const auto rows = layers_.grouped_rows("quantiles.csv", {"shape", "p", "value_ms"}, "shape");
  for (const auto& row : rows) {
    const std::string name = row.text("shape");
    const double p = row.number("p");
    const double v = row.number("value_ms") * 1e-3;
    auto& q = shapes_[name];
    if (!q)
      q = std::make_shared<QuantileTable>();
    if (p < 0 || p > 1)
      row.fail("p", fmt::format("probability {} outside [0,1]", p), "0 <= p <= 1");
    if (!q->p.empty() && p <= q->p.back())
      row.fail("p", "probabilities of a shape must increase", "rows of one shape sorted by p");
    if (!q->value.empty() && v < q->value.back())
      row.fail("value_ms", "quantile values must not decrease", "a non-decreasing quantile function");
    if (v < 0)
      row.fail("value_ms", "negative duration", "a value >= 0");
    q->p.push_back(p);
    q->value.push_back(v);
    last[name] = &row;
  }
  for (const auto& [name, q] : shapes_) {
    if (q->p.size() < 2 || q->p.front() != 0.0 || q->p.back() != 1.0)
      last[name]->fail("p", fmt::format("shape '{}' must cover p=0 to p=1", name),
                       "at least two rows, the first at p=0 and the last at p=1");
    if (!(q->mean() > 0))  // a shape is scaled to a mean: it needs one
      last[name]->fail("value_ms", fmt::format("shape '{}' has a mean of zero", name), "some quantile above 0 ms");
  }
}

/// A timing row: dist,mean_ms,sd_ms,shape.
Distribution TraceReader::timing(const TableRow& row) const {
  const std::string dist = row.text("dist");
  const double mean = row.number("mean_ms") * 1e-3;
  if (mean < 0)
    row.fail("mean_ms", "negative duration", "a value >= 0");
  auto sd = [&] { return row.number_or("sd_ms", -1e3) * 1e-3; };
  if (dist == "fixed")
    return Distribution::fixed(mean);
  if (dist == "exponential") {
    if (mean <= 0)
      row.fail("mean_ms", "an exponential needs a positive mean", "mean_ms > 0");
    return Distribution::exponential(mean);
  }
  if (dist == "normal" || dist == "lognormal") {
    const double s = sd();
    if (s < 0)
      row.fail("sd_ms", "missing or negative standard deviation", "sd_ms >= 0");
    return dist == "normal" ? Distribution::normal(mean, s) : Distribution::lognormal(mean, s);
  }
  if (dist == "empirical") {
    const std::string shape = row.text("shape");
    auto it = shapes_.find(shape);
    if (it == shapes_.end())
      row.fail("shape", fmt::format("unknown shape '{}'", shape), "a shape defined in quantiles.csv");
    if (mean <= 0)
      row.fail("mean_ms", "an empirical distribution needs a positive mean", "mean_ms > 0");
    return Distribution::empirical(it->second, mean, sd());
  }
  row.fail("dist", fmt::format("unknown distribution '{}'", dist),
           "one of fixed, normal, lognormal, exponential, empirical");
}

template <class T>
uint32_t TraceReader::add_unique(std::vector<T>& v, std::map<std::string, uint32_t>& index, T item,
                                 const TableRow& row, const char* col) {
  if (index.count(item.name))
    row.fail(col, fmt::format("duplicate name '{}'", item.name), "unique names");
  const auto id = static_cast<uint32_t>(v.size());
  index[item.name] = id;
  v.push_back(std::move(item));
  return id;
}

void TraceReader::read_models() {
  for (const auto& row : layers_.rows("models.csv", {"task", "model", "family", "variant", "top1", "size_bytes"}, {"model"})) {
    ModelInfo m;
    m.task = row.text("task");
    m.name = row.text("model");
    m.family = row.text("family");
    m.variant = row.text("variant");
    m.top1 = row.number("top1");
    if (m.top1 < 0 || m.top1 > 1)
      row.fail("top1", fmt::format("accuracy {} outside [0,1]", m.top1), "a fraction in [0,1]");
    m.size_bytes = row.number("size_bytes");
    if (m.size_bytes <= 0)
      row.fail("size_bytes", "size must be positive", "bytes > 0");
    const std::string compression = row.has("compression") ? row.cell("compression") : "";
    if (compression == "gzip")
      m.gzip = true;
    else if (!compression.empty() && compression != "none")
      row.fail("compression", fmt::format("unknown compression '{}'", compression), "none or gzip");
    m.memory_bytes = row.has("decompressed_bytes") ? row.number_or("decompressed_bytes", m.size_bytes) : m.size_bytes;
    if (m.memory_bytes < m.size_bytes && !m.gzip)
      row.fail("decompressed_bytes", "an uncompressed model's decompressed size must equal its size",
               "empty or size_bytes");
    if (m.memory_bytes <= 0)
      row.fail("decompressed_bytes", "size must be positive", "bytes > 0");
    m.macs = row.number_or("macs", 0.0);  // features of the regression profiler (optional)
    m.input_px = row.number_or("input_px", 0.0);
    if (m.macs < 0 || m.input_px < 0)
      row.fail(m.macs < 0 ? "macs" : "input_px", "negative value", "a value >= 0, or empty when unknown");
    add_unique(ts_.models_, ts_.model_index_, std::move(m), row, "model");
  }
}

void TraceReader::read_devices() {
  for (const auto& row : layers_.rows("devices.csv",
                                      {"device", "label", "year", "idle_power_w", "screen_power_w", "image_load_power_w",
                                       "model_load_power_w", "inference_power_w", "battery_mah", "battery_v"},
                                      {"device"})) {
    DeviceClass d;
    d.name = row.text("device");
    d.label = row.text("label");
    const double year = row.number("year");
    if (year != std::floor(year) || year < 1990 || year > 2100)
      row.fail("year", fmt::format("{} is not a year in [1990, 2100]", year), "the device's release year");
    d.year = static_cast<int>(year);
    auto watts = [&](const char* col, const PlausibleRange& range) {
      const double v = row.number(col);
      if (v < 0)
        row.fail(col, "negative power", "watts >= 0");
      check_plausible(row, col, v, range);
      return v;
    };
    d.idle_power_w = watts("idle_power_w", plausible::kPhoneIdleW);
    d.screen_power_w = watts("screen_power_w", plausible::kPhoneScreenW);
    d.image_load_power_w = watts("image_load_power_w", plausible::kPhonePhaseW);
    d.model_load_power_w = watts("model_load_power_w", plausible::kPhonePhaseW);
    d.inference_power_w = watts("inference_power_w", plausible::kPhonePhaseW);
    const double mah = row.number("battery_mah"), volts = row.number("battery_v");
    if (!(mah > 0))
      row.fail("battery_mah", "battery capacity must be positive", "mAh > 0");
    if (!(volts > 0))
      row.fail("battery_v", "battery voltage must be positive", "volts > 0");
    check_plausible(row, "battery_mah", mah, plausible::kBatteryMah);
    check_plausible(row, "battery_v", volts, plausible::kBatteryV);
    d.battery_j = mah * 3.6 * volts;
    d.inflate_bytes_per_s = (row.has("inflate_bps") ? row.number_or("inflate_bps", 0.0) : 0.0) / 8.0;
    if (d.inflate_bytes_per_s < 0)
      row.fail("inflate_bps", "negative rate", "bits per second >= 0");
    d.by_model.resize(ts_.models_.size());
    add_unique(ts_.devices_, ts_.device_index_, std::move(d), row, "device");
  }
}

void TraceReader::read_device_timings() {
  const size_t n_models = ts_.models_.size();
  std::vector<std::vector<uint8_t>> phases(ts_.devices_.size(), std::vector<uint8_t>(n_models, 0));
  std::vector<bool> has_image(ts_.devices_.size(), false);
  for (const auto& row : layers_.rows("device_timings.csv", {"device", "model", "phase", "dist", "mean_ms", "sd_ms", "shape"},
                                      {"device", "model", "phase"})) {
    const auto dev = ts_.device_id(row.text("device"));
    if (dev == NONE)
      row.fail("device", fmt::format("unknown device class '{}'", row.cell("device")), "a device listed in devices.csv");
    const std::string phase = row.text("phase");
    const std::string model = row.text("model");
    auto& d = ts_.devices_[dev];
    const double mean_ms = row.number("mean_ms");
    if (phase == "image_load") {
      if (model != "*")
        row.fail("model", "image_load rows apply to every model", "model '*'");
      check_plausible(row, "mean_ms", mean_ms, plausible::kImageLoadMs);
      d.image_load = timing(row);
      has_image[dev] = true;
      continue;
    }
    const auto mid = ts_.model_id(model);
    if (mid == NONE)
      row.fail("model", fmt::format("unknown model '{}'", model), "a model listed in models.csv");
    auto& pt = d.by_model[mid];
    if (phase == "model_load") {
      check_plausible(row, "mean_ms", mean_ms, plausible::kModelLoadMs);
      pt.model_load = timing(row);
    } else if (phase == "inference") {
      check_plausible(row, "mean_ms", mean_ms, plausible::kPhoneInferenceMs);
      pt.inference = timing(row);
    } else {
      row.fail("phase", fmt::format("unknown phase '{}'", phase), "image_load, model_load or inference");
    }
    phases[dev][mid] |= phase == "model_load" ? 1 : 2;
    pt.present = phases[dev][mid] == 3;
  }
  check_devices(phases, has_image);
}

void TraceReader::check_devices(const std::vector<std::vector<uint8_t>>& phases, const std::vector<bool>& has_image) {
  for (size_t d = 0; d < ts_.devices_.size(); ++d) {
    const auto& dev = ts_.devices_[d];
    for (size_t m = 0; m < ts_.models_.size(); ++m) {
      if (phases[d][m] && ts_.models_[m].gzip && dev.inflate_bytes_per_s <= 0)
        throw InputError({path("devices.csv"), 0, 0, "inflate_bps"},
                         fmt::format("device '{}' has timings for gzipped model '{}' but no inflate_bps", dev.name,
                                     ts_.models_[m].name),
                         "a decompression rate for devices that load gzipped models");
      if (phases[d][m] != 0 && phases[d][m] != 3)
        throw InputError({path("device_timings.csv"), 0, 0, "phase"},
                         fmt::format("device '{}' model '{}' needs both model_load and inference rows", dev.name,
                                     ts_.models_[m].name));
    }
    if (!has_image[d])
      throw InputError({path("device_timings.csv"), 0, 0, "phase"},
                       fmt::format("device '{}' has no image_load row", dev.name), "one image_load row per device");
  }
}

void TraceReader::read_radios() {
  for (const auto& row : layers_.rows("radio_power.csv",
                                      {"radio", "promotion_power_mw", "promotion_time_ms", "tail_power_mw", "tail_time_ms",
                                       "idle_power_mw", "uplink_mw_per_mbps", "downlink_mw_per_mbps", "base_power_mw"},
                                      {"radio"})) {
    RadioPower r;
    r.name = row.text("radio");
    auto milli = [&](const char* col) {
      const double v = row.number_or(col, 0.0);
      if (v < 0)
        row.fail(col, "negative value", "a value >= 0");
      check_plausible(row, col, v, std::string(col).find("_ms") != std::string::npos ? plausible::kRadioMs : plausible::kRadioMw);
      return v * 1e-3;
    };
    r.promotion_w = milli("promotion_power_mw");
    r.promotion_s = milli("promotion_time_ms");
    r.tail_w = milli("tail_power_mw");
    r.tail_s = milli("tail_time_ms");
    r.idle_w = milli("idle_power_mw");
    r.uplink_w_per_mbps = milli("uplink_mw_per_mbps");
    r.downlink_w_per_mbps = milli("downlink_mw_per_mbps");
    r.base_w = milli("base_power_mw");
    add_unique(ts_.radios_, ts_.radio_index_, std::move(r), row, "radio");
  }
}

void TraceReader::read_networks() {
  for (const auto& row : layers_.rows("networks.csv",
                                      {"network", "label", "radio", "uplink_bps", "downlink_bps", "latency_ms",
                                       "transfer_mean_ms", "transfer_sd_ms", "ref_upload_bytes", "ref_download_bytes"},
                                      {"network"})) {
    NetworkType n;
    n.name = row.text("network");
    n.label = row.text("label");
    n.radio = row.text("radio");
    n.radio_id = TraceSet::find(ts_.radio_index_, n.radio);
    if (n.radio_id == NONE)
      row.fail("radio", fmt::format("unknown radio '{}'", n.radio), "a radio listed in radio_power.csv");
    n.uplink_bytes_per_s = row.number("uplink_bps") / 8.0;  // bytes are bytes; rates are bits per second
    n.downlink_bytes_per_s = row.number("downlink_bps") / 8.0;
    n.latency_s = row.number("latency_ms") * 1e-3;
    n.transfer_mean_s = row.number("transfer_mean_ms") * 1e-3;
    n.transfer_sd_s = row.number("transfer_sd_ms") * 1e-3;
    n.ref_upload_bytes = row.number("ref_upload_bytes");
    n.ref_download_bytes = row.number("ref_download_bytes");
    read_delay_model(row, n);
    check_network(row, n);
    add_unique(ts_.networks_, ts_.network_index_, std::move(n), row, "network");
  }
}

/// Optional columns delay_dist (lognormal when absent or empty), delay_shape, delay_correlation.
void TraceReader::read_delay_model(const TableRow& row, NetworkType& n) const {
  const auto optional = [&](const char* col) { return row.has(col) ? row.cell(col) : std::string(); };
  const std::string dist = optional("delay_dist");
  const auto& kinds = delay_models();
  const auto k = std::find_if(kinds.begin(), kinds.end(),
                              [&](const DelayModelInfo& i) { return dist.empty() ? i.kind == NetworkType::Delay::LOGNORMAL : dist == i.name; });
  if (k == kinds.end()) {
    std::vector<std::string> names;
    for (const auto& i : kinds)
      names.emplace_back(i.name);
    row.fail("delay_dist", fmt::format("unknown delay model '{}'", dist), fmt::format("one of {}", fmt::join(names, ", ")));
  }
  n.delay = k->kind;
  using D = NetworkType::Delay;
  if (n.delay == D::EMPIRICAL) {
    const std::string shape = optional("delay_shape");
    const auto it = shapes_.find(shape);
    if (it == shapes_.end())
      row.fail("delay_shape", fmt::format("unknown shape '{}'", shape), "a shape defined in quantiles.csv");
    n.delay_shape = it->second;
  }
  const std::string corr = optional("delay_correlation");
  if (corr != "" && corr != "independent" && corr != "same")
    row.fail("delay_correlation", fmt::format("unknown correlation '{}'", corr), "independent or same");
  n.same_sample = corr == "same";
}

void TraceReader::check_network(const TableRow& row, const NetworkType& n) {
  check_plausible(row, "uplink_bps", n.uplink_bytes_per_s * 8, plausible::kLinkBps);
  check_plausible(row, "downlink_bps", n.downlink_bytes_per_s * 8, plausible::kLinkBps);
  if (n.uplink_bytes_per_s <= 0)
    row.fail("uplink_bps", "bandwidth must be positive", "bits per second > 0");
  if (n.downlink_bytes_per_s <= 0)
    row.fail("downlink_bps", "bandwidth must be positive", "bits per second > 0");
  if (n.latency_s < 0 || n.latency_s > kMaxLatencyS)
    row.fail("latency_ms", fmt::format("{} ms is not a latency in [0, {} ms]", n.latency_s * 1e3, kMaxLatencyS * 1e3),
             "a one-way latency of at most an hour");
  if (n.transfer_sd_s < 0)
    row.fail("transfer_sd_ms", "negative standard deviation", "a value >= 0");
  if (n.ref_upload_bytes < 0)
    row.fail("ref_upload_bytes", "negative size", "bytes >= 0");
  if (n.ref_download_bytes < 0)
    row.fail("ref_download_bytes", "negative size", "bytes >= 0");
  // The engine calibrates each cell's extra delay through its actual route (network_model.cpp).
  const double nominal = n.nominal_one_way_s(n.ref_upload_bytes, true) + n.nominal_one_way_s(n.ref_download_bytes, false);
  const double extra = n.transfer_mean_s - nominal;
  if (extra < -1e-12)
    row.fail("transfer_mean_ms",
             fmt::format("measured transfer {:.6g} ms is shorter than the modelled link alone ({:.6g} ms)",
                         n.transfer_mean_s * 1e3, nominal * 1e3),
             "latency and bandwidth that fit the measured transfer time");
  if (extra <= 0 && n.transfer_sd_s > 0)
    row.fail("transfer_sd_ms", "a spread needs a measured transfer longer than the link time",
             "transfer_mean_ms above the link time, or transfer_sd_ms 0");
}

void TraceReader::read_servers() {
  for (const auto& row :
       layers_.rows("servers.csv", {"server", "label", "model_load_bps", "idle_power_w", "busy_power_w"}, {"server"})) {
    ServerType s;
    s.name = row.text("server");
    s.label = row.text("label");
    s.model_load_bytes_per_s = row.number("model_load_bps") / 8.0;
    if (s.model_load_bytes_per_s <= 0)
      row.fail("model_load_bps", "rate must be positive", "bits per second > 0");
    s.idle_power_w = row.number("idle_power_w");
    s.busy_power_w = row.number("busy_power_w");
    if (s.idle_power_w < 0 || s.busy_power_w < s.idle_power_w)
      row.fail("busy_power_w", "powers must satisfy 0 <= idle <= busy", "idle_power_w <= busy_power_w");
    check_plausible(row, "idle_power_w", s.idle_power_w, plausible::kServerW);
    check_plausible(row, "busy_power_w", s.busy_power_w, plausible::kServerW);
    s.inference.resize(ts_.models_.size());
    add_unique(ts_.servers_, ts_.server_index_, std::move(s), row, "server");
  }
}

void TraceReader::read_server_timings() {
  for (const auto& row : layers_.rows("server_timings.csv", {"server", "model", "dist", "mean_ms", "sd_ms", "shape"},
                                      {"server", "model"})) {
    const auto sid = ts_.server_id(row.text("server"));
    if (sid == NONE)
      row.fail("server", fmt::format("unknown server type '{}'", row.cell("server")), "a server listed in servers.csv");
    const auto mid = ts_.model_id(row.text("model"));
    if (mid == NONE)
      row.fail("model", fmt::format("unknown model '{}'", row.cell("model")), "a model listed in models.csv");
    check_plausible(row, "mean_ms", row.number("mean_ms"), plausible::kServerInferenceMs);
    ts_.servers_[sid].inference[mid] = timing(row);
  }
}

/// A (device, model) pair without measured rows gets the device's regression prediction as its
/// times (lognormal with the fit's residual spread), when the model has the features: scenarios
/// may then give phones models no one measured on them (sim/core/profile_regression.hpp).
void TraceReader::predict_missing_timings() {
  for (DeviceId d = 0; d < ts_.devices_.size(); ++d) {
    const auto fit = DeviceRegression::fit(ts_, d);
    auto& dev = ts_.devices_[d];
    for (size_t m = 0; m < ts_.models_.size(); ++m) {
      const auto& info = ts_.models_[m];
      auto& pt = dev.by_model[m];
      if (pt.present)
        continue;
      const auto load = fit.predict_s(Phase::MODEL_LOAD, info), inf = fit.predict_s(Phase::INFERENCE, info);
      if (!load || !inf)
        continue;
      const auto cv = [](double ln_sd) { return std::sqrt(std::expm1(ln_sd * ln_sd)); };
      pt.model_load = Distribution::lognormal(*load, *load * cv(*fit.spread(Phase::MODEL_LOAD, info)));
      pt.inference = Distribution::lognormal(*inf, *inf * cv(*fit.spread(Phase::INFERENCE, info)));
      pt.present = pt.predicted = true;
    }
  }
}

}  // namespace modi
