// A topology of tiers: phones reach their edge, a regional tier and the cloud; policies see the
// path nearest first and may use any tier.
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "harness.hpp"

namespace tt = boost::test_tools;
using harness::require_ok;
using harness::run_config;
using harness::table;

BOOST_AUTO_TEST_SUITE(tiers)

BOOST_AUTO_TEST_CASE(each_tier_answers_in_closed_form) {
  const auto r = run_config("tiers.yaml", "tiers-closed-form");
  require_ok(r);
  const auto t = table(r.out_dir, "requests.csv");
  BOOST_REQUIRE(t.rows().size() == 3u);
  // Every leg: 10 ms calibrated extra delay + 10 ms access latency + WAN latencies on the way
  // (edge->regional 5 ms, regional->cloud 20 ms) + bytes at the phone radio's 1e6 B/s.
  struct Expect {
    std::string host, model;
    double upload, service, download;
  };
  const std::map<std::string, Expect> expect{
      {"near", {"e", "m_small", 0.030, 0.100 + 0.030, 0.021}},       // cold load 1e6 B at 1e7 B/s, then 30 ms
      {"middle", {"r", "m_big", 0.035, 0.100, 0.026}},               // preloaded
      {"far", {"cloud", "m_huge", 0.055, 0.150, 0.046}},             // the cloud keeps its models loaded
  };
  for (const auto& row : t.rows()) {
    const auto& e = expect.at(t.cell(row, "app"));
    BOOST_TEST_CONTEXT(t.cell(row, "app")) {
      BOOST_TEST(t.cell(row, "host") == e.host);
      BOOST_TEST(t.cell(row, "model") == e.model);
      BOOST_TEST(t.cell(row, "edge") == "e");
      BOOST_TEST(t.number(row, "upload_s") == e.upload, tt::tolerance(1e-9));
      BOOST_TEST(t.number(row, "download_s") == e.download, tt::tolerance(1e-9));
      BOOST_TEST(t.number(row, "model_load_s") + t.number(row, "inference_s") == e.service, tt::tolerance(1e-9));
      BOOST_TEST(t.number(row, "latency_s") == e.upload + e.service + e.download, tt::tolerance(1e-9));
    }
  }
  const auto servers = table(r.out_dir, "servers.csv");
  for (const auto& row : servers.rows())
    BOOST_TEST(servers.number(row, "requests") == 1.0, servers.cell(row, "server"));
}

BOOST_AUTO_TEST_CASE(the_shipped_tiers_example_uses_every_tier) {
  const std::string cfg = std::string(MODISIM_SOURCE_DIR) + "/configs/examples/tiers.yaml";
  for (const std::string policy : {"modi", "mdinference"}) {
    const auto r = run_config(cfg, "tiers-" + policy,
                              "--set selection.policy=" + policy + " --set simulation.duration=2min --set 'selection.params={use_cloud: true}'");
    require_ok(r);
    const auto t = table(r.out_dir, "requests.csv");
    std::set<std::string> where;
    for (const auto& row : t.rows()) {
      const auto& host = t.cell(row, "host");
      where.insert(host.rfind("edge-", 0) == 0 ? "edge" : (host.rfind("phone", 0) == 0 ? "phone" : host));
    }
    BOOST_TEST_CONTEXT(policy) {
      BOOST_TEST(where.count("edge") == 1u);
      BOOST_TEST(where.count("regional") == 1u);
      BOOST_TEST(where.count("cloud") == 1u);
      if (policy == "modi")
        BOOST_TEST(where.count("phone") == 1u);  // modi answers the undemanding app on the phone
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
