// MDInference's published rules on small cases (Ogden & Guo, IC2E 2020; cake-lab/MDInference
// ModelChooser.py): budget = SLA - 2n with the request's own one-way draw n; a model is eligible
// when mean + k*sd < budget, strictly; none eligible: the fastest, sent anyway. Then the round-trip
// estimators (simulation.network_estimate) and the truncated normal delay, in closed form.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "policies/selection.hpp"
#include "sim/core/distribution.hpp"
#include "sim/model/rtt_estimator.hpp"

namespace tt = boost::test_tools;
using namespace modi;
using namespace modi::policy;

namespace {

ModelOption option(ModelId id, double acc, double mean_ms, double sd_ms) {
  ModelOption m;
  m.model = id;
  m.accuracy = acc;
  m.est_mean_s = mean_ms / 1e3;
  m.est_sd_s = sd_ms / 1e3;
  return m;
}

/// X (60%, 100 +- 10 ms), Y (70%, 150 +- 20), Z (80%, 180 +- 30) on one edge; the oracle estimate
/// of the round trip is 2n.
ModelId pick(double sla_ms, double n_ms, double k) {
  SelectionContext c;
  c.request.deadline_s = sla_ms / 1e3;
  c.request.accuracy_need = 0;
  c.device.site = Site::DEVICE;
  SiteOption edge;
  edge.site = Site::EDGE;
  edge.est_network_s = 2 * n_ms / 1e3;
  edge.models = {option(1, 0.6, 100, 10), option(2, 0.7, 150, 20), option(3, 0.8, 180, 30)};
  c.remote = {edge};
  const auto& info = selection_policies().get("mdinference");
  return info.make(info.resolve({{"k", k}}))->select(c).model;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(network_rules)

BOOST_AUTO_TEST_CASE(mdinference_budget_is_the_sla_minus_twice_the_draw) {
  BOOST_TEST(pick(300, 50, 0) == 3u);  // budget 200: X, Y, Z eligible
  BOOST_TEST(pick(300, 50, 1) == 2u);  // Z: 210 > 200
  BOOST_TEST(pick(300, 50, 2) == 2u);  // Y: 190 < 200
  BOOST_TEST(pick(300, 50, 3) == 1u);  // Y: 210
  BOOST_TEST(pick(290, 50, 2) == 1u);  // Y: 190 is not < 190 (strict)
  BOOST_TEST(pick(200, 50, 1) == 1u);  // none eligible: the fastest, X, sent anyway
  BOOST_TEST(pick(80, 50, 1) == 1u);   // negative budget: the fastest
}

BOOST_AUTO_TEST_CASE(network_k_keeps_the_estimates_spread_out_of_the_budget) {
  SelectionContext c;
  c.request.deadline_s = 0.4;
  c.device.site = Site::DEVICE;
  SiteOption edge;
  edge.site = Site::EDGE;
  edge.est_network_s = 0.1;
  edge.est_network_sd_s = 0.05;
  edge.models = {option(1, 0.6, 100, 0), option(2, 0.8, 250, 0)};
  c.remote = {edge};
  const auto& info = selection_policies().get("mdinference");
  BOOST_TEST(info.make(info.resolve({}))->select(c).model == 2u);                     // 250 < 400 - 100
  BOOST_TEST(info.make(info.resolve({{"network_k", 2}}))->select(c).model == 1u);  // 250 > 400 - 200
}

BOOST_AUTO_TEST_CASE(estimators_follow_their_definitions) {
  NetworkType net;
  net.transfer_mean_s = 0.3;
  net.transfer_sd_s = 0.1;
  const std::vector<double> rtts{0.2, 0.4, 0.3, 0.5};
  config::SimulationConfig s;
  s.network_ewma_alpha = 0.5;
  s.network_window = 3;
  model::Phone p;
  for (auto kind : {model::RttEstimator::Kind::EWMA, model::RttEstimator::Kind::LAST, model::RttEstimator::Kind::WINDOW}) {
    s.network_estimate = kind;
    model::RttEstimator est(s, 1);
    model::RttEstimator::restart(p, net);
    BOOST_TEST(p.est_rtt_s == 0.3);
    BOOST_TEST(p.est_rtt_sd_s == 0.1);
    for (double x : rtts)
      est.observe(p, x);
    if (kind == model::RttEstimator::Kind::LAST) {
      BOOST_TEST(p.est_rtt_s == 0.5);
      BOOST_TEST(p.est_rtt_sd_s == 0.0);
    } else if (kind == model::RttEstimator::Kind::WINDOW) {  // the last three: 0.4, 0.3, 0.5
      BOOST_TEST(p.est_rtt_s == 0.4, tt::tolerance(1e-12));
      BOOST_TEST(p.est_rtt_sd_s == 0.1, tt::tolerance(1e-12));
    } else {  // mean: 0.3 -> 0.25 -> 0.325 -> 0.3125 -> 0.40625
      BOOST_TEST(p.est_rtt_s == 0.40625, tt::tolerance(1e-12));
      double m = 0.3, v = 0.01;
      for (double x : rtts) {
        const double d = x - m;
        m += 0.5 * d;
        v = 0.5 * (v + 0.5 * d * d);
      }
      BOOST_TEST(p.est_rtt_sd_s == std::sqrt(v), tt::tolerance(1e-12));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_truncated_normal_has_the_moments_of_its_formula) {
  // mu 50, sigma 100: alpha = -0.5, lambda = phi(alpha) / (1 - Phi(alpha))
  const auto d = Distribution::truncated_normal(0.05, 0.1);
  const double lambda = std::exp(-0.125) / std::sqrt(2 * M_PI) / (1 - 0.5 * std::erfc(0.5 / std::sqrt(2.0)));
  BOOST_TEST(d.mean_s() == 0.05 + 0.1 * lambda, tt::tolerance(1e-12));
  // the inverse CDF: u = 0 gives 0, the median is the parent's quantile at (1 + Phi(alpha)) / 2
  BOOST_TEST(d.sample(0.0) == 0.0, tt::tolerance(1e-12));
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i)
    sum += d.sample((i + 0.5) / n);  // midpoint rule over u: the mean
  BOOST_TEST(sum / n == d.mean_s(), tt::tolerance(1e-4));
  BOOST_TEST(Distribution::truncated_normal(0.2, 0).mean_s() == 0.2);
}

BOOST_AUTO_TEST_SUITE_END()
