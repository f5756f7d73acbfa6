// run.yaml reproduces its run: from another working directory, and from another checkout of the
// sources in another place (a copy of configs/, traces/ and tests/data/, run with that copy's
// traces as a fresh clone's build would). Paths in run.yaml are relative to it when they were
// relative, the shipped traces are `default`, and the provenance names the commit, the build type,
// the allocator and a digest of every input file.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "harness.hpp"

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> OUTPUTS{"requests.csv", "servers.csv", "phones.csv", "pushes.csv", "stats.csv"};

void require_same_outputs(const std::string& a, const std::string& b) {
  for (const auto& f : OUTPUTS)
    BOOST_TEST(harness::slurp(a + "/" + f) == harness::slurp(b + "/" + f), f << ": " << a << " vs " << b);
}

/// `modisim run` in `cwd` with `traces` as the shipped traces (MODISIM_TRACES, as a build of that
/// checkout would have them).
harness::Result run_in(const std::string& cwd, const std::string& config, const std::string& out, const std::string& traces) {
  ::setenv("MODISIM_TRACES", traces.c_str(), 1);
  auto r = harness::run(fmt::format("run {} --out {} --progress never", config, out), cwd);
  ::unsetenv("MODISIM_TRACES");
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(provenance)

BOOST_AUTO_TEST_CASE(run_yaml_reruns_identically_from_another_checkout_and_directory) {
  const fs::path src(MODISIM_SOURCE_DIR), clone = fs::path(harness::scratch()) / "clone" / "modisim";
  for (const char* d : {"configs", "traces", "tests/data"}) {
    fs::create_directories(clone / d);
    fs::copy(src / d, clone / d, fs::copy_options::recursive);
  }
  const std::string elsewhere = harness::scratch() + "/elsewhere";
  fs::create_directories(elsewhere);
  const std::string shipped = (src / "traces").string(), copied = (clone / "traces").string();
  for (const char* scenario : {"tests/data/tiers.yaml", "configs/examples/pixel2-drain.yaml"}) {
    const std::string name = fs::path(scenario).stem().string();
    const auto here = harness::fresh_dir(name + "-here");
    BOOST_REQUIRE_EQUAL(run_in(src.string(), scenario, here, shipped).exit_code, 0);
    const auto there = harness::fresh_dir(name + "-clone");
    const auto r = run_in(clone.string(), scenario, there, copied);
    harness::require_ok(r);
    require_same_outputs(here, there);
    const auto yaml = harness::slurp(there + "/run.yaml");
    for (const char* d : {"/traces", "/configs", "/tests/data"})  // nothing of the other checkout
      BOOST_TEST(yaml.find(src.string() + d) == std::string::npos, d);
    BOOST_TEST(yaml.find("modisim_commit: ") != std::string::npos);
    BOOST_TEST(yaml.find("build_type: ") != std::string::npos);
    BOOST_TEST(yaml.find("fnv1a64:") != std::string::npos);
    const auto again = harness::fresh_dir(name + "-rerun");
    harness::require_ok(run_in(elsewhere, there + "/run.yaml", again, copied));
    require_same_outputs(there, again);
  }
}

// The build links jemalloc unless configured otherwise (sanitized builds keep their sanitizer's
// allocator); run.yaml names the allocator that served the run, read at run time.
BOOST_AUTO_TEST_CASE(run_yaml_names_the_allocator_that_served_the_run) {
  const auto out = harness::fresh_dir("allocator");
  harness::require_ok(harness::run(fmt::format("run tiers.yaml --out {} --progress never", out)));
  const auto yaml = harness::slurp(out + "/run.yaml");
  const auto at = yaml.find("\n  allocator: ");
  BOOST_REQUIRE(at != std::string::npos);
  const auto line = yaml.substr(at + 1, yaml.find('\n', at + 1) - at - 1);
  if (std::string(MODISIM_ALLOCATOR_USED) == "jemalloc") {
    BOOST_TEST(line.rfind("  allocator: jemalloc 5.", 0) == 0, line);
  } else {
    BOOST_TEST(line.find("jemalloc") == std::string::npos, line);  // libc.so.6, or a sanitizer's
    BOOST_TEST(line.find("unknown") == std::string::npos, line);
  }
}

BOOST_AUTO_TEST_SUITE_END()
