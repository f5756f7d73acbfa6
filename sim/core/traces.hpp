// The measured world: model catalog, device classes with their per-model timing
// distributions, connection types, server types. Loaded once from a trace directory (format,
// units and sources in traces/README.md). Everything here is plain data with dense integer ids.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"

namespace modi {

using ModelId = uint32_t;
using DeviceId = uint32_t;
using NetworkId = uint32_t;
using ServerTypeId = uint32_t;
constexpr uint32_t NONE = UINT32_MAX;

struct ModelInfo {
  std::string name;
  std::string task;
  std::string family;
  std::string variant;
  double top1 = 0;          ///< top-1 accuracy in [0,1]
  double size_bytes = 0;    ///< storage size (compressed size for gzip variants)
  bool gzip = false;        ///< stored gzipped: loading pays decompression
  double memory_bytes = 0;  ///< size once loaded (decompressed); equals size_bytes when not compressed
  double macs = 0;          ///< multiply-adds per inference (0: unknown)
  double input_px = 0;      ///< input image side in pixels (0: unknown)
  bool eight_bit() const { return variant.rfind("8bit", 0) == 0; }
};

struct PhaseTimings {
  bool present = false;
  bool predicted = false;   ///< no measured row: the times are the device's regression prediction
  Distribution model_load;  ///< cold load into memory
  Distribution inference;   ///< one inference with the model loaded
};

struct DeviceClass {
  std::string name;
  std::string label;
  int year = 0;
  double idle_power_w = 0;        ///< awake, screen off, radio excluded
  double screen_power_w = 0;      ///< added while the screen is on
  double image_load_power_w = 0;  ///< above idle, while decoding the input image
  double model_load_power_w = 0;  ///< above idle, while loading a model
  double inference_power_w = 0;   ///< above idle, while running inference
  double battery_j = 0;           ///< battery capacity (mAh x nominal voltage)
  double inflate_bytes_per_s = 0;  ///< gzip decompression throughput (decompressed bytes per second)
  /// Extra cold-load time of model m on this device: decompression of a gzipped model.
  double decompress_s(const ModelInfo& m) const {
    return m.gzip && inflate_bytes_per_s > 0 ? m.memory_bytes / inflate_bytes_per_s : 0.0;
  }
  Distribution image_load;
  std::vector<PhaseTimings> by_model;  ///< indexed by ModelId
};

/// Radio power model (Huang et al., MobiSys 2012): power while transferring grows linearly with
/// throughput; promotion and tail states are used by the energy accounting.
struct RadioPower {
  std::string name;                 ///< wifi | lte | 3g
  double base_w = 0;                ///< power while transferring, before the throughput terms
  double uplink_w_per_mbps = 0;
  double downlink_w_per_mbps = 0;
  double promotion_w = 0, promotion_s = 0, tail_w = 0, tail_s = 0, idle_w = 0;
  /// Energy of moving `bytes` in `duration_s` (active transfer only).
  double transfer_energy_j(double bytes, double duration_s, bool up) const {
    return base_w * duration_s + (up ? uplink_w_per_mbps : downlink_w_per_mbps) * bytes * 8e-6;
  }
};

struct NetworkType {
  std::string name;
  std::string label;
  std::string radio;          ///< wifi | lte | 3g
  uint32_t radio_id = NONE;   ///< index into TraceSet::radios()
  double uplink_bytes_per_s = 0;    ///< phone radio rate cap, up
  double downlink_bytes_per_s = 0;  ///< phone radio rate cap, down
  double latency_s = 0;       ///< one-way propagation on the access link
  double transfer_mean_s = 0; ///< measured mean transfer time (request up + reply down) of the reference payload
  double transfer_sd_s = 0;
  double ref_upload_bytes = 0;
  double ref_download_bytes = 0;
  /// The extra delay of each leg beyond the links (delay_dist, traces/README.md): its shape, and
  /// whether the reply's leg reuses the request's draw (delay_correlation: same) or draws its own.
  enum class Delay { LOGNORMAL, NORMAL, EMPIRICAL, FIXED };
  Delay delay = Delay::LOGNORMAL;
  std::shared_ptr<const QuantileTable> delay_shape;  ///< for EMPIRICAL
  bool same_sample = false;
  /// Uncontended time of a transfer of `bytes` in one direction, without the extra delay.
  double nominal_one_way_s(double bytes, bool up) const {
    return latency_s + bytes / (up ? uplink_bytes_per_s : downlink_bytes_per_s);
  }
};

/// The delay models a network row may name (delay_dist), with what each means: the reader and
/// `modisim list` use this one list.
struct DelayModelInfo {
  const char* name;
  NetworkType::Delay kind;
  const char* help;
};
const std::vector<DelayModelInfo>& delay_models();

struct ServerType {
  std::string name;
  std::string label;
  double model_load_bytes_per_s = 0;  ///< bytes of model per second when loading into memory
  double idle_power_w = 0;            ///< whole host, no core busy
  double busy_power_w = 0;            ///< whole host, every core busy
  std::vector<std::optional<Distribution>> inference;  ///< indexed by ModelId
};

class TraceSet {
public:
  /// Loads every table from `dir`; throws InputError naming the file and line of a bad cell.
  static std::shared_ptr<const TraceSet> load(const std::string& dir);
  /// Loads layers of directories (base first): each table is merged by its key, a later layer's
  /// row replacing an earlier one (trace_layers.hpp).
  static std::shared_ptr<const TraceSet> load(const std::vector<std::string>& layers);
  /// A copy with extra tasks that reuse another task's measured models (models named
  /// "<alias>/<model>"): synthetic multi-app workloads built on real measurements.
  std::shared_ptr<const TraceSet> with_task_aliases(const std::vector<std::pair<std::string, std::string>>& aliases) const;

  const std::vector<std::string>& layers() const { return layers_; }
  const std::vector<ModelInfo>& models() const { return models_; }
  const std::vector<DeviceClass>& devices() const { return devices_; }
  const std::vector<NetworkType>& networks() const { return networks_; }
  const std::vector<ServerType>& servers() const { return servers_; }
  const std::vector<RadioPower>& radios() const { return radios_; }

  ModelId model_id(const std::string& name) const { return find(model_index_, name); }
  DeviceId device_id(const std::string& name) const { return find(device_index_, name); }
  NetworkId network_id(const std::string& name) const { return find(network_index_, name); }
  ServerTypeId server_id(const std::string& name) const { return find(server_index_, name); }
  std::vector<ModelId> models_of_task(const std::string& task) const;
  bool has_task(const std::string& task) const;
  std::vector<std::string> task_names() const;

  template <class T>
  static std::vector<std::string> names(const std::vector<T>& v) {
    std::vector<std::string> out;
    out.reserve(v.size());
    for (const auto& x : v)
      out.push_back(x.name);
    return out;
  }

private:
  friend class TraceReader;
  static uint32_t find(const std::map<std::string, uint32_t>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? NONE : it->second;
  }
  std::vector<std::string> layers_;
  std::vector<ModelInfo> models_;
  std::vector<DeviceClass> devices_;
  std::vector<NetworkType> networks_;
  std::vector<ServerType> servers_;
  std::vector<RadioPower> radios_;
  std::map<std::string, uint32_t> model_index_, device_index_, network_index_, server_index_, radio_index_;
};

}  // namespace modi
