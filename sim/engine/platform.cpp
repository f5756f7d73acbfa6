#include "sim/engine/platform.hpp"

#include <fmt/format.h>
#include <simgrid/s4u.hpp>
#include <xbt/config.hpp>

namespace sg4 = simgrid::s4u;

namespace modi::engine {
namespace {

/// SimGrid names: `kind/name/part`. Scenario names cannot contain '/', so no two resources can
/// share a name whatever the scenario calls its edges and cells.
std::string sg_name(const char* kind, const std::string& name, const char* part = nullptr) {
  return part ? fmt::format("{}/{}/{}", kind, name, part) : fmt::format("{}/{}", kind, name);
}

LinkPair make_links(sg4::NetZone* zone, const std::string& name, double bandwidth_bps, double latency_s) {
  // SimGrid bandwidths are in bytes per second.
  return {zone->create_link(name + "/up", bandwidth_bps / 8.0)->set_latency(latency_s)->seal(),
          zone->create_link(name + "/down", bandwidth_bps / 8.0)->set_latency(latency_s)->seal()};
}

class Builder {
public:
  Builder(const config::Scenario& s, const model::Topology& t) : s_(s), t_(t) {
    p_.server_hosts.resize(t.servers().size(), nullptr);
    p_.cell_hosts.resize(t.cells().size(), nullptr);
    p_.cell_links.resize(t.cells().size());
    p_.backhaul_links.resize(t.servers().size());
    p_.wan_links.resize(t.servers().size());
  }

  Platform build() {
    auto* root = sg4::create_star_zone("world");
    // Every link first, in the root zone: SimGrid checks a new link's name against every zone, so
    // creating links before the zones keeps building linear in the platform's size.
    create_links(root);
    // Hosts that only stand for places (control, access points) draw nothing.
    p_.control = root->create_host("control", 1e9)->set_property("wattage_per_state", "0:0:0")->seal();
    if (t_.cloud() != NONE) {
      auto* zone = sg4::create_star_zone(sg_name("zone", t_.servers()[t_.cloud()].name))->set_parent(root);
      add_server_host(zone, t_.cloud());
      root->add_route(zone->get_netpoint(), nullptr, host_np(t_.cloud()), nullptr, {}, false);
      root->add_route(nullptr, zone->get_netpoint(), nullptr, host_np(t_.cloud()), {}, false);
    }
    for (uint32_t sv : t_.top_servers())
      add_subtree(root, sv);
    root->seal();
    p_.tcp_gamma_bytes = simgrid::config::get_value<double>("network/TCP-gamma");
    return std::move(p_);
  }

private:
  struct CellLinks {
    sg4::Link *up = nullptr, *down = nullptr, *radio_up = nullptr, *radio_down = nullptr;
  };

  void create_links(sg4::NetZone* root) {
    for (uint32_t i = 0; i < t_.servers().size(); ++i) {
      const auto& n = t_.servers()[i];
      if (i == t_.cloud())
        continue;
      p_.backhaul_links[i] = make_links(root, sg_name("backhaul", n.name), n.backhaul_bandwidth_bps, n.backhaul_latency_s);
      replay(p_.backhaul_links[i], n.backhaul_traces, n.backhaul_bandwidth_bps, n.backhaul_bandwidth_bps);
      if (n.parent != NONE) {
        p_.wan_links[i] = make_links(root, sg_name("wan", n.name), n.uplink_bandwidth_bps, n.uplink_latency_s);
        replay(p_.wan_links[i], n.wan_traces, n.uplink_bandwidth_bps, n.uplink_bandwidth_bps);
      }
    }
    cell_links_.resize(t_.cells().size());
    for (uint32_t c = 0; c < t_.cells().size(); ++c) {
      const auto& cell = t_.cells()[c];
      const auto& net = s_.traces->networks()[cell.network];
      auto& l = cell_links_[c];
      l.up = root->create_link(sg_name("cell", cell.name, "up"), cell.uplink_capacity_bps / 8.0)->set_latency(net.latency_s)->seal();
      l.down = root->create_link(sg_name("cell", cell.name, "down"), cell.downlink_capacity_bps / 8.0)->set_latency(net.latency_s)->seal();
      // The phone's radio caps each of its transfers without sharing: a FATPIPE link gives every
      // flow the full rate (Comm::set_rate is ignored by host-to-host transfers).
      l.radio_up = root->create_link(sg_name("cell", cell.name, "radio_up"), net.uplink_bytes_per_s)
                       ->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE)
                       ->seal();
      l.radio_down = root->create_link(sg_name("cell", cell.name, "radio_down"), net.downlink_bytes_per_s)
                         ->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE)
                         ->seal();
      p_.cell_links[c] = {l.up, l.down};
      replay(p_.cell_links[c], cell.traces, cell.uplink_capacity_bps, cell.downlink_capacity_bps);
    }
  }

  /// Links that replay a trace start at its first rate and may rise to its maximum (or to their
  /// configured bandwidth, which they return to after a pass that does not loop).
  void replay(const LinkPair& links, const config::LinkTraces& traces, double up_bps, double down_bps) {
    const auto one = [&](sg4::Link* l, const std::shared_ptr<const BandwidthTrace>& trace, double bps) {
      if (!trace)
        return;
      const double after = bps / 8.0;
      l->set_bandwidth(replay_rate(trace->rate_at(0, after)));
      p_.ceilings->add(l, std::max(trace->max_bytes_per_s(), trace->loop() ? 0.0 : after));
      p_.replayed.push_back({l, trace, after});
    };
    one(links.up, traces.up, up_bps);
    one(links.down, traces.down, down_bps);
  }

