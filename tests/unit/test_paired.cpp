// Paired differences (modisim sweep --baseline) against a case worked by hand.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "sim/sweep/paired.hpp"

namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(paired)

// x = 10 12 11 13 against 9 10 10 11: d = 1 2 1 2, mean 1.5, sd sqrt(1/3);
// t(0.975, 3) = 3.182446 (tables), half-width 3.182446 * sqrt(1/3) / 2 = 0.918693.
BOOST_AUTO_TEST_CASE(a_hand_checked_paired_t_interval) {
  const auto d = modi::sweep::paired_difference({10, 12, 11, 13}, {9, 10, 10, 11});
  BOOST_TEST(d.n == 4u);
  BOOST_TEST(d.mean == 1.5, tt::tolerance(1e-12));
  BOOST_TEST(d.ci95 == 0.918693, tt::tolerance(1e-5));
  const auto one = modi::sweep::paired_difference({7}, {5});
  BOOST_TEST(one.n == 1u);
  BOOST_TEST(one.mean == 2.0);
  BOOST_TEST(one.ci95 == 0.0);  // no interval from one pair
}

BOOST_AUTO_TEST_SUITE_END()
