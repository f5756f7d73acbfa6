// The platform's routes in a real SimGrid engine (one engine per process, so ctest runs one case
// per process): whatever kind of zone a site gets (full up to FULL_SITE_MAX_HOSTS hosts, star
// beyond), every route the simulator uses holds the links the topology names, in order, and their
// latencies' sum: a cell to its server and back, and a cell to the cloud and back.
#include <boost/test/unit_test.hpp>

#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <string>
#include <typeinfo>
#include <vector>

#include "quiet_engine.hpp"
#include "sim/config/scenario.hpp"
#include "sim/engine/platform.hpp"
#include "sim/model/topology.hpp"

namespace sg4 = simgrid::s4u;
using modi::engine::FULL_SITE_MAX_HOSTS;

namespace {

using Links = std::vector<sg4::Link*>;

/// configs/examples/tiers.yaml (edges under a regional server, a cloud above) with one edge and
/// `cells` cells attached to edge group `edge`, built into a platform.
struct World : QuietEngine {
  modi::config::Scenario scenario;
  modi::model::Topology topology;
  modi::engine::Platform platform;

  World(size_t cells, const std::string& edge)
      : scenario(modi::config::load(MODISIM_SOURCE_DIR "/configs/examples/tiers.yaml",
                                    {{"edges.0.count", "1", ""},
                                     {"cells.0.count", std::to_string(cells), ""},
                                     {"cells.0.edge", edge, ""}})),
        topology(modi::model::Topology::build(scenario)),
        platform(modi::engine::build_platform(scenario, topology)) {}

  Links route(sg4::Host* from, sg4::Host* to, double& latency_s) const {
    Links links;
    latency_s = 0;
    from->route_to(to, links, &latency_s);
    return links;
  }
};

double latency_sum(const Links& links) {
  double s = 0;
  for (auto* l : links)
    s += l->get_latency();
  return s;
}

Links by_name(const std::vector<std::string>& names) {
  Links links;
  for (const auto& n : names)
    links.push_back(sg4::Link::by_name(n));
  return links;
}

/// The WAN links from server s up to the cloud, nearest first, or from the cloud down to s.
std::vector<std::string> wan(const modi::model::Topology& t, uint32_t s, bool up) {
  std::vector<std::string> names;
  for (; t.servers()[s].parent != modi::NONE; s = t.servers()[s].parent)
    names.push_back("wan/" + t.servers()[s].name + (up ? "/up" : "/down"));
  if (!up)
    std::reverse(names.begin(), names.end());
  return names;
}

/// Every cell's route to its server and back, and to the cloud and back.
void check_routes(const World& w) {
  const auto& t = w.topology;
  BOOST_TEST_REQUIRE(!wan(t, t.cells()[0].edge, true).empty());  // the cloud is some WAN hops away
  for (uint32_t c = 0; c < t.cells().size(); ++c) {
    const auto& cell = t.cells()[c];
    const std::string& server = t.servers()[cell.edge].name;
    const std::vector<std::string> up{"cell/" + cell.name + "/radio_up", "cell/" + cell.name + "/up",
                                      "backhaul/" + server + "/up"};
    const std::vector<std::string> down{"backhaul/" + server + "/down", "cell/" + cell.name + "/down",
                                        "cell/" + cell.name + "/radio_down"};
    sg4::Host* ap = w.platform.cell_hosts[c];
    sg4::Host* host = w.platform.server_hosts[cell.edge];
    sg4::Host* cloud = w.platform.server_hosts[t.cloud()];
    double lat = 0;
    const auto to_server = w.route(ap, host, lat);
    BOOST_TEST((to_server == by_name(up)), "cell " << cell.name << " to its server");
    BOOST_TEST(lat == latency_sum(to_server));
    const auto from_server = w.route(host, ap, lat);
    BOOST_TEST((from_server == by_name(down)), "its server to cell " << cell.name);
    BOOST_TEST(lat == latency_sum(from_server));
    auto up_to_cloud = up;
    for (const auto& n : wan(t, cell.edge, true))
      up_to_cloud.push_back(n);
    const auto to_cloud = w.route(ap, cloud, lat);
    BOOST_TEST((to_cloud == by_name(up_to_cloud)), "cell " << cell.name << " to the cloud");
    // SimGrid adds the outer zones' latencies first: the same sum, in another order.
    BOOST_TEST(lat == latency_sum(to_cloud), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(lat >= 0.040);  // the regional server's WAN hop alone is 40 ms
    auto down_from_cloud = wan(t, cell.edge, false);
    for (const auto& n : down)
      down_from_cloud.push_back(n);
    const auto from_cloud = w.route(cloud, ap, lat);
    BOOST_TEST((from_cloud == by_name(down_from_cloud)), "the cloud to cell " << cell.name);
    BOOST_TEST(lat == latency_sum(from_cloud), boost::test_tools::tolerance(1e-12));
  }
}

/// The kind of zone of the first cell's server's site ("FullZone", "StarZone"). By the dynamic
/// type's name: libsimgrid does not export the zone classes' type information.
std::string site_kind(const World& w) {
  const auto& zone = *w.platform.server_hosts[w.topology.cells()[0].edge]->get_englobing_zone()->get_impl();
  const std::string mangled = typeid(zone).name();
  for (const char* kind : {"FullZone", "StarZone"})
    if (mangled.find(kind) != std::string::npos)
      return kind;
  return mangled;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(platform)

BOOST_AUTO_TEST_CASE(the_largest_full_site_routes_as_the_topology_says) {
  World w(FULL_SITE_MAX_HOSTS - 1, "edge");  // the server and 63 cells: 64 hosts
  BOOST_TEST_REQUIRE(site_kind(w) == "FullZone");
  check_routes(w);
}

BOOST_AUTO_TEST_CASE(a_site_past_the_full_zone_bound_routes_the_same) {
  World w(FULL_SITE_MAX_HOSTS, "edge");
  BOOST_TEST_REQUIRE(site_kind(w) == "StarZone");
  check_routes(w);
}

BOOST_AUTO_TEST_CASE(a_server_with_children_and_cells_routes_as_the_topology_says) {
  World w(4, "regional");  // the regional server's own site sits beside its children's zones
  BOOST_TEST_REQUIRE(site_kind(w) == "FullZone");
  BOOST_TEST_REQUIRE(!w.topology.servers()[w.topology.cells()[0].edge].children.empty());
  check_routes(w);
}

BOOST_AUTO_TEST_SUITE_END()