  simgrid::kernel::routing::NetPoint* host_np(uint32_t server) { return p_.server_hosts[server]->get_netpoint(); }

  void add_server_host(sg4::NetZone* zone, uint32_t i) {
    const auto& n = t_.servers()[i];
    const auto& st = s_.traces->servers()[n.type];
    // SimGrid 3.32's host energy plugin reads Idle:Epsilon:AllCores, power linear in the load from
    // Epsilon (load just above 0) to AllCores. Epsilon = Idle gives the linear model
    // P = idle + (busy - idle) x busy cores / cores.
    p_.server_hosts[i] = zone->create_host(sg_name("server", n.name), 1e9 * n.speed)
                             ->set_core_count(static_cast<int>(n.cores))
                             ->set_property("wattage_per_state",
                                            fmt::format("{}:{}:{}", st.idle_power_w, st.idle_power_w, st.busy_power_w))
                             ->set_property("wattage_off", "0")
                             ->seal();
  }

  /// A zone for server i, its cells and the subtrees of the servers below it; linked to the
  /// parent zone through i's WAN link, with i's host as the gateway.
  void add_subtree(sg4::NetZone* parent, uint32_t i) {
    const auto& n = t_.servers()[i];
    sg4::NetZone* zone = nullptr;
    sg4::NetZone* site = nullptr;
    if (n.children.empty()) {
      zone = site = create_site_zone(sg_name("zone", n.name), i)->set_parent(parent);
    } else {  // hosts must be leaves of the zone tree: the server gets its own zone
      zone = sg4::create_star_zone(sg_name("zone", n.name))->set_parent(parent);
      site = create_site_zone(sg_name("site", n.name), i)->set_parent(zone);
    }
    add_site(site, i);
    if (site != zone) {
      zone->add_route(site->get_netpoint(), nullptr, host_np(i), nullptr, {}, false);
      zone->add_route(nullptr, site->get_netpoint(), nullptr, host_np(i), {}, false);
    }
    for (uint32_t child : n.children)
      add_subtree(zone, child);
    if (n.parent != NONE) {
      parent->add_route(zone->get_netpoint(), nullptr, host_np(i), nullptr, {sg4::LinkInRoute(p_.wan_links[i].up)}, false);
      parent->add_route(nullptr, zone->get_netpoint(), nullptr, host_np(i), {sg4::LinkInRoute(p_.wan_links[i].down)},
                        false);
    }
  }

  /// The zone of server i's host and its cells' access points. Every transfer looks its route up:
  /// a full zone's lookup is an index into a table of routes, while a star zone assembles each
  /// route anew (a hash set per lookup: about 2,000 instructions, 3.5% of a request's cost). The
  /// full zone's table grows with the square of its hosts, so a site with many cells is a star.
  /// Within a site only a cell and its server exchange data (offloads, pushes, and every route
  /// that leaves the site through the server); for those both kinds give the same links in the
  /// same order, so the same results. A full zone has no route between two of its cells.
  sg4::NetZone* create_site_zone(const std::string& name, uint32_t i) const {
    return full_site(i) ? sg4::create_full_zone(name) : sg4::create_star_zone(name);
  }
  bool full_site(uint32_t i) const { return t_.cells_of(i).size() + 1 <= FULL_SITE_MAX_HOSTS; }

  void add_site(sg4::NetZone* site, uint32_t i) {
    add_server_host(site, i);
    for (uint32_t c : t_.cells_of(i))  // every host before any route: a full zone's table is sized once
      p_.cell_hosts[c] = site->create_host(sg_name("cell", t_.cells()[c].name), 1e9)
                             ->set_property("wattage_per_state", "0:0:0")
                             ->seal();
    auto* peer = full_site(i) ? host_np(i) : nullptr;
    for (uint32_t c : t_.cells_of(i))
      add_cell_routes(site, c, peer);
  }

  /// An access point on the cell's links: the phone radio's cap, the shared cell link, the backhaul.
  /// `server`: the only host it talks to in a full zone; nullptr in a star zone (to every host).
  void add_cell_routes(sg4::NetZone* site, uint32_t c, simgrid::kernel::routing::NetPoint* server) {
    const auto& bh = p_.backhaul_links[t_.cells()[c].edge];
    const auto& l = cell_links_[c];
    auto* np = p_.cell_hosts[c]->get_netpoint();
    site->add_route(np, server, nullptr, nullptr,
                    {sg4::LinkInRoute(l.radio_up), sg4::LinkInRoute(l.up), sg4::LinkInRoute(bh.up)}, false);
    site->add_route(server, np, nullptr, nullptr,
                    {sg4::LinkInRoute(bh.down), sg4::LinkInRoute(l.down), sg4::LinkInRoute(l.radio_down)}, false);
  }

  const config::Scenario& s_;
  const model::Topology& t_;
  Platform p_;
  std::vector<CellLinks> cell_links_;
};

}  // namespace

Platform build_platform(const config::Scenario& s, const model::Topology& t) {
  // Trap: the network model must be set before the first zone exists.
  sg4::Engine::set_config("network/model:" + s.simulation.network_model);
  sg4::Engine::set_config(std::string("network/crosstraffic:") + (s.simulation.crosstraffic ? "1" : "0"));
  return Builder(s, t).build();
}

}  // namespace modi::engine
