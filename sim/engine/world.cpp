#include "sim/engine/world.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <simgrid/s4u.hpp>
#include <xbt/config.hpp>

namespace sg4 = simgrid::s4u;

namespace modi::engine {
namespace {

std::string instance_name(const std::string& group, uint32_t count, uint32_t i) {
  return count == 1 ? group : fmt::format("{}-{}", group, i);
}

struct Links {
  sg4::Link* up = nullptr;
  sg4::Link* down = nullptr;
};

Links make_pair_of_links(sg4::NetZone* zone, const std::string& name, double bandwidth_bps, double latency_s) {
  // SimGrid bandwidths are in bytes per second.
  Links l;
  l.up = zone->create_link(name + "_up", bandwidth_bps / 8.0)->set_latency(latency_s)->seal();
  l.down = zone->create_link(name + "_down", bandwidth_bps / 8.0)->set_latency(latency_s)->seal();
  return l;
}

}  // namespace

World build_world(const config::Scenario& s) {
  // Trap: the network model must be set before the first zone exists.
  sg4::Engine::set_config("network/model:" + s.simulation.network_model);
  sg4::Engine::set_config(std::string("network/crosstraffic:") + (s.simulation.crosstraffic ? "1" : "0"));

  World w;
  w.task_names = s.traces->task_names();
  auto* zone = sg4::create_full_zone("world");
  // Hosts that only stand for places (control, access points) draw nothing.
  w.control = zone->create_host("control", 1e9)->set_property("wattage_per_state", "0:0:0")->seal();

  const auto& ts = *s.traces;
  auto models_by_task = [&](const std::vector<ModelId>& ids) {
    std::vector<std::vector<ModelId>> by(w.task_names.size());
    for (auto id : ids) {
      const auto it = std::find(w.task_names.begin(), w.task_names.end(), ts.models()[id].task);
      by[static_cast<size_t>(it - w.task_names.begin())].push_back(id);
    }
    return by;
  };
  auto make_server = [&](const std::string& name, policy::Site site, ServerTypeId type, uint32_t cores, double speed,
                         double memory_bytes, const std::vector<ModelId>& models, const std::vector<ModelId>& preloaded) {
    Server sv;
    sv.name = name;
    sv.site = site;
    sv.type = type;
    sv.cores = cores;
    sv.speed = speed;
    // SimGrid's host energy plugin: power idle, with one core busy, with every core busy.
    const auto& st = ts.servers()[type];
    const double one = st.idle_power_w + (st.busy_power_w - st.idle_power_w) / cores;
    sv.host = zone->create_host(name, 1e9 * speed)
                  ->set_core_count(static_cast<int>(cores))
                  ->set_property("wattage_per_state", fmt::format("{}:{}:{}", st.idle_power_w, one, st.busy_power_w))
                  ->set_property("wattage_off", "0")
                  ->seal();
    w.semaphores.push_back(sg4::Semaphore::create(cores));
    sv.slots = w.semaphores.back().get();
    sv.models_by_task = models_by_task(models);
    sv.loaded = LoadedModels(memory_bytes);
    for (auto id : preloaded)
      sv.loaded.insert(id, ts.models()[id].memory_bytes);
    // Initial service-time estimate: mean inference over the models it stores.
    double sum = 0;
    for (auto id : models)
      sum += ts.servers()[type].inference[id]->mean_s() / speed;
    sv.service_ewma_s = models.empty() ? 0.0 : sum / static_cast<double>(models.size());
    return sv;
  };

  // Edges, each with a backhaul (access points to the edge) and a WAN link towards the cloud.
  std::map<std::string, uint32_t> first_edge;
  std::vector<Links> backhaul, wan;
  for (const auto& g : s.edges) {
    first_edge[g.name] = static_cast<uint32_t>(w.servers.size());
    for (uint32_t i = 0; i < g.count; ++i) {
      const auto name = instance_name(g.name, g.count, i);
      w.servers.push_back(
          make_server(name, policy::Site::EDGE, g.server_id, g.cores, g.speed, g.memory_bytes, g.model_ids, g.preloaded_ids));
      backhaul.push_back(make_pair_of_links(zone, name + "_backhaul", g.backhaul_bandwidth_bps, g.backhaul_latency_s));
      wan.push_back(make_pair_of_links(zone, name + "_wan", s.cloud.wan_bandwidth_bps, s.cloud.wan_latency_s));
    }
  }
  const uint32_t n_edges = static_cast<uint32_t>(w.servers.size());
  for (uint32_t e = 0; e < n_edges; ++e) {
    w.backhaul_links.push_back({backhaul[e].up, backhaul[e].down});
    w.wan_links.push_back({wan[e].up, wan[e].down});
  }
  if (s.cloud.enabled) {
    w.cloud = n_edges;
    w.servers.push_back(make_server("cloud", policy::Site::CLOUD, s.cloud.server_id, s.cloud.cores, s.cloud.speed,
                                    1e18, s.cloud.model_ids, s.cloud.model_ids));
    for (uint32_t e = 0; e < n_edges; ++e) {
      zone->add_route(w.servers[e].host->get_netpoint(), w.servers[w.cloud].host->get_netpoint(), nullptr, nullptr,
                      {sg4::LinkInRoute(wan[e].up)}, false);
      zone->add_route(w.servers[w.cloud].host->get_netpoint(), w.servers[e].host->get_netpoint(), nullptr, nullptr,
                      {sg4::LinkInRoute(wan[e].down)}, false);
    }
  }

  // Cells: an access-point host with a shared uplink and downlink, routed to its edge and
  // through the edge's WAN link to the cloud.
  for (uint32_t gi = 0; gi < s.cells.size(); ++gi) {
    const auto& g = s.cells[gi];
    const auto& eg = *std::find_if(s.edges.begin(), s.edges.end(), [&](const auto& e) { return e.name == g.edge; });
    const auto& net = ts.networks()[g.network_id];
    for (uint32_t i = 0; i < g.count; ++i) {
      Cell c;
      c.name = instance_name(g.name, g.count, i);
      c.group = gi;
      c.network = g.network_id;
      c.edge = first_edge[g.edge] + (i % eg.count);
      c.host = zone->create_host(c.name, 1e9)->set_property("wattage_per_state", "0:0:0")->seal();
      c.latency_s = net.latency_s + eg.backhaul_latency_s;
      c.up_bytes_per_s = std::min({net.uplink_bytes_per_s, g.uplink_capacity_bps / 8.0, eg.backhaul_bandwidth_bps / 8.0});
      c.down_bytes_per_s =
          std::min({net.downlink_bytes_per_s, g.downlink_capacity_bps / 8.0, eg.backhaul_bandwidth_bps / 8.0});
      auto* up = zone->create_link(c.name + "_up", g.uplink_capacity_bps / 8.0)->set_latency(net.latency_s)->seal();
      auto* down = zone->create_link(c.name + "_down", g.downlink_capacity_bps / 8.0)->set_latency(net.latency_s)->seal();
      // The phone's radio caps each of its transfers without sharing: a FATPIPE link gives every
      // flow the full rate, while the cell links above are shared by all flows of the cell.
      auto* radio_up = zone->create_link(c.name + "_radio_up", net.uplink_bytes_per_s)
                           ->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE)
                           ->seal();
      auto* radio_down = zone->create_link(c.name + "_radio_down", net.downlink_bytes_per_s)
                             ->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE)
                             ->seal();
      const auto& bh = backhaul[c.edge];
      auto* edge_np = w.servers[c.edge].host->get_netpoint();
      zone->add_route(c.host->get_netpoint(), edge_np, nullptr, nullptr,
                      {sg4::LinkInRoute(radio_up), sg4::LinkInRoute(up), sg4::LinkInRoute(bh.up)}, false);
      zone->add_route(edge_np, c.host->get_netpoint(), nullptr, nullptr,
                      {sg4::LinkInRoute(bh.down), sg4::LinkInRoute(down), sg4::LinkInRoute(radio_down)}, false);
      if (s.cloud.enabled) {
        auto* cloud_np = w.servers[w.cloud].host->get_netpoint();
        zone->add_route(c.host->get_netpoint(), cloud_np, nullptr, nullptr,
                        {sg4::LinkInRoute(radio_up), sg4::LinkInRoute(up), sg4::LinkInRoute(bh.up),
                         sg4::LinkInRoute(wan[c.edge].up)},
                        false);
        zone->add_route(cloud_np, c.host->get_netpoint(), nullptr, nullptr,
                        {sg4::LinkInRoute(wan[c.edge].down), sg4::LinkInRoute(bh.down), sg4::LinkInRoute(down),
                         sg4::LinkInRoute(radio_down)},
                        false);
      }
      w.cell_links.push_back({up, down});
      w.cells.push_back(std::move(c));
    }
  }
  zone->seal();
  w.tcp_gamma_bytes = simgrid::config::get_value<double>("network/TCP-gamma");

  // Calibrate each cell's extra delay so that an uncontended transfer of the network's reference
  // payload through this cell's route to its edge has the measured mean and spread.
  for (uint32_t ci = 0; ci < w.cells.size(); ++ci) {
    auto& c = w.cells[ci];
    const auto& net = ts.networks()[c.network];
    const double nominal = route_time_s(s, w, ci, c.edge, net.ref_upload_bytes, true) +
                           route_time_s(s, w, ci, c.edge, net.ref_download_bytes, false);
    const double half_mean = std::max(0.0, net.transfer_mean_s - nominal) / 2.0;
    const double half_sd = net.transfer_sd_s / std::sqrt(2.0);
    c.extra_up = (half_sd > 0 && half_mean > 0) ? Distribution::lognormal(half_mean, half_sd) : Distribution::fixed(half_mean);
    c.extra_down = c.extra_up;
  }
  return w;
}

double route_time_s(const config::Scenario& s, const World& w, uint32_t cell, uint32_t server, double bytes, bool up) {
  const auto& c = w.cells[cell];
  double latency = c.latency_s;
  double rate = up ? c.up_bytes_per_s : c.down_bytes_per_s;
  if (server == w.cloud) {
    latency += s.cloud.wan_latency_s;
    rate = std::min(rate, s.cloud.wan_bandwidth_bps / 8.0);
  }
  // CM02's TCP window bound on a single flow (network/TCP-gamma bytes per round trip).
  if (w.tcp_gamma_bytes > 0 && latency > 0)
    rate = std::min(rate, w.tcp_gamma_bytes / (2.0 * latency));
  return latency + bytes / rate;
}

}  // namespace modi::engine
