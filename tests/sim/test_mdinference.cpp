// The MDInference setting (configs/examples/mdinference.yaml) against the paper's rule integrated
// over the network draw: for a one-way draw n ~ N(mu, sigma) truncated at zero, the chooser takes
// the most accurate p2 model with mean + sd < SLA - 2n (else the fastest), and the answer takes the
// service time plus 2n. The expected accuracy, SLA attainment P(s + 2n <= SLA) and mean answer
// time are integrals over n, computed here by quadrature from the trace tables, independently of
// the simulator. 10,000 requests a run: tolerances are about three standard errors.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <fmt/format.h>

#include "harness.hpp"
#include "sim/core/traces.hpp"

namespace tt = boost::test_tools;
using harness::require_ok;
using harness::table;

namespace {

const std::string CONFIG = std::string(MODISIM_SOURCE_DIR) + "/configs/examples/mdinference.yaml";

struct Expected {
  double accuracy = 0, attainment = 0, mean_answer_s = 0;
};

double phi(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI); }
double Phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

Expected integrate(const modi::TraceSet& ts, const std::string& network, double sla_s) {
  const auto& net = ts.networks()[ts.network_id(network)];
  const double mu = net.transfer_mean_s / 2, sigma = net.transfer_sd_s / 2;  // the one-way draw
  const auto& p2 = ts.servers()[ts.server_id("p2")];
  struct M {
    double top1, mean, sd;
  };
  std::vector<M> models;
  for (auto m : ts.models_of_task("imagenet"))
    models.push_back({ts.models()[m].top1, p2.inference[m]->mean_s(), p2.inference[m]->sd_s()});
  Expected e;
  const double dn = 1e-5, mass = 1 - Phi(-mu / sigma);
  for (double n = dn / 2; n < mu + 12 * sigma; n += dn) {
    const double w = phi((n - mu) / sigma) / sigma / mass * dn;
    const double budget = sla_s - 2 * n;
    const M* pick = nullptr;
    for (const auto& m : models)
      if (m.mean + m.sd < budget && (!pick || m.top1 > pick->top1))
        pick = &m;
    if (!pick)
      for (const auto& m : models)
        if (!pick || m.mean < pick->mean)
          pick = &m;
    e.accuracy += w * pick->top1;
    e.attainment += w * Phi((sla_s - 2 * n - pick->mean) / pick->sd);
    e.mean_answer_s += w * (pick->mean + 2 * n);
  }
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mdinference_setting)

BOOST_AUTO_TEST_CASE(the_simulated_chooser_matches_the_rule_integrated_over_the_draw) {
  const auto ts = modi::TraceSet::load({std::string(MODISIM_SOURCE_DIR) + "/traces",
                                        std::string(MODISIM_SOURCE_DIR) + "/traces/mdinference"});
  const std::vector<std::pair<std::string, double>> cases{
      {"mdi_campus", 0.1}, {"mdi_campus", 0.2}, {"mdi_home", 0.25}, {"mdi_home", 0.4}, {"mdi_lte", 0.8}};
  for (const auto& [net, sla] : cases) {
    const auto want = integrate(*ts, net, sla);
    const std::string name = net + "-" + std::to_string(static_cast<int>(sla * 1e3));
    const auto r = harness::run_config(
        CONFIG, name, fmt::format("--set cells.0.network={} --set phones.0.apps.0.deadline={}ms", net, sla * 1e3));
    require_ok(r);
    const auto s = table(r.out_dir, "summary.csv");
    const auto& row = s.rows()[0];
    BOOST_TEST_CONTEXT(name << ": expected accuracy " << want.accuracy << ", attainment " << want.attainment
                            << ", mean answer " << want.mean_answer_s) {
      BOOST_TEST(s.number(row, "requests") == 10000);
      BOOST_TEST(std::fabs(s.number(row, "accuracy_mean") - want.accuracy) < 0.005);
      BOOST_TEST(std::fabs(s.number(row, "slo_attainment") - want.attainment) < 0.015);
      BOOST_TEST(std::fabs(s.number(row, "latency_mean_s") - want.mean_answer_s) < 0.004);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
