#include "sim/output/output_dir.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <algorithm>
#include <fstream>

#include "sim/core/error.hpp"
#include "sim/output/outputs.hpp"

namespace fs = std::filesystem;

namespace modi::output {

namespace {

[[noreturn]] void refuse(const std::string& dir, const std::string& what, const std::string& expected) {
  throw InputError({"command line", 0, 0, "--out"}, fmt::format("'{}' {}", printable(dir, 200), what), expected);
}

/// Names in `dir` that no run writes (at most a few, for the message).
std::vector<std::string> foreign_files(const fs::path& dir) {
  const auto ours = run_file_names();
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto name = e.path().filename().string();
    if (std::find(ours.begin(), ours.end(), name) == ours.end() && out.size() < 3)
      out.push_back(name);
  }
  return out;
}

}  // namespace

std::vector<std::string> run_file_names() {
  std::vector<std::string> names{kRunMarker, "run.yaml", "run.yaml.partial"};
  for (const auto& doc : output_docs()) {
    names.push_back(doc.file);
    names.push_back(doc.file + ".partial");
  }
  return names;
}

void claim_run_dir(const std::string& dir) {
  const fs::path d(dir);
  std::error_code ec;
  const auto st = fs::status(d, ec);
  if (st.type() == fs::file_type::not_found) {
    if (!fs::create_directories(d, ec) && ec)
      refuse(dir, "cannot be created: " + ec.message(), "a directory modisim may create");
  } else if (ec) {
    refuse(dir, "cannot be read: " + ec.message(), "a new or empty directory");
  } else if (st.type() != fs::file_type::directory) {
    refuse(dir, "is not a directory", "a new or empty directory");
  } else if (!fs::exists(d / kRunMarker, ec)) {
    if (const auto foreign = foreign_files(d); !fs::is_empty(d, ec))
      refuse(dir, fmt::format("holds files modisim did not write (such as '{}')",
                              printable(foreign.empty() ? "?" : foreign.front(), 80)),
             "a new or empty directory, or one an earlier modisim run wrote");
  }
  for (const auto& name : run_file_names())
    if (name != kRunMarker)
      fs::remove(d / name, ec);  // never leave an older run's files beside a new failure
  if (fs::exists(d / kRunMarker, ec))
    fs::remove_all(d / "report", ec);  // `modisim report` of the earlier run
  std::ofstream marker(d / kRunMarker, std::ios::trunc);
  marker << "modisim run directory: the next run into it replaces these files\n";
  marker.close();
  if (!marker)
    refuse(dir, fmt::format("cannot be written: {}", std::strerror(errno)), "a writable directory");
}

}  // namespace modi::output
