// Runs the modisim binary in its own process (SimGrid allows one simulation per process) and
// reads what it wrote.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/core/csv.hpp"

namespace harness {

struct Result {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
  std::string out_dir;
};

/// This test process's scratch directory under the build tree (removed when the process ends).
std::string scratch();
/// A fresh, empty output directory for one test run (inside scratch()).
std::string fresh_dir(const std::string& name);
/// Runs `modisim <args>` from `cwd` (default: the test data directory).
Result run(const std::string& args, const std::string& cwd = MODISIM_TEST_DATA);
/// `modisim run CONFIG --out DIR extra`; DIR is a fresh directory named after `name`.
Result run_config(const std::string& config, const std::string& name, const std::string& extra = "");

std::string slurp(const std::string& path);
void write_file(const std::string& path, const std::string& text);
/// Replaces the first `needle` in `text` (fails the test, fatally, when there is none).
void replace_first(std::string& text, const std::string& needle, const std::string& with);
/// Live processes (other than this one) whose command line contains `text`.
size_t processes_mentioning(const std::string& text);
/// Whether `dir` holds any result file (requests.csv, summary.csv, run.yaml): a failed run must not.
bool has_results(const std::string& dir);
/// Fails the test (fatally) unless modisim exited 0, showing its stderr.
void require_ok(const Result& r);
modi::csv::Table table(const std::string& out_dir, const std::string& file);
/// Column values as numbers.
std::vector<double> column(const modi::csv::Table& t, const std::string& col);

}  // namespace harness
