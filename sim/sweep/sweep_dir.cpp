#include "sim/sweep/sweep_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/sweep/plan.hpp"

namespace fs = std::filesystem;

namespace modi::sweep {
namespace {

void write_atomic(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
      throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, path);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The first line where two manifests differ, as a reason.
std::string first_difference(const std::string& old_text, const std::string& new_text) {
  std::istringstream a(old_text), b(new_text);
  std::string la, lb;
  while (true) {
    const bool ha = static_cast<bool>(std::getline(a, la)), hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb)
      return "no difference";
    if (la == lb)
      continue;
    if (la.rfind("input ", 0) == 0 && lb.rfind("input ", 0) == 0 && la.substr(0, la.rfind(' ')) == lb.substr(0, lb.rfind(' ')))
      return fmt::format("{} changed since", la.substr(6, la.rfind(' ') - 6));
    return fmt::format("it ran with '{}', the sweep now gives '{}'", printable(ha ? la : "(nothing)", 120),
                       printable(hb ? lb : "(nothing)", 120));
  }
}

void check_finished_runs(const Plan& plan, const std::string& dir) {
  const fs::path runs = fs::path(dir) / "runs";
  if (!fs::exists(runs))
    return;
  std::set<std::string> ids;
  for (const auto& r : plan.runs) {
    ids.insert(r.id);
    const auto p = task_paths(dir, r.id);
    if (!fs::exists(fs::path(p.final_dir) / "run.yaml"))
      continue;
    const auto why = fs::exists(fs::path(p.final_dir) / kRunManifest)
                         ? first_difference(slurp(fs::path(p.final_dir) / kRunManifest), plan.manifest(r))
                         : std::string("it has no manifest (an older modisim made it)");
    if (why != "no difference")
      throw InputError({plan.spec.file, 0, 0, "--out"},
                       fmt::format("'{}' holds a finished run {} of another sweep: {}", dir, r.id, why),
                       "the sweep that made it, or a new --out (runs that failed or did not run may change)");
  }
  for (const auto& e : fs::directory_iterator(runs)) {
    const auto name = e.path().filename().string();
    if (name[0] != '.' && !ids.count(name) && fs::exists(e.path() / "run.yaml"))
      throw InputError({plan.spec.file, 0, 0, "--out"},
                       fmt::format("'{}' holds a finished run {} that this sweep does not have", dir, name),
                       "the sweep that made it, or a new --out");
  }
}

}  // namespace

SweepLock::SweepLock(const std::string& dir) {
  fs::create_directories(dir);
  const auto path = (fs::path(dir) / ".lock").string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw InputError({"command line", 0, 0, "--out"}, fmt::format("cannot lock '{}': {}", dir, std::strerror(errno)),
                     "a writable sweep directory");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    const auto n = ::pread(fd_, buf, sizeof buf - 1, 0);
    ::close(fd_);
    fd_ = -1;
    throw InputError({"command line", 0, 0, "--out"},
                     fmt::format("'{}' is in use by another modisim sweep (pid {})", dir,
                                 n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("?")),
                     "one sweep per directory at a time: wait for it, or use another --out");
  }
  const auto pid = std::to_string(::getpid());
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0)
    return;  // the pid is only for the message of a second sweep
}

SweepLock::~SweepLock() {
  if (fd_ >= 0)
    ::close(fd_);  // releases the lock
}

TaskPaths task_paths(const std::string& dir, const std::string& run_id, uint32_t index) {
  const fs::path d(dir);
  return {(d / "runs" / run_id).string(), (d / "runs" / ("." + run_id + ".partial")).string(),
          (d / "failed" / (run_id + ".txt")).string(), (d / "runs" / ("." + run_id + ".stderr")).string(),
          (d / "tasks" / fmt::format("{}.manifest", index)).string()};
}

void prepare_dir(const Plan& plan, const std::string& dir) {
  const fs::path d(dir);
  check_finished_runs(plan, dir);
  fs::create_directories(d / "tasks");
  fs::create_directories(d / "runs");
  fs::create_directories(d / "failed");
  fs::remove(d / "plan.fingerprint");  // the format before run manifests
  for (const auto& r : plan.runs) {
    std::string text = r.id + "\n" + plan.spec.base_config + "\n";
    for (const auto& a : r.args)
      text += a + "\n";
    write_atomic(d / "tasks" / fmt::format("{}.args", r.index), text);
    write_atomic(task_paths(dir, r.id, r.index).manifest_file, plan.manifest(r));
  }
  csv::Writer w((d / "plan.csv.tmp").string());
  std::vector<std::string> header{"index", "run_id", "point", "replication", "seed"};
  header.insert(header.end(), plan.swept_paths.begin(), plan.swept_paths.end());
  w.header(header);
  for (const auto& r : plan.runs) {
    w.cell(static_cast<uint64_t>(r.index)).cell(r.id).cell(static_cast<uint64_t>(r.point));
    w.cell(static_cast<uint64_t>(r.replication)).cell(r.seed);
    for (const auto& [k, v] : r.swept)
      w.cell(v);
    w.end_row();
  }
  w.close();
  fs::rename(d / "plan.csv.tmp", d / "plan.csv");
}

std::pair<std::string, std::vector<std::string>> read_task(const std::string& dir, uint32_t index) {
  const auto path = fs::path(dir) / "tasks" / fmt::format("{}.args", index);
  std::ifstream in(path);
  if (!in)
    throw InputError({path.string(), 0, 0, ""}, "no such task in this sweep directory", "an index from plan.csv");
  std::string id, line;
  std::getline(in, id);
  std::vector<std::string> args;
  while (std::getline(in, line))
    args.push_back(line);
  return {id, args};
}

std::vector<uint32_t> pending(const Plan& plan, const std::string& dir) {
  std::vector<uint32_t> out;
  for (const auto& r : plan.runs)
    if (!fs::exists(fs::path(task_paths(dir, r.id).final_dir) / "run.yaml"))
      out.push_back(r.index);
  return out;
}

RunStatus status_of(const Run& run, const std::string& dir) {
  const auto p = task_paths(dir, run.id);
  RunStatus s;
  if (fs::exists(fs::path(p.final_dir) / "summary.csv")) {
    s.ok = true;
    return s;
  }
  if (fs::exists(p.failure_file)) {
    std::ifstream in(p.failure_file);
    std::string first;
    std::getline(in, first);
    if (first.rfind("exit_code=", 0) == 0)
      s.exit_code = std::atoi(first.c_str() + 10);
    std::stringstream rest;
    rest << in.rdbuf();
    s.error = rest.str();
    while (!s.error.empty() && s.error.back() == '\n')
      s.error.pop_back();
    return s;
  }
  s.exit_code = -1;
  s.error = "did not run";
  return s;
}

}  // namespace modi::sweep
