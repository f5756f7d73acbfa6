#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/recent_doubles.hpp"
#include "sim/core/traces.hpp"
#include "scratch.hpp"

using namespace modi;
namespace fs = std::filesystem;

namespace {
/// A copy of the fixed test traces with one file replaced.
std::string traces_with(const std::string& file, const std::string& content) {
  const fs::path dir = unit::scratch("traces-" + file);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(fs::path(MODISIM_TEST_DATA) / "traces-fixed"))
    fs::copy_file(e.path(), dir / e.path().filename());
  std::ofstream(dir / file, std::ios::trunc) << content;
  return dir.string();
}
std::string load_error(const std::string& dir) {
  try {
    TraceSet::load(dir);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(csv_traces)

BOOST_AUTO_TEST_CASE(reader_handles_quotes_and_reports_lines) {
  const auto t = csv::Table::parse("a,b\n1,\"x,\"\"y\"\"\"\n\n# comment\n2,z\n", "mem.csv");
  BOOST_TEST(t.rows().size() == 2u);
  BOOST_TEST(t.cell(t.rows()[0], "b") == "x,\"y\"");
  BOOST_TEST(t.rows()[1].line == 5);
  BOOST_CHECK_THROW(csv::Table::parse("a,b\n1\n", "m.csv"), InputError);
  BOOST_CHECK_THROW(csv::Table::parse("", "m.csv"), InputError);
  BOOST_CHECK_THROW(csv::Table::parse("a\n\"open\n", "m.csv"), InputError);
  try {
    const auto bad = csv::Table::parse("x\n1\nabc\n", "bad.csv");
    (void)bad.number(bad.rows()[1], "x");
    BOOST_FAIL("expected an InputError");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).rfind("bad.csv:3: x: ", 0) == 0);
  }
}

BOOST_AUTO_TEST_CASE(reader_takes_a_byte_order_mark_and_refuses_repeated_columns_and_nul_bytes) {
  const auto t = csv::Table::parse("\xEF\xBB\xBFtime_s,phone\n1,p\n", "bom.csv");  // a spreadsheet export
  BOOST_TEST(t.has_column("time_s"));
  BOOST_TEST(t.number(t.rows().at(0), "time_s") == 1.0);
  std::string msg;
  try {
    csv::Table::parse("a,b,a\n1,2,3\n", "dup.csv");
  } catch (const InputError& e) {
    msg = e.what();
  }
  BOOST_TEST(msg == "dup.csv:1: a: column 3 repeats column 1 of the header (expected each column once)");
  BOOST_CHECK_THROW(csv::Table::parse(std::string("a,b\n1,\0\n", 8), "nul.csv"), InputError);
}

BOOST_AUTO_TEST_CASE(writer_quotes_and_round_trips) {
  const auto path = (unit::scratch() / "writer.csv").string();
  {
    csv::Writer w(path);
    w.header({"s", "d"});
    w.cell("a,b").cell(0.1);
    w.end_row();
    w.cell("plain").cell(1.0 / 3.0);
    w.end_row();
    w.close();
  }
  const auto t = csv::Table::read_file(path);
  BOOST_TEST(t.cell(t.rows()[0], "s") == "a,b");
  BOOST_TEST(t.number(t.rows()[0], "d") == 0.1);
  BOOST_TEST(t.number(t.rows()[1], "d") == 1.0 / 3.0);  // shortest round-trip representation
}

// The writer's fast paths (compiled formats, numbered names) write what fmt's "{}" writes.
BOOST_AUTO_TEST_CASE(writer_numbers_and_numbered_names_read_as_formatted) {
  const auto path = (unit::scratch() / "numbers.csv").string();
  const std::vector<double> xs{-0.0, 1e-7, 123456789.125, 1e300, -2.5e-12, 100000.0, 1e16, 0.30000000000000004};
  {
    csv::Writer w(path);
    w.header({"x", "i", "name"});
    for (size_t k = 0; k < xs.size(); ++k) {
      w.cell(xs[k]).cell(static_cast<int64_t>(k) - 3).cell(csv::NumberedName{"pixel2-campus", static_cast<int64_t>(k)});
      w.end_row();
    }
    w.cell(1.0).cell(uint64_t{18446744073709551615ULL}).cell(csv::NumberedName{"solo"});
    w.end_row();
    w.cell(2.0).cell(uint64_t{0}).cell(csv::NumberedName{"a,b", 3});
    w.end_row();
    w.close();
  }
  const auto t = csv::Table::read_file(path);
  for (size_t k = 0; k < xs.size(); ++k) {
    BOOST_TEST(t.cell(t.rows()[k], "x") == (xs[k] == 0 ? std::string("0") : fmt::format("{}", xs[k])));
    BOOST_TEST(t.cell(t.rows()[k], "i") == std::to_string(static_cast<int64_t>(k) - 3));
    BOOST_TEST(t.cell(t.rows()[k], "name") == "pixel2-campus-" + std::to_string(k));
  }
  BOOST_TEST(t.cell(t.rows()[xs.size()], "i") == "18446744073709551615");
  BOOST_TEST(t.cell(t.rows()[xs.size()], "name") == "solo");
  BOOST_TEST(t.cell(t.rows()[xs.size() + 1], "name") == "a,b-3");  // quoted in the file, read back whole
}

