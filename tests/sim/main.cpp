#define BOOST_TEST_MODULE modisim_sim
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

/// Removes the scenario and trace files this process wrote into the test data directory.
struct RemoveTemporaryInputs {
  ~RemoveTemporaryInputs() {
    const std::string prefix = "tmp-" + std::to_string(::getpid()) + "-";
    for (const auto& e : std::filesystem::directory_iterator(MODISIM_TEST_DATA))
      if (e.path().filename().string().rfind(prefix, 0) == 0)
        std::filesystem::remove(e.path());
  }
};
BOOST_TEST_GLOBAL_FIXTURE(RemoveTemporaryInputs);
