// The platform's routes in a real SimGrid engine (one engine per process, so ctest runs one case
// per process): whatever kind of zone a site gets (full up to FULL_SITE_MAX_HOSTS hosts, star
// beyond), every route holds the links the topology names, in order, and their latencies' sum.
#include <boost/test/unit_test.hpp>

#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u.hpp>

#include <string>
#include <typeinfo>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/engine/platform.hpp"
#include "sim/model/topology.hpp"

namespace sg4 = simgrid::s4u;
using modi::engine::FULL_SITE_MAX_HOSTS;

namespace {

using Links = std::vector<sg4::Link*>;

/// configs/examples/tiers.yaml (cells under edges, edges under a regional server, a cloud) with
/// `cells` cells under one edge, built into a platform.
struct World {
  int argc = 2;
  char name[5] = "test";
  char quiet[32] = "--log=root.thresh:critical";
  char* argv[3] = {name, quiet, nullptr};
  sg4::Engine engine{&argc, argv};
  modi::config::Scenario scenario;
  modi::model::Topology topology;
  modi::engine::Platform platform;

  explicit World(size_t cells)
      : scenario(modi::config::load(MODISIM_SOURCE_DIR "/configs/examples/tiers.yaml",
                                    {{"edges.0.count", "1", ""}, {"cells.0.count", std::to_string(cells), ""}})),
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

Links names_of(const std::string& cell, const std::string& edge, const std::string& regional, bool up) {
  std::vector<std::string> names;
  if (up)
    names = {"cell/" + cell + "/radio_up", "cell/" + cell + "/up", "backhaul/" + edge + "/up"};
  else
    names = {"backhaul/" + edge + "/down", "cell/" + cell + "/down", "cell/" + cell + "/radio_down"};
  if (!regional.empty() && up) {
    names.push_back("wan/" + edge + "/up");
    names.push_back("wan/" + regional + "/up");
  }
  Links links;
  for (const auto& n : names)
    links.push_back(sg4::Link::by_name(n));
  return links;
}

/// Every cell's route to its edge, from its edge, and to the cloud (through the regional server).
void check_routes(const World& w) {
  const auto& t = w.topology;
  const uint32_t regional = t.servers()[t.cells()[0].edge].parent;
  BOOST_TEST_REQUIRE(regional != modi::NONE);
  for (uint32_t c = 0; c < t.cells().size(); ++c) {
    const auto& cell = t.cells()[c];
    const std::string& edge = t.servers()[cell.edge].name;
    sg4::Host* ap = w.platform.cell_hosts[c];
    sg4::Host* server = w.platform.server_hosts[cell.edge];
    sg4::Host* cloud = w.platform.server_hosts[t.cloud()];
    double lat = 0;
    const auto up = w.route(ap, server, lat);
    BOOST_TEST((up == names_of(cell.name, edge, "", true)), "cell " << cell.name << " to its edge");
    BOOST_TEST(lat == latency_sum(up));
    const auto down = w.route(server, ap, lat);
    BOOST_TEST((down == names_of(cell.name, edge, "", false)), "edge to cell " << cell.name);
    BOOST_TEST(lat == latency_sum(down));
    const auto to_cloud = w.route(ap, cloud, lat);
    BOOST_TEST((to_cloud == names_of(cell.name, edge, t.servers()[regional].name, true)),
               "cell " << cell.name << " to the cloud");
    // SimGrid adds the outer zones' latencies first: the same sum, in another order.
    BOOST_TEST(lat == latency_sum(to_cloud), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(lat > 0.059);  // the two WAN hops alone are 20 ms and 40 ms
  }
}

/// The kind of zone of the first cell's edge's site ("FullZone", "StarZone"). By the dynamic type's
/// name: libsimgrid does not export the zone classes' type information.
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

BOOST_AUTO_TEST_CASE(a_site_with_few_cells_routes_as_the_topology_says) {
  World w(4);
  BOOST_TEST_REQUIRE(site_kind(w) == "FullZone");
  check_routes(w);
}

BOOST_AUTO_TEST_CASE(a_site_past_the_full_zone_bound_routes_the_same) {
  World w(FULL_SITE_MAX_HOSTS + 6);
  BOOST_TEST_REQUIRE(site_kind(w) == "StarZone");
  check_routes(w);
}

BOOST_AUTO_TEST_SUITE_END()