// RecentDoubles only remembers texts: whatever the mix of repeats, slot collisions and extreme
// values, each text is fmt's "{}" of the value asked for, never the text of a value that shared
// its slot.
BOOST_AUTO_TEST_CASE(recent_doubles_give_fmts_text_for_every_value) {
  std::mt19937_64 gen(14);
  std::vector<double> pool;
  for (int k = 0; k < 2000; ++k) {  // more distinct values than slots: collisions are certain
    const uint64_t bits = gen();
    const double x = std::bit_cast<double>(bits);
    pool.push_back(std::isfinite(x) ? x : static_cast<double>(bits >> 11) * 1e-9);
  }
  for (double x : {std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::max(),
                   -2.2250738585072014e-308, -0.00012345678901234567, 1.2345678901234567e15, 0.1, 0.4,
                   std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()})
    pool.push_back(x);
  for (int e = -5; e <= 16; ++e)  // around fmt's switch between fixed and exponent notation
    pool.push_back(-std::nextafter(std::pow(10.0, e), 0.0));
  csv::RecentDoubles recent;
  for (int k = 0; k < 50000; ++k) {
    const double x = pool[gen() % (k % 3 == 0 ? pool.size() : 40)];  // a third spread, the rest repeats
    const auto text = recent.text(x);
    BOOST_TEST_REQUIRE(std::string(text) == fmt::format("{}", x));
    BOOST_TEST_REQUIRE(text.size() <= 24u);  // the slot holds 31 characters
  }
}

BOOST_AUTO_TEST_CASE(shipped_traces_load) {
  const auto ts = TraceSet::load(std::string(MODISIM_SOURCE_DIR) + "/traces");
  BOOST_TEST(ts->devices().size() == 4u);
  BOOST_TEST(ts->networks().size() == 5u);
  BOOST_TEST(ts->models_of_task("flowers").size() == 34u);
  const auto pixel2 = ts->device_id("pixel2");
  const auto inception = ts->model_id("inception_v3");
  BOOST_REQUIRE(pixel2 != NONE);
  BOOST_REQUIRE(inception != NONE);
  // Device timings are anchored to MODI Fig 3: Pixel 2 loads InceptionV3 in 826 ms, infers in 532 ms.
  BOOST_TEST(ts->devices()[pixel2].by_model[inception].model_load.mean_s() == 0.826, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(ts->devices()[pixel2].by_model[inception].inference.mean_s() == 0.532, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(implausible_values_are_refused_unless_marked_intended) {
  namespace fs = std::filesystem;
  const fs::path layer = unit::scratch("intended");
  const std::string header = "device,model,phase,dist,mean_ms,sd_ms,shape,source";
  std::ofstream(layer / "device_timings.csv") << header << ",intended\ndev,m_small,inference,fixed,0.1,,,x,\n";
  const std::vector<std::string> layers{std::string(MODISIM_TEST_DATA) + "/traces-fixed", layer.string()};
  std::string msg;
  try {
    TraceSet::load(layers);
  } catch (const InputError& e) {
    msg = e.what();
  }
  BOOST_TEST(msg.find("device_timings.csv:2: mean_ms: 0.1 ms is not plausible as a phone's inference time") !=
             std::string::npos, msg);
  std::ofstream(layer / "device_timings.csv") << header << ",intended\ndev,m_small,inference,fixed,0.1,,,x,a fixture\n";
  const auto ts = TraceSet::load(layers);
  BOOST_TEST(ts->devices()[0].by_model[ts->model_id("m_small")].inference.mean_s() == 1e-4, boost::test_tools::tolerance(1e-12));
  fs::remove_all(layer);
}

BOOST_AUTO_TEST_CASE(bad_trace_cells_name_file_line_and_column) {
  auto msg = load_error(traces_with("models.csv", "task,model,family,variant,top1,size_bytes\nt,m,f,v,1.7,10\n"));
  BOOST_TEST(msg.find("models.csv:2: top1:") != std::string::npos);
  msg = load_error(traces_with("device_timings.csv",
                               "device,model,phase,dist,mean_ms,sd_ms,shape\ndev,*,image_load,gamma,10,,\n"));
  BOOST_TEST(msg.find("device_timings.csv:2: dist: unknown distribution 'gamma'") != std::string::npos);
  msg = load_error(traces_with("quantiles.csv", "shape,p,value_ms\ns,0,5\ns,1,4\n"));
  BOOST_TEST(msg.find("quantiles.csv:3: value_ms") != std::string::npos);
  msg = load_error(traces_with("networks.csv", ""));
  BOOST_TEST(msg.find("networks.csv:1:1: empty file") != std::string::npos);
  msg = load_error(traces_with("networks.csv",
                               "network,label,radio,uplink_bps,downlink_bps,latency_ms,transfer_mean_ms,transfer_sd_ms,"
                               "ref_upload_bytes,ref_download_bytes\nn,N,wifi,8e6,8e6,10,5,0,10000,1000\n"));
  BOOST_TEST(msg.find("transfer_mean_ms: measured transfer") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
