#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "sim/core/error.hpp"
#include "sim/sweep/plan.hpp"
#include "scratch.hpp"

using namespace modi::sweep;
namespace fs = std::filesystem;

namespace {
std::string write_sweep(const std::string& text) {
  const fs::path p = unit::scratch() / "sweep.yaml";
  std::string with_base = text;
  const auto at = with_base.find("base: ");
  if (at != std::string::npos)  // the base scenario lives in the test data directory
    with_base.insert(at + 6, std::string(MODISIM_TEST_DATA) + "/");
  std::ofstream(p, std::ios::trunc) << with_base;
  return p.string();
}
std::string error_of(const std::string& text) {
  const auto p = write_sweep(text);
  std::string msg;
  try {
    load_spec(p);
  } catch (const modi::InputError& e) {
    msg = e.what();
  }
  fs::remove(p);
  return msg;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(sweep_plan)

BOOST_AUTO_TEST_CASE(grid_times_zip_times_replications) {
  const auto p = write_sweep(
      "base: fixed.yaml\nreplications: 2\ngrid:\n  a.x: [1, 2, 3]\n  b: [p, q]\n"
      "zip:\n  - {c: [10, 20], d: [u, v]}\nset: {e: 5}\n");
  const auto plan = expand(load_spec(p));
  fs::remove(p);
  BOOST_TEST(plan.points == 12u);  // 3 x 2 x 2 (the zip group counts once)
  BOOST_TEST(plan.runs.size() == 24u);
  BOOST_TEST((plan.swept_paths == std::vector<std::string>{"a.x", "b", "c", "d"}));
  // point-major, the last dimension fastest; zipped values move together
  const auto& r = plan.runs[2 * 3];  // point 3: a=1, b=q, zip index 1
  BOOST_TEST(r.point == 3u);
  BOOST_TEST(r.swept[0].second == "1");
  BOOST_TEST(r.swept[1].second == "q");
  BOOST_TEST(r.swept[2].second == "20");
  BOOST_TEST(r.swept[3].second == "v");
  BOOST_TEST(r.id == "p0003-r00");
  // fixed overrides first, then swept ones
  BOOST_TEST((std::vector<std::string>(r.args.begin() + 4, r.args.end()) ==
              std::vector<std::string>{"--set", "e=5", "--set", "a.x=1", "--set", "b=q", "--set", "c=20", "--set", "d=v"}));
}

BOOST_AUTO_TEST_CASE(seeds_depend_only_on_the_replication) {
  const auto p = write_sweep("base: fixed.yaml\nreplications: 3\nbase_seed: 9\ngrid: {a: [1, 2, 3, 4]}\n");
  const auto plan = expand(load_spec(p));
  fs::remove(p);
  for (const auto& r : plan.runs) {
    BOOST_TEST(r.seed == replication_seed(9, r.replication));
    BOOST_TEST(r.seed == plan.runs[r.replication].seed);  // same as point 0's replication
  }
  BOOST_TEST(plan.runs[0].seed != plan.runs[1].seed);
  BOOST_TEST(replication_seed(9, 0) != replication_seed(10, 0));
  BOOST_TEST(replication_seed(9, 0) < (1ULL << 53));
}

BOOST_AUTO_TEST_CASE(bad_sweep_files_name_file_line_and_key) {
  BOOST_TEST(error_of("base: fixed.yaml\nzip:\n  - {c: [1, 2], d: [u]}\n").find("zip.0.d: 1 values, but 'c' has 2") !=
             std::string::npos);
  BOOST_TEST(error_of("base: fixed.yaml\ngrid: {a: []}\n").find("grid.a: not a non-empty list") != std::string::npos);
  BOOST_TEST(error_of("base: fixed.yaml\ngrids: {a: [1]}\n").find(":2:1: grids: unknown key") != std::string::npos);
  BOOST_TEST(error_of("base: nowhere.yaml\n").find("base: base scenario") != std::string::npos);
  BOOST_TEST(error_of("base: fixed.yaml\nreplications: 0\n").find("replications: '0' is not a whole number in [1, 100000]") != std::string::npos);
  BOOST_TEST(error_of("base: fixed.yaml\nset: {a: 1}\ngrid: {a: [1, 2]}\n").find("both fixed (set) and swept") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(confidence_interval_half_width) {
  // sd 2, n 4: t(0.975, 3) = 3.182446305284263; 3.1824 * 2 / 2
  BOOST_TEST(ci95_half_width(2.0, 4) == 3.182446305284263, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(ci95_half_width(1.0, 1) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
