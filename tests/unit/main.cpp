#define BOOST_TEST_MODULE modisim_unit
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

/// Removes what this process wrote under the build tree's test scratch directory.
struct RemoveScratch {
  ~RemoveScratch() {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(MODISIM_TEST_TMP) / std::to_string(::getpid()), ec);
  }
};
BOOST_TEST_GLOBAL_FIXTURE(RemoveScratch);
