// Networks in closed form (issue 11): each delay model's mean and spread over many exchanges, one
// draw for both legs (correlation same), the oracle estimate, and fault windows that end (or
// start) during a transfer on a cell, a backhaul and a WAN link.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <numeric>

#include <fmt/format.h>

#include "harness.hpp"
#include "sim/core/bandwidth_trace.hpp"
#include "sim/core/distribution.hpp"

namespace tt = boost::test_tools;
using harness::require_ok;
using harness::table;

namespace {

const std::string DELAY = "delay.yaml";
// Route time of a leg in delay.yaml: 10 ms latency plus bytes at the radio's 1 MB/s.
constexpr double UP_ROUTE_S = 0.010 + 10000 / 1e6, DOWN_ROUTE_S = 0.010 + 1000 / 1e6;

struct Extras {
  std::vector<double> up, down, total;
};

Extras extras(const std::string& network) {
  const auto r = harness::run_config(DELAY, "delay-" + network, "--set cells.0.network=" + network);
  require_ok(r);
  const auto reqs = table(r.out_dir, "requests.csv");
  Extras e;
  for (const auto& row : reqs.rows()) {
    e.up.push_back(reqs.number(row, "upload_s") - UP_ROUTE_S);
    e.down.push_back(reqs.number(row, "download_s") - DOWN_ROUTE_S);
    e.total.push_back(e.up.back() + e.down.back());
  }
  BOOST_REQUIRE(e.total.size() >= 1900u);
  return e;
}

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

double sd(const std::vector<double>& v) {
  const double m = mean(v);
  double ss = 0;
  for (double x : v)
    ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

/// Sample mean within 4 standard errors, sample sd within 8% (about 4 of its standard errors at n = 2000).
void check_moments(const std::vector<double>& v, double want_mean, double want_sd, const std::string& what) {
  const double se = want_sd / std::sqrt(static_cast<double>(v.size()));
  BOOST_TEST(std::fabs(mean(v) - want_mean) <= 4 * se + 1e-9, what << ": mean " << mean(v) << " want " << want_mean);
  BOOST_TEST(std::fabs(sd(v) - want_sd) <= 0.08 * want_sd + 1e-9, what << ": sd " << sd(v) << " want " << want_sd);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(network_models)

// transfer 431 ms, sd 120 ms, route 31 ms: 0.4 s of extra delay per exchange, sd 0.12 s
BOOST_AUTO_TEST_CASE(lognormal_empirical_and_fixed_keep_the_measured_round_trip) {
  for (const auto* net : {"d_lognormal", "d_empirical"}) {
    const auto e = extras(net);
    check_moments(e.total, 0.4, 0.12, net);
    check_moments(e.up, 0.2, 0.12 / std::sqrt(2.0), std::string(net) + " up");
  }
  const auto f = extras("d_fixed");
  for (double x : f.total)
    BOOST_TEST(x == 0.4, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(one_draw_serves_both_legs_when_correlation_is_same) {
  const auto e = extras("d_normal_same");
  for (size_t i = 0; i < e.up.size(); ++i)
    BOOST_TEST(e.up[i] == e.down[i], tt::tolerance(1e-9));
  // each leg N(0.2, 0.06) truncated at 0; the round trip is twice one leg
  const auto leg = modi::Distribution::truncated_normal(0.2, 0.06);
  check_moments(e.total, 2 * leg.mean_s(), 2 * leg.sd_s(), "same");
  const auto ind = extras("d_normal_indep");
  const auto leg_i = modi::Distribution::truncated_normal(0.2, 0.12 / std::sqrt(2.0));
  check_moments(ind.total, 2 * leg_i.mean_s(), std::sqrt(2.0) * leg_i.sd_s(), "independent");
  BOOST_TEST(std::fabs(mean(ind.up) - mean(ind.down)) < 0.02);
}

// mu 50 ms, sigma 100 ms a leg: 31% of the parent normal is below zero. A draw <= 0 is drawn again
// (the mean of a leg is mu + sigma*phi(a)/(1 - Phi(a)) = 100.9 ms), not clamped (69.8 ms).
BOOST_AUTO_TEST_CASE(normal_delays_are_truncated_at_zero_by_redrawing) {
  const auto e = extras("d_normal_trunc");
  const double a = -0.5, phi = std::exp(-a * a / 2) / std::sqrt(2 * M_PI), Phi = 0.5 * std::erfc(-a / std::sqrt(2.0));
  const double lambda = phi / (1 - Phi);
  const double leg_mean = 0.05 + 0.1 * lambda, leg_sd = 0.1 * std::sqrt(1 + a * lambda - lambda * lambda);
  check_moments(e.up, leg_mean, leg_sd, "truncated leg");
  for (double x : e.up)
    BOOST_TEST(x > 0);
}

// The oracle estimate is this request's own sampled network time: with fixed server times and no
// contention the prediction is the latency itself.
BOOST_AUTO_TEST_CASE(the_oracle_estimate_knows_the_requests_own_draw) {
  const auto r = harness::run_config(DELAY, "oracle",
                                     "--set cells.0.network=d_normal_same --set simulation.network_estimate=oracle "
                                     "--set simulation.duration=300s");
  require_ok(r);
  const auto reqs = table(r.out_dir, "requests.csv");
  for (const auto& row : reqs.rows())
    BOOST_TEST(reqs.number(row, "predicted_latency_s") == reqs.number(row, "latency_s"), tt::tolerance(1e-9));
  const auto ewma = harness::run_config(DELAY, "ewma", "--set cells.0.network=d_normal_same --set simulation.duration=300s");
  require_ok(ewma);
  const auto s = table(ewma.out_dir, "summary.csv");
  BOOST_TEST(s.number(s.rows()[0], "prediction_mae_s") > 0.01);  // history does not know the draw
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// One request at t = 1 s (two_requests.csv also has one at 5 s) answered with m_big (cold: 0.4 s
/// load, 0.1 s inference) and a 2 MB reply; the link under test runs at 1 MB/s like the phone's
/// radio, the other links at 100 Gbit/s. Cloud requests: the edge has no model, modi uses the cloud.
std::string degraded_scenario(const std::string& target, double from_s, double to_s) {
  const bool wan = target == "wan/e";
  const auto bw = [&](const std::string& t) { return t == target ? "8Mbps" : "100Gbps"; };
  return fmt::format(R"(traces: {data}/traces-fixed
simulation: {{seed: 7, duration: 100s}}
selection: {selection}
edges:
  - {{name: e, server: srv, cores: 1, models: [{edge_models}], backhaul_latency: 0s, backhaul_bandwidth: {bh},
     wan_latency: 0s, wan_bandwidth: {wan}}}
cloud: {{enabled: {cloud}, server: srv, models: [m_big]}}
cells:
  - {{name: c, network: net, edge: e, uplink_capacity: {cell}, downlink_capacity: {cell}}}
faults:
  periods:
    - {{target: {target}, bandwidth_factor: 0.5, windows: [[{from}s, {to}s]]}}
phones:
  - name: p
    device: dev
    cell: c
    models: []
    apps:
      - {{name: a, task: t, accuracy_need: 0.8, deadline: 10s, input_size: 10000B, output_size: 2000000B,
          arrival: {{kind: trace, file: {data}/two_requests.csv}}}}
)",
                     fmt::arg("data", MODISIM_TEST_DATA), fmt::arg("selection", wan ? "{policy: modi, params: {use_cloud: true}}" : "{policy: edge}"),
                     fmt::arg("edge_models", wan ? "" : "m_big"), fmt::arg("bh", bw("backhaul/e")), fmt::arg("wan", bw("wan/e")),
                     fmt::arg("cloud", wan ? "true" : "false"), fmt::arg("cell", bw("cell/c")), fmt::arg("target", target),
                     fmt::arg("from", from_s), fmt::arg("to", to_s));
}

/// The first request's reply: when its transfer started (after the leg's 10 ms extra delay) and
/// how long the leg took.
std::pair<double, double> first_reply(const std::string& target, double from_s, double to_s, const std::string& name) {
  const std::string path = harness::scratch() + "/" + name + ".yaml";
  harness::write_file(path, degraded_scenario(target, from_s, to_s));
  const auto r = harness::run_config(path, name, "--progress never");
  require_ok(r);
  const auto reqs = table(r.out_dir, "requests.csv");
  const auto& row = reqs.rows()[0];
  const double download = reqs.number(row, "download_s");
  return {reqs.number(row, "finished_at_s") - download + 0.010, download};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(degraded_links)

// Upload ends at 1.03 s, the edge answers at 1.53 s (the cloud, whose models are in memory, at
// 1.13 s), the reply's transfer starts at T0 = 1.54 s (1.14 s) and moves after the 10 ms latency.
// A window [1.06 s, T0 + 0.5 s] at 0.5x: 0.49 s at
// 0.5 MB/s (0.245 MB), the other 1.755 MB at 1 MB/s: the leg takes 0.01 + 0.5 + 1.755 = 2.265 s
// (SimGrid's bound captured at the start gave 0.02 + 4 = 4.02 s). A window from T0 + 0.5 s: 0.49 MB
// at 1 MB/s, then 1.51 MB at 0.5 MB/s: 0.01 + 0.5 + 3.02 = 3.53 s.
BOOST_AUTO_TEST_CASE(a_window_ending_mid_transfer_restores_the_full_rate_on_every_link_kind) {
  for (const std::string target : {"cell/c", "backhaul/e", "wan/e"}) {
    const double T0 = target == "wan/e" ? 1.14 : 1.54;
    const std::string name = "degraded-" + target.substr(0, target.find('/'));
    const auto [start, ends_mid] = first_reply(target, 1.06, T0 + 0.5, name + "-ends");
    BOOST_TEST(start == T0, tt::tolerance(1e-6));
    BOOST_TEST_CONTEXT(target) BOOST_TEST(ends_mid == 2.265, tt::tolerance(1e-6));
    const auto [start2, starts_mid] = first_reply(target, T0 + 0.5, 50, name + "-starts");
    BOOST_TEST_CONTEXT(target) BOOST_TEST(starts_mid == 3.53, tt::tolerance(1e-6));
  }
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// One phone uploading payloads of 15 kB to 6 MB through a cell whose uplink replays `trace`
/// (radio and other links far faster, no latency, no extra delay): request k of size s starts,
/// after the image load, (s*K + k) * passes_apart passes plus (k + 0.37)/K of a pass in, alone on
/// the link. Returns, per request, its start, size and upload time.
struct Upload {
  double start_s, bytes, upload_s;
};

std::vector<Upload> replayed_uploads(const std::string& name, const std::string& trace_file, double period_s, int k_offsets,
                                     int passes_apart) {
  const std::vector<double> sizes{15e3, 100e3, 1e6, 6e6};
  std::string requests = "time_s,phone,app\n", apps;
  for (size_t s = 0; s < sizes.size(); ++s) {
    apps += fmt::format("      - {{name: a{}, task: t, deadline: 10min, input_size: {}B, output_size: 1B, arrival: {{kind: trace, "
                        "file: requests.csv}}}}\n", s, sizes[s]);
    for (int k = 0; k < k_offsets; ++k)
      requests += fmt::format("{:.17g},p,a{}\n", ((s * k_offsets + k) * passes_apart) * period_s + (k + 0.37) * period_s / k_offsets, s);
  }
  const std::string dir = harness::scratch() + "/" + name + "-in";
  std::filesystem::create_directories(dir);
  harness::write_file(dir + "/requests.csv", requests);
  harness::write_file(dir + "/networks.csv",
                      "network,label,radio,uplink_bps,downlink_bps,latency_ms,transfer_mean_ms,transfer_sd_ms,"
                      "ref_upload_bytes,ref_download_bytes,source\nfast,fast,wifi,1e12,1e12,0,0,0,0,0,fixture\n");
  harness::write_file(dir + "/s.yaml", fmt::format(R"(traces: [{data}/traces-fixed, .]
simulation: {{seed: 3, duration: 1s}}
selection: {{policy: edge}}
edges:
  - {{name: e, server: srv, cores: 1, models: [m_small], preloaded: [m_small], backhaul_latency: 0s, backhaul_bandwidth: 100Gbps}}
cloud: {{enabled: false}}
cells:
  - {{name: c, network: fast, edge: e, uplink_trace: {trace}, downlink_capacity: 100Gbps}}
phones:
  - name: p
    device: dev
    cell: c
    models: []
    apps:
{apps})",
                                                   fmt::arg("data", MODISIM_TEST_DATA), fmt::arg("trace", trace_file),
                                                   fmt::arg("apps", apps)));
  const auto r = harness::run_config(dir + "/s.yaml", name, "--progress never");
  require_ok(r);
  const auto reqs = table(r.out_dir, "requests.csv");
  std::vector<Upload> out;
  for (const auto& row : reqs.rows()) {
    const auto app = reqs.text(row, "app");
    out.push_back({reqs.number(row, "issued_at_s") + reqs.number(row, "image_load_s"), sizes[app[1] - '0'],
                   reqs.number(row, "upload_s")});
  }
  BOOST_REQUIRE(out.size() == sizes.size() * k_offsets);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(trace_replay)

// A hand-written Mahimahi trace with a silent gap: 2 opportunities a millisecond in [0, 500) ms,
// none in [500, 1200) ms, one a millisecond in [1200, 2000) ms; period 2 s. Read fluidly, the
// link delivers 3 MB/s, then nothing, then 1.5 MB/s: 1.5 MB by 0.5 s and 2.7 MB per pass. The
// finish time of B bytes from t0 inverts that cumulative curve, worked out here by hand.
BOOST_AUTO_TEST_CASE(a_hand_written_trace_with_a_gap_in_closed_form) {
  std::string mm;
  for (int ms = 0; ms < 2000; ++ms)
    for (int n = 0; n < (ms < 500 ? 2 : ms >= 1200 ? 1 : 0); ++n)
      mm += std::to_string(ms) + "\n";
  mm += "2000\n";  // ends the pass (folds onto millisecond 0: 3 opportunities there)
  const std::string file = harness::scratch() + "/hand.mahimahi";
  harness::write_file(file, mm);
  // cumulative bytes within a pass; ms 0 carries one extra opportunity
  const auto cum = [](double t) {
    const double first = std::min(t, 0.001) * 4.5e6;
    if (t <= 0.001)
      return first;
    if (t <= 0.5)
      return 4500.0 + (t - 0.001) * 3e6;
    if (t <= 1.2)
      return 4500.0 + 0.499 * 3e6;
    return 4500.0 + 0.499 * 3e6 + (t - 1.2) * 1.5e6;
  };
  const double per_pass = cum(2.0);
  const auto finish = [&](double t0, double bytes) {
    double pass = std::floor(t0 / 2.0), target = cum(t0 - 2.0 * pass) + bytes;
    while (target > per_pass) {
      target -= per_pass;
      pass += 1;
    }
    double lo = 0, hi = 2.0;  // cum is non-decreasing: bisect for the first time it reaches target
    for (int i = 0; i < 200; ++i) {
      const double mid = (lo + hi) / 2;
      (cum(mid) >= target ? hi : lo) = mid;
    }
    return 2.0 * pass + hi;
  };
  for (const auto& u : replayed_uploads("hand", file, 2.0, 25, 5)) {
    const double want = finish(u.start_s, u.bytes) - u.start_s;
    BOOST_TEST_CONTEXT(u.bytes << " B from " << u.start_s << " s")
    BOOST_TEST(std::fabs(u.upload_s - want) <= 0.02 * want);
  }
}

// ATT's LTE uplink while driving (Mahimahi's trace; 4 s without an opportunity at one point):
// each transfer within 2% of the closed form of sim/core/bandwidth_trace.hpp.
BOOST_AUTO_TEST_CASE(a_measured_mahimahi_trace_within_two_percent) {
  const std::string file = std::string(MODISIM_SOURCE_DIR) + "/../shared/data/mahimahi/ATT-LTE-driving-2016.up";
  const auto trace = modi::BandwidthTrace::load(file, 1.0, true);
  double worst = 0;
  for (const auto& u : replayed_uploads("att-up", file, trace->period_s(), 20, 1)) {
    const double want = trace->finish_s(u.start_s, u.bytes, 0) - u.start_s;
    if (std::fabs(u.upload_s - want) / want > 0.02)
      BOOST_TEST_MESSAGE(u.bytes << " B from " << u.start_s << " s: " << u.upload_s << " s, closed form " << want << " s");
    worst = std::max(worst, std::fabs(u.upload_s - want) / want);
  }
  BOOST_TEST_MESSAGE("largest relative error: " << worst);
  BOOST_TEST(worst <= 0.02);
}

BOOST_AUTO_TEST_SUITE_END()
