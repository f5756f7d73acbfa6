// The online profiler in a whole run (configs/examples/profiler.yaml): it starts from a prior three
// times too pessimistic and, as an EWMA of the phone's own runs, its predictions settle on the mean
// of the latencies the phone measures; summary.csv's prediction_mae_s is the mean |predicted -
// measured| over the requests.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>

#include "harness.hpp"

namespace tt = boost::test_tools;
using harness::require_ok;
using harness::table;

namespace {

const std::string CONFIG = std::string(MODISIM_SOURCE_DIR) + "/configs/examples/profiler.yaml";

struct Series {
  std::vector<double> predicted, measured;
};

std::map<std::string, Series> warm_runs_by_phone(const modi::csv::Table& reqs) {
  std::map<std::string, Series> by_phone;
  for (const auto& row : reqs.rows()) {
    if (reqs.number(row, "model_load_s") > 0)
      continue;
    auto& s = by_phone[reqs.text(row, "phone")];
    s.predicted.push_back(reqs.number(row, "predicted_latency_s"));
    s.measured.push_back(reqs.number(row, "latency_s"));
  }
  return by_phone;
}

double mean(const std::vector<double>& v, size_t from, size_t to) {
  double s = 0;
  for (size_t i = from; i < to; ++i)
    s += v[i];
  return s / static_cast<double>(to - from);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(profiler_runs)

BOOST_AUTO_TEST_CASE(online_predictions_converge_to_the_measured_mean) {
  const auto r = harness::run_config(CONFIG, "online");
  require_ok(r);
  const auto reqs = table(r.out_dir, "requests.csv");
  const auto by_phone = warm_runs_by_phone(reqs);
  BOOST_REQUIRE(by_phone.size() == 5u);
  for (const auto& [phone, s] : by_phone) {
    const size_t n = s.measured.size(), half = n / 2;
    BOOST_REQUIRE(n >= 100u);
    const double truth = mean(s.measured, half, n);
    BOOST_TEST(s.predicted.front() > 2.0 * truth, phone);  // the prior is 3x too slow
    // EWMA (alpha 0.2) of i.i.d. times: unbiased once the prior has decayed (0.8^60 < 1e-5)
    BOOST_TEST(mean(s.predicted, half, n) == truth, tt::tolerance(0.03));
  }
}

BOOST_AUTO_TEST_CASE(prediction_error_is_reported_and_a_right_prior_is_better) {
  const auto online = harness::run_config(CONFIG, "online-mae");
  const auto table_run = harness::run_config(CONFIG, "table-mae", "--set profiler.predictor=table");
  require_ok(online);
  require_ok(table_run);
  const auto mae = [](const harness::Result& r) {
    const auto reqs = table(r.out_dir, "requests.csv");
    double sum = 0;
    for (const auto& row : reqs.rows())
      sum += std::fabs(reqs.number(row, "predicted_latency_s") - reqs.number(row, "latency_s"));
    const double from_requests = sum / static_cast<double>(reqs.rows().size());
    const auto summary = table(r.out_dir, "summary.csv");
    BOOST_TEST(summary.number(summary.rows()[0], "prediction_mae_s") == from_requests, tt::tolerance(1e-9));
    return from_requests;
  };
  BOOST_TEST(mae(table_run) < mae(online));
}

BOOST_AUTO_TEST_SUITE_END()
