#include "sim/model/network_model.hpp"

#include <algorithm>
#include <cmath>

namespace modi::model {

NetworkModel::NetworkModel(const Topology& topology, const TraceSet& traces, double tcp_gamma_bytes)
    : topology_(topology), tcp_gamma_bytes_(tcp_gamma_bytes) {
  for (const auto& c : topology.cells()) {
    const auto& net = traces.networks()[c.network];
    const auto& edge = topology.servers()[c.edge];
    CellRoute r;
    r.latency_s = net.latency_s + edge.backhaul_latency_s;
    // a replayed trace counts with its mean rate
    r.up_bytes_per_s = std::min({net.uplink_bytes_per_s, mean_bps(c.traces.up, c.uplink_capacity_bps) / 8.0,
                                 mean_bps(edge.backhaul_traces.up, edge.backhaul_bandwidth_bps) / 8.0});
    r.down_bytes_per_s = std::min({net.downlink_bytes_per_s, mean_bps(c.traces.down, c.downlink_capacity_bps) / 8.0,
                                   mean_bps(edge.backhaul_traces.down, edge.backhaul_bandwidth_bps) / 8.0});
    cells_.push_back(r);
  }
  for (uint32_t c = 0; c < cells_.size(); ++c) {
    calibrate(c, traces.networks()[topology.cells()[c].network]);
    const auto& path = topology.path(c);
    std::vector<double> wan{0.0};
    for (size_t j = 0; j + 1 < path.size(); ++j)
      wan.push_back(wan.back() + topology.servers()[path[j]].uplink_latency_s);
    wan_latency_.push_back(std::move(wan));
  }
}

/// The extra delay of each leg: the measured round trip of the reference payload (mean, sd) minus
/// the route's own time, split over the two legs. Independent legs each carry sd/sqrt(2); a shared
/// draw (delay_correlation: same) makes the round trip twice one leg, so each leg carries sd/2.
/// For `normal` these are the parameters of the normal before its truncation at zero.
void NetworkModel::calibrate(uint32_t c, const NetworkType& net) {
  const double nominal = route_time_s(c, 0, net.ref_upload_bytes, true) + route_time_s(c, 0, net.ref_download_bytes, false);
  const double half_mean = std::max(0.0, net.transfer_mean_s - nominal) / 2.0;
  const double half_sd = net.same_sample ? net.transfer_sd_s / 2.0 : net.transfer_sd_s / std::sqrt(2.0);
  auto& r = cells_[c];
  using D = NetworkType::Delay;
  switch (net.delay) {
    case D::LOGNORMAL:
      r.extra_up = (half_sd > 0 && half_mean > 0) ? Distribution::lognormal(half_mean, half_sd) : Distribution::fixed(half_mean);
      break;
    case D::NORMAL:
      r.extra_up = Distribution::truncated_normal(half_mean, half_sd);
      break;
    case D::EMPIRICAL:
      r.extra_up = half_mean > 0 ? Distribution::empirical(net.delay_shape, half_mean, half_sd) : Distribution::fixed(0.0);
      break;
    case D::FIXED:
      r.extra_up = Distribution::fixed(half_mean);
      break;
  }
  r.extra_down = r.extra_up;
  r.same_sample = net.same_sample;
}

double NetworkModel::route_time_s(uint32_t c, uint32_t tier, double bytes, bool up) const {
  const auto& r = cells_[c];
  const auto& path = topology_.path(c);
  double latency = r.latency_s;
  double rate = up ? r.up_bytes_per_s : r.down_bytes_per_s;
  for (uint32_t j = 0; j < tier; ++j) {
    const auto& hop = topology_.servers()[path[j]];
    latency += hop.uplink_latency_s;
    rate = std::min(rate, mean_bps(up ? hop.wan_traces.up : hop.wan_traces.down, hop.uplink_bandwidth_bps) / 8.0);
  }
  // CM02's TCP window bound on a single flow (network/TCP-gamma bytes per round trip).
  if (tcp_gamma_bytes_ > 0 && latency > 0)
    rate = std::min(rate, tcp_gamma_bytes_ / (2.0 * latency));
  return latency + bytes / rate;
}

}  // namespace modi::model
