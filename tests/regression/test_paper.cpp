// Regression against the MODI paper's figures: runs configs/paper/fig{2,3,4}.yaml (each in its
// own process) and compares with configs/paper/reference.csv, the one table of expected values
// (with the source of each number).
#define BOOST_TEST_MODULE modisim_paper
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "../sim/harness.hpp"
#include "sim/core/stats.hpp"
#include "sim/core/traces.hpp"

namespace {

const std::string SRC = MODISIM_SOURCE_DIR;

struct Expected {
  double value = 0, tolerance = 0;
  std::string kind, source;
};

/// configs/paper/reference.csv keyed by "figure/key/metric".
const std::map<std::string, Expected>& reference() {
  static const auto table = [] {
    std::map<std::string, Expected> m;
    const auto t = modi::csv::Table::read_file(SRC + "/configs/paper/reference.csv");
    for (const auto& row : t.rows())
      m[t.cell(row, "figure") + "/" + t.cell(row, "key") + "/" + t.cell(row, "metric")] =
          Expected{t.number(row, "paper_value"), t.number(row, "tolerance"), t.cell(row, "tolerance_kind"),
                   t.cell(row, "source")};
    return m;
  }();
  return table;
}

const Expected& expect(const std::string& id) {
  const auto it = reference().find(id);
  BOOST_REQUIRE_MESSAGE(it != reference().end(), "no reference value " << id);
  return it->second;
}

/// Checks a simulated value against the reference row (relative or absolute tolerance).
void check(const std::string& id, double simulated) {
  const auto& e = expect(id);
  const double err = e.kind == "rel" ? std::fabs(simulated - e.value) / std::fabs(e.value) : std::fabs(simulated - e.value);
  BOOST_TEST_MESSAGE(id << ": paper " << e.value << ", simulated " << simulated);
  BOOST_CHECK_MESSAGE(err <= e.tolerance, id << ": paper " << e.value << ", simulated " << simulated << " (error "
                                             << err << " > " << e.tolerance << " " << e.kind << "; " << e.source << ")");
}

struct Run {
  modi::csv::Table requests;
};

Run run_figure(const std::string& fig) {
  const auto r = harness::run_config(SRC + "/configs/paper/" + fig + ".yaml", "paper-" + fig);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, fig << " failed: " << r.stderr_text);
  auto t = harness::table(r.out_dir, "requests.csv");
  for (const auto& row : t.rows())
    BOOST_REQUIRE_MESSAGE(t.cell(row, "status") == "ok", fig << ": request " << t.cell(row, "request_id") << " failed: "
                                                            << t.cell(row, "failure"));
  return {std::move(t)};
}

/// Column values (in ms when `ms`) of the rows whose `key_col` equals `key`, skipping `skip` rows.
std::vector<double> values(const modi::csv::Table& t, const std::string& key_col, const std::string& key,
                           const std::vector<std::string>& cols, size_t skip = 0) {
  std::vector<double> v;
  size_t seen = 0;
  for (const auto& row : t.rows()) {
    if (t.cell(row, key_col) != key || seen++ < skip)
      continue;
    double x = 0;
    for (const auto& c : cols)
      x += t.number(row, c);
    v.push_back(x * 1e3);
  }
  BOOST_REQUIRE_MESSAGE(!v.empty(), "no rows with " << key_col << " = " << key);
  return v;
}

using modi::stats::mean;
using modi::stats::stddev;

}  // namespace

BOOST_AUTO_TEST_CASE(fig3_on_device_end_to_end_per_phone) {
  const auto run = run_figure("fig3");
  const auto& t = run.requests;
  for (const std::string dev : {"nexus5", "lg_g3", "moto_g5_plus", "pixel2"}) {
    check("fig3/" + dev + "/image_load_ms", mean(values(t, "device", dev, {"image_load_s"})));
    check("fig3/" + dev + "/model_load_ms", mean(values(t, "device", dev, {"model_load_s"})));
    check("fig3/" + dev + "/inference_ms", mean(values(t, "device", dev, {"inference_s"})));
    const auto total = values(t, "device", dev, {"latency_s"});
    check("fig3/" + dev + "/total_ms", mean(total));
    check("fig3/" + dev + "/total_sd_ms", stddev(total));
  }
}

