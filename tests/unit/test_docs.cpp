// Generated documentation is current: docs/config.md, docs/outputs.md and the Python package's
// python/modisim/outputs.json are exactly what the key and column declarations produce
// (regenerate with `build/modisim list --keys --markdown > docs/config.md`, `build/modisim list
// --outputs --markdown > docs/outputs.md` and `build/modisim list --outputs --json >
// python/modisim/outputs.json`).
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "sim/config/docs.hpp"
#include "sim/config/keys.hpp"
#include "sim/output/docs.hpp"
#include "sim/output/outputs.hpp"

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(docs)

BOOST_AUTO_TEST_CASE(config_md_is_generated_from_the_key_declarations) {
  BOOST_TEST(slurp(std::string(MODISIM_SOURCE_DIR) + "/docs/config.md") == modi::config::keys_markdown(),
             "docs/config.md is stale: build/modisim list --keys --markdown > docs/config.md");
}

BOOST_AUTO_TEST_CASE(outputs_md_is_generated_from_the_column_declarations) {
  BOOST_TEST(slurp(std::string(MODISIM_SOURCE_DIR) + "/docs/outputs.md") == modi::output::outputs_markdown(),
             "docs/outputs.md is stale: build/modisim list --outputs --markdown > docs/outputs.md");
  BOOST_TEST(slurp(std::string(MODISIM_SOURCE_DIR) + "/python/modisim/outputs.json") == modi::output::outputs_json(),
             "python/modisim/outputs.json is stale: build/modisim list --outputs --json > python/modisim/outputs.json");
}

BOOST_AUTO_TEST_CASE(every_key_and_column_is_documented) {
  for (const auto& sec : modi::config::keys::all())
    for (const auto& k : sec.keys) {
      BOOST_TEST_CONTEXT(sec.path << "." << k.key) {
        BOOST_TEST(!k.key.empty());
        BOOST_TEST(!k.type.empty());
        BOOST_TEST(!k.help.empty());
      }
    }
  for (const auto& f : modi::output::output_docs())
    for (const auto& c : f.columns) {
      BOOST_TEST_CONTEXT(f.file << ": " << c.name) {
        BOOST_TEST(!c.help.empty());
        // units are in the names: a column with a unit ends in its suffix
        if (c.unit == "s")
          BOOST_TEST(c.name.substr(c.name.size() - 2) == "_s");
        if (c.unit == "J")
          BOOST_TEST(c.name.substr(c.name.size() - 2) == "_j");
      }
    }
}

BOOST_AUTO_TEST_SUITE_END()
