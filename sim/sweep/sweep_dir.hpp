// A sweep directory: tasks/<index>.args and .manifest (what each run is), runs/<id>/ (finished
// runs, each with the manifest it ran with), failed/<id>.txt (failure records), plan.csv, and a
// lock so that two sweeps never work in one directory at once.
//
// Two sweeps are "the same" for a directory when every run the directory holds as finished has,
// in the new plan, the same id, base scenario, arguments and input file contents (its manifest).
// Runs that failed or never ran may differ: a corrected sweep file reuses its directory and runs
// exactly those again.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace modi::sweep {

struct Plan;

/// Holds an exclusive lock on a sweep directory for its lifetime (flock on DIR/.lock). Throws
/// InputError at once when another sweep holds it.
class SweepLock {
public:
  explicit SweepLock(const std::string& dir);
  ~SweepLock();
  SweepLock(const SweepLock&) = delete;
  SweepLock& operator=(const SweepLock&) = delete;

private:
  int fd_ = -1;
};

/// Checks that DIR's finished runs belong to `plan` (InputError naming the first run that does
/// not, and why), then writes the plan's tasks, manifests and plan.csv (atomically).
void prepare_dir(const Plan& plan, const std::string& dir);
/// Indices of runs without a finished run directory.
std::vector<uint32_t> pending(const Plan& plan, const std::string& dir);

struct RunStatus {
  bool ok = false;
  int exit_code = 0;
  std::string error;  ///< failure record (exit code and stderr tail)
};
struct Run;
RunStatus status_of(const Run& run, const std::string& dir);

// --- one run (the body of `modisim sweep-task DIR INDEX`) ---------------------------------
inline constexpr const char* kRunManifest = "sweep-manifest.txt";
struct TaskPaths {
  std::string final_dir, partial_dir, failure_file, stderr_file, manifest_file;
};
TaskPaths task_paths(const std::string& dir, const std::string& run_id, uint32_t index = 0);
/// The arguments of task INDEX (from DIR/tasks/<index>.args) and its run id.
std::pair<std::string, std::vector<std::string>> read_task(const std::string& dir, uint32_t index);

}  // namespace modi::sweep
