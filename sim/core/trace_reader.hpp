// Builds a TraceSet table by table from its layers (TraceSet::load's worker; a friend of
// TraceSet, whose tables it fills).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/trace_layers.hpp"
#include "sim/core/traces.hpp"

namespace modi {

class TraceReader {
public:
  TraceReader(TraceSet& ts, const TraceLayers& layers) : ts_(ts), layers_(layers) {}
  void read_all() {
    load_shapes();
    read_models();
    read_devices();
    read_device_timings();
    read_radios();
    read_networks();
    read_servers();
    read_server_timings();
    predict_missing_timings();
  }

private:
  using Shapes = std::map<std::string, std::shared_ptr<QuantileTable>>;

  void load_shapes();
  void read_models();
  void read_devices();
  void read_device_timings();
  void check_devices(const std::vector<std::vector<uint8_t>>& phases, const std::vector<bool>& has_image);
  void read_radios();
  void read_networks();
  void read_delay_model(const TableRow& row, NetworkType& n) const;
  void check_network(const TableRow& row, const NetworkType& n);
  void read_servers();
  void read_server_timings();
  void predict_missing_timings();
  Distribution timing(const TableRow& row) const;
  template <class T>
  uint32_t add_unique(std::vector<T>& v, std::map<std::string, uint32_t>& index, T item, const TableRow& row,
                      const char* col);
  std::string path(const char* file) const { return layers_.dirs().front() + "/" + file; }

  TraceSet& ts_;
  const TraceLayers& layers_;
  Shapes shapes_;
};

}  // namespace modi
