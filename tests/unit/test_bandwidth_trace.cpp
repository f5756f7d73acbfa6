// Bandwidth traces in closed form, worked by hand: a Mahimahi trace is read as 1,500 bytes per
// opportunity spread over its millisecond; a CSV trace is piecewise constant; both loop.
#include <boost/test/unit_test.hpp>

#include "sim/core/bandwidth_trace.hpp"
#include "sim/core/error.hpp"

namespace tt = boost::test_tools;
using modi::BandwidthTrace;

namespace {

std::string error_of(const std::string& text) {
  try {
    BandwidthTrace::from_mahimahi(text, "t.mahi", 1.0, true);
  } catch (const modi::InputError& e) {
    return e.where().file + ":" + std::to_string(e.where().line) + ": " + e.problem();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bandwidth_trace)

// Opportunities at 0, 0, 1 and 4 ms; period 4 ms (the stamp at 4 folds onto ms 0):
// ms 0: 3 x 1500 B, ms 1: 1500 B, ms 2-3: nothing. 6000 B per 4 ms pass.
BOOST_AUTO_TEST_CASE(a_mahimahi_trace_is_a_fluid_millisecond_schedule) {
  const auto t = BandwidthTrace::from_mahimahi("0\n0\n1\n4\n", "hand", 1.0, true);
  BOOST_TEST(t.period_s() == 0.004);
  BOOST_TEST(t.mean_bytes_per_s() == 6000 / 0.004, tt::tolerance(1e-12));
  BOOST_TEST(t.rate_at(0.0005, 0) == 4.5e6, tt::tolerance(1e-12));
  BOOST_TEST(t.rate_at(0.0015, 0) == 1.5e6, tt::tolerance(1e-12));
  BOOST_TEST(t.rate_at(0.0025, 0) == 0.0);
  // 3000 B from t = 0: 2/3 of ms 0
  BOOST_TEST(t.finish_s(0, 3000, 0) == 0.001 * 2 / 3, tt::tolerance(1e-12));
  // 5000 B from 0.5 ms: 2250 B left in ms 0, 1500 B in ms 1 (ends at 2 ms), nothing until 4 ms,
  // then 1250 B at 4.5 MB/s
  BOOST_TEST(t.finish_s(0.0005, 5000, 0) == 0.004 + 1250 / 4.5e6, tt::tolerance(1e-12));
  // 15000 B from 2.5 ms: nothing until 4 ms, two passes' 12000 B by 10 ms, then 3000 B: 2/3 of
  // millisecond 0 of the pass starting at 12 ms
  BOOST_TEST(t.finish_s(0.0025, 15000, 0) == 0.012 + 0.001 * 2 / 3, tt::tolerance(1e-12));
  // exactly what ms 0 and 1 hold: done when ms 1 ends, not when ms 4 begins
  BOOST_TEST(t.finish_s(0, 6000, 0) == 0.002, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(without_loop_the_link_returns_to_its_capacity) {
  const auto t = BandwidthTrace::from_mahimahi("0\n0\n1\n4\n", "hand", 2.0, false);  // scaled x2
  BOOST_TEST(t.rate_at(0.0005, 1e6) == 9e6, tt::tolerance(1e-12));
  BOOST_TEST(t.rate_at(0.005, 1e6) == 1e6);
  // 12000 B per pass; 13000 B from 0: the pass ends at 4 ms with 1000 B left at 1 MB/s
  BOOST_TEST(t.finish_s(0, 13000, 1e6) == 0.004 + 0.001, tt::tolerance(1e-12));
}

// 8 Mbit/s for 2 s, nothing for 1 s, 4 Mbit/s for 1 s; period 4 s.
BOOST_AUTO_TEST_CASE(a_csv_trace_is_piecewise_constant) {
  const auto t = BandwidthTrace::from_csv("time_s,bandwidth_bps\n0,8e6\n2,0\n3,4e6\n4,0\n", "c.csv", 1.0, true);
  BOOST_TEST(t.period_s() == 4.0);
  BOOST_TEST(t.mean_bytes_per_s() == (2e6 + 0.5e6) / 4, tt::tolerance(1e-12));
  BOOST_TEST(t.finish_s(1.5, 1e6, 0) == 3.0 + 0.5e6 / 0.5e6, tt::tolerance(1e-12));  // 0.5 MB by 2 s, 0.5 MB from 3 s
  // 3 MB from 3.5 s: 0.25 MB by 4 s, 2 MB by 6 s, 0.5 MB from 7 to 8 s, the last 0.25 MB at 1 MB/s
  BOOST_TEST(t.finish_s(3.5, 3e6, 0) == 8.25, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bad_traces_name_file_and_line) {
  BOOST_TEST(error_of("0\n5\n3\n") == "t.mahi:3: timestamp 3 ms comes after 5 ms");
  BOOST_TEST(error_of("0\n-1\n") == "t.mahi:2: negative timestamp -1");
  BOOST_TEST(error_of("0\nabc\n") == "t.mahi:2: 'abc' is not a millisecond timestamp");
  BOOST_TEST(error_of("") == "t.mahi:1: no delivery opportunity after time 0");
  BOOST_TEST(error_of("0\n0\n") == "t.mahi:2: no delivery opportunity after time 0");
  std::string msg;
  try {
    BandwidthTrace::from_csv("time_s,bandwidth_bps\n0,1e6\n2,-5\n3,0\n", "c.csv", 1.0, true);
  } catch (const modi::InputError& e) {
    msg = e.where().file + ":" + std::to_string(e.where().line) + ": " + e.where().key;
  }
  BOOST_TEST(msg == "c.csv:3: bandwidth_bps");
}

BOOST_AUTO_TEST_SUITE_END()
