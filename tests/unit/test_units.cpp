#include <boost/test/unit_test.hpp>

#include "sim/core/units.hpp"

using namespace modi::units;

BOOST_AUTO_TEST_SUITE(units)

BOOST_AUTO_TEST_CASE(durations) {
  BOOST_TEST(parse_duration_s("250ms") == 0.25);
  BOOST_TEST(parse_duration_s("1.5s") == 1.5);
  BOOST_TEST(parse_duration_s("2min") == 120.0);
  BOOST_TEST(parse_duration_s("1h") == 3600.0);
  BOOST_TEST(parse_duration_s("800us") == 800e-6, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(parse_duration_s(" 3 s ") == 3.0);
  BOOST_CHECK_THROW(parse_duration_s("3"), UnitError);       // no unit
  BOOST_CHECK_THROW(parse_duration_s("3 parsecs"), UnitError);
  BOOST_CHECK_THROW(parse_duration_s("ms"), UnitError);      // no number
  BOOST_CHECK_THROW(parse_duration_s("1e999s"), UnitError);  // not finite
}

BOOST_AUTO_TEST_CASE(sizes_and_bandwidths) {
  BOOST_TEST(parse_size_bytes("25KB") == 25000.0);
  BOOST_TEST(parse_size_bytes("2KiB") == 2048.0);
  BOOST_TEST(parse_size_bytes("1.5MB") == 1.5e6);
  BOOST_TEST(parse_size_bytes("1GiB") == 1073741824.0);
  BOOST_TEST(parse_bandwidth_bps("54Mbps") == 54e6);
  BOOST_TEST(parse_bandwidth_bps("1Gbps") == 1e9);
  BOOST_TEST(parse_bandwidth_bps("1MBps") == 8e6);
  BOOST_CHECK_THROW(parse_bandwidth_bps("54MB"), UnitError);
  BOOST_CHECK_THROW(parse_size_bytes("12Mbps"), UnitError);
}

BOOST_AUTO_TEST_CASE(rates_power_energy) {
  BOOST_TEST(parse_rate_per_s("0.1/s") == 0.1);
  BOOST_TEST(parse_rate_per_s("6/min") == 0.1, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(parse_power_w("800mW") == 0.8);
  BOOST_TEST(parse_energy_j("5kJ") == 5000.0);
  BOOST_TEST(parse_energy_j("1000mAh@3.6V") == 12960.0, boost::test_tools::tolerance(1e-12));
  BOOST_CHECK_THROW(parse_rate_per_s("5"), UnitError);
}

BOOST_AUTO_TEST_CASE(error_names_what_was_expected) {
  try {
    parse_duration_s("10 apples");
    BOOST_FAIL("expected a UnitError");
  } catch (const UnitError& e) {
    BOOST_TEST(std::string(e.what()).find("apples") != std::string::npos);
    BOOST_TEST(e.expected().find("250ms") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