BOOST_AUTO_TEST_CASE(fig4_edge_inference_per_connection_type) {
  const auto run = run_figure("fig4");
  const auto& t = run.requests;
  double lo = 1e300, hi = 0, top_share = 0;
  std::string top;
  for (const std::string net : {"campus_wifi", "public_wifi", "lte", "home_wifi", "hotspot_lte"}) {
    const auto transfer = values(t, "network", net, {"upload_s", "download_s"});
    const auto total = values(t, "network", net, {"latency_s"});
    check("fig4/" + net + "/transfer_ms", mean(transfer));
    check("fig4/" + net + "/edge_inference_ms", mean(values(t, "network", net, {"inference_s"})));
    check("fig4/" + net + "/total_ms", mean(total));
    const double share = mean(transfer) / mean(total);
    check("fig4/" + net + "/transfer_share", share);
    check("fig4/" + net + "/transfer_sd_ms", stddev(transfer));
    lo = std::min(lo, mean(total));
    hi = std::max(hi, mean(total));
    if (share > top_share) {
      top_share = share;
      top = net;
    }
  }
  check("fig4/all/total_min_ms", lo);
  check("fig4/all/total_max_ms", hi);
  BOOST_TEST(top == "hotspot_lte");
  check("fig4/hotspot_lte/largest_transfer_share", top_share);
}

BOOST_AUTO_TEST_CASE(fig2_model_variants_on_the_pixel2) {
  // Storage: from the shipped model catalog.
  const auto ts = modi::TraceSet::load(SRC + "/traces");
  auto size = [&](const std::string& m) {
    const auto id = ts->model_id(m);
    BOOST_REQUIRE_MESSAGE(id != modi::NONE, "model " << m << " missing from traces/models.csv");
    return ts->models()[id].size_bytes;
  };
  check("fig2/inception_v3_8bit_quantized/storage_saving_plain",
        1 - size("inception_v3_8bit_quantized") / size("inception_v3_retrained"));
  check("fig2/inception_v3_8bit_quantized/storage_saving_gzip",
        1 - size("inception_v3_8bit_quantized_gz") / size("inception_v3_retrained_gz"));
  for (const std::string m : {"inception_v3_retrained", "inception_v3_optimized", "inception_v3_rounded"})
    check("fig2/" + m + "/gzip_saving", 1 - size(m + "_gz") / size(m));

  // Timings: one phone per variant, every request a cold start.
  const auto run = run_figure("fig2");
  const auto& t = run.requests;
  const std::vector<std::string> phones{"retrained", "optimized", "rounded", "8bit_quantized"};
  std::map<std::string, double> load, infer, total;
  for (const auto& p : phones) {
    load[p] = mean(values(t, "phone", p, {"model_load_s"}));
    infer[p] = mean(values(t, "phone", p, {"inference_s"}));
    total[p] = mean(values(t, "phone", p, {"latency_s"}));
  }
  std::map<std::string, double> total_all = total;
  for (const auto& p : phones)
    total_all[p + "-gzip"] = mean(values(t, "phone", p + "-gzip", {"latency_s"}));
  const auto min_of = [](const std::map<std::string, double>& m) {
    return std::min_element(m.begin(), m.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
  };
  BOOST_TEST(expect("fig2/inception_v3_8bit_quantized/lowest_model_load").kind == "claim");
  BOOST_TEST(min_of(load) == "8bit_quantized");
  BOOST_TEST(infer["8bit_quantized"] > infer["optimized"]);
  BOOST_TEST(min_of(total_all) == "8bit_quantized");
  // Warm inference on the Pixel 2: requests after the first on the phone that keeps the model.
  check("fig2/inception_v3_optimized/warm_inference_ms", mean(values(t, "phone", "warm", {"inference_s"}, 1)));
  const auto warm_load = values(t, "phone", "warm", {"model_load_s"}, 1);
  BOOST_TEST(*std::max_element(warm_load.begin(), warm_load.end()) == 0.0);
}
