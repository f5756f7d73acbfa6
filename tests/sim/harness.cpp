#include "harness.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace harness {

std::string scratch() {
  const fs::path dir = fs::path(MODISIM_TEST_TMP) / std::to_string(::getpid());
  fs::create_directories(dir);
  return dir.string();
}

std::string fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(scratch()) / name;
  fs::remove_all(dir);
  return dir.string();
}

/// Removes this process's scratch directory when the test module ends.
struct RemoveScratch {
  ~RemoveScratch() {
    std::error_code ec;
    fs::remove_all(fs::path(MODISIM_TEST_TMP) / std::to_string(::getpid()), ec);
  }
};
BOOST_TEST_GLOBAL_FIXTURE(RemoveScratch);

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

void replace_first(std::string& text, const std::string& needle, const std::string& with) {
  const auto at = text.find(needle);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "'" + needle + "' is not in the text");
  text.replace(at, needle.size(), with);
}

size_t processes_mentioning(const std::string& text) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const auto name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos || name == std::to_string(::getpid()))
      continue;
    std::string cmdline = slurp((e.path() / "cmdline").string());
    for (auto& c : cmdline)
      c = c == '\0' ? ' ' : c;
    // a zombie has an empty command line: it is not running any more
    n += cmdline.find(text) != std::string::npos;
  }
  return n;
}

Result run(const std::string& args, const std::string& cwd) {
  Result r;
  const auto out = fresh_dir("stdout.txt");
  const auto err = fresh_dir("stderr.txt");
  const std::string cmd =
      fmt::format("cd '{}' && '{}' {} </dev/null >'{}' 2>'{}'", cwd, MODISIM_BIN, args, out, err);
  const int status = std::system(cmd.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.stdout_text = slurp(out);
  r.stderr_text = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

Result run_config(const std::string& config, const std::string& name, const std::string& extra) {
  const auto dir = fresh_dir(name);
  auto r = run(fmt::format("run '{}' --out '{}' {}", config, dir, extra));
  r.out_dir = dir;
  return r;
}

bool has_results(const std::string& dir) {
  for (const char* f : {"requests.csv", "summary.csv", "run.yaml"})
    if (fs::exists(fs::path(dir) / f))
      return true;
  return false;
}

void require_ok(const Result& r) {
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "modisim exited " << r.exit_code << ": " << r.stderr_text);
}

modi::csv::Table table(const std::string& out_dir, const std::string& file) {
  return modi::csv::Table::read_file((fs::path(out_dir) / file).string());
}

std::vector<double> column(const modi::csv::Table& t, const std::string& col) {
  std::vector<double> v;
  for (const auto& row : t.rows())
    v.push_back(t.number(row, col));
  return v;
}

}  // namespace harness
