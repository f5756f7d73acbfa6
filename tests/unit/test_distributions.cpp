#include <boost/test/unit_test.hpp>

#include <cmath>
#include <memory>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/lru.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/stats.hpp"

using namespace modi;
namespace tt = boost::test_tools;

namespace {
std::vector<double> draw(const Distribution& d, int n, uint64_t entity = 1) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i)
    v.push_back(d.sample(rng::uniform(42, entity, static_cast<uint64_t>(i), 3)));
  return v;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(distributions)

BOOST_AUTO_TEST_CASE(counter_based_uniforms_are_pure_and_open) {
  BOOST_TEST(rng::uniform(1, 2, 3, 4) == rng::uniform(1, 2, 3, 4));
  BOOST_TEST(rng::uniform(1, 2, 3, 4) != rng::uniform(2, 2, 3, 4));
  BOOST_TEST(rng::uniform(1, 2, 3, 4) != rng::uniform(1, 3, 3, 4));
  double lo = 1, hi = 0, sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = rng::uniform(9, 1, static_cast<uint64_t>(i), 1);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
  }
  BOOST_TEST(lo > 0.0);
  BOOST_TEST(hi < 1.0);
  BOOST_TEST(sum / n == 0.5, tt::tolerance(0.005));
}

BOOST_AUTO_TEST_CASE(lognormal_matches_mean_and_sd) {
  const auto d = Distribution::lognormal(0.167, 0.056);
  const auto v = draw(d, 200000);
  BOOST_TEST(stats::mean(v) == 0.167, tt::tolerance(0.01));
  BOOST_TEST(stats::stddev(v) == 0.056, tt::tolerance(0.03));
  for (double x : v)
    BOOST_REQUIRE(x > 0);
}

BOOST_AUTO_TEST_CASE(exponential_and_normal) {
  const auto e = draw(Distribution::exponential(0.1), 200000);
  BOOST_TEST(stats::mean(e) == 0.1, tt::tolerance(0.01));
  BOOST_TEST(stats::stddev(e) == 0.1, tt::tolerance(0.02));
  const auto n = draw(Distribution::normal(1.0, 0.1), 200000);
  BOOST_TEST(stats::mean(n) == 1.0, tt::tolerance(0.002));
  BOOST_TEST(stats::stddev(n) == 0.1, tt::tolerance(0.02));
  BOOST_TEST(normal_quantile(0.5) == 0.0, tt::tolerance(1e-12));
  BOOST_TEST(normal_quantile(0.975) == 1.959963984540054, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(quantile_table_moments_are_exact) {
  // Uniform on [1,3]: mean 2, sd 2/sqrt(12).
  QuantileTable q{{0.0, 1.0}, {1.0, 3.0}};
  BOOST_TEST(q.mean() == 2.0, tt::tolerance(1e-12));
  BOOST_TEST(q.stddev() == 2.0 / std::sqrt(12.0), tt::tolerance(1e-12));
  BOOST_TEST(q.at(0.25) == 1.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(empirical_rescales_mean_and_spread) {
  auto shape = std::make_shared<QuantileTable>(QuantileTable{{0.0, 0.5, 1.0}, {0.8, 1.0, 1.4}});
  const auto keep = Distribution::empirical(shape, 10.0, -1);
  BOOST_TEST(keep.mean_s() == 10.0);
  BOOST_TEST(keep.sd_s() / keep.mean_s() == shape->stddev() / shape->mean(), tt::tolerance(1e-12));
  const auto v = draw(keep, 200000);
  BOOST_TEST(stats::mean(v) == 10.0, tt::tolerance(0.005));
  const auto tight = Distribution::empirical(shape, 10.0, 0.5);
  const auto w = draw(tight, 200000);
  BOOST_TEST(stats::mean(w) == 10.0, tt::tolerance(0.005));
  BOOST_TEST(stats::stddev(w) == 0.5, tt::tolerance(0.02));
}

BOOST_AUTO_TEST_CASE(draws_are_monotone_in_u) {
  const auto d = Distribution::lognormal(1.0, 0.5);
  BOOST_TEST(d.sample(0.2) < d.sample(0.8));
}

BOOST_AUTO_TEST_CASE(summary_quantiles) {
  const std::vector<double> x{4, 1, 3, 2, 5};
  BOOST_TEST(stats::quantile(x, 0.5) == 3.0);
  BOOST_TEST(stats::quantile(x, 0.25) == 2.0);
  BOOST_TEST(stats::quantile(x, 0.9) == 4.6, tt::tolerance(1e-12));
  BOOST_TEST(stats::mean(x) == 3.0);
  BOOST_TEST(stats::stddev(x) == std::sqrt(2.5), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(lru_evicts_least_recently_used) {
  LoadedModels lru(10.0);
  lru.insert(1, 4);
  lru.insert(2, 4);
  BOOST_TEST(lru.touch(1));  // 1 is now more recent than 2
  lru.insert(3, 4);          // evicts 2
  BOOST_TEST(lru.contains(1));
  BOOST_TEST(!lru.contains(2));
  BOOST_TEST(lru.contains(3));
  BOOST_TEST(lru.used_bytes() == 8.0);
  lru.insert(4, 11);  // larger than the budget: never kept
  BOOST_TEST(!lru.contains(4));
  BOOST_TEST(lru.size() == 2u);
}

// The decision stub reuses a server's model options while changes() stays put: it must move on
// every load, eviction and unload, and on nothing else.
BOOST_AUTO_TEST_CASE(lru_changes_count_loads_and_unloads_not_uses) {
  LoadedModels lru(100.0);
  uint64_t seen = lru.changes();
  const auto moved = [&] {
    const bool m = lru.changes() != seen;
    seen = lru.changes();
    return m;
  };
  for (ModelId m = 0; m < 10; ++m)  // past the size from which contains() uses an index
    lru.insert(m, 10);
  BOOST_TEST(moved());
  lru.touch(3);
  lru.insert(3, 10);  // already loaded: a use
  lru.insert(50, 200);  // larger than the budget: never kept
  BOOST_TEST(!moved());
  lru.insert(10, 10);  // evicts the least recently used
  BOOST_TEST(moved());
  lru.erase(7);
  BOOST_TEST(moved());
  lru.erase(7);  // not loaded: nothing changes
  BOOST_TEST(!moved());
  lru.clear();
  BOOST_TEST(moved());
  BOOST_TEST(lru.size() == 0u);
  BOOST_TEST(!lru.contains(3));
  BOOST_TEST(lru.used_bytes() == 0.0);
  lru.insert(3, 10);
  BOOST_TEST(lru.contains(3));
  BOOST_TEST(moved());
}

BOOST_AUTO_TEST_SUITE_END()
