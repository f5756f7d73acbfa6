#define BOOST_TEST_MODULE modisim_unit
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "scratch.hpp"

/// Removes what this process wrote under the build tree's test scratch directory.
struct RemoveScratch {
  ~RemoveScratch() {
    std::error_code ec;
    std::filesystem::remove_all(unit::scratch_root(), ec);
  }
};
BOOST_TEST_GLOBAL_FIXTURE(RemoveScratch);
