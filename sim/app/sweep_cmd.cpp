#include "sim/app/sweep_cmd.hpp"

#include <signal.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "sim/core/error.hpp"
#include "sim/app/sweep_check.hpp"
#include "sim/sweep/paired.hpp"
#include "sim/sweep/plan.hpp"

namespace fs = std::filesystem;

namespace modi::app {
namespace {

std::atomic<int> g_stop{0};
extern "C" void on_signal(int sig) { g_stop = sig; }

void install_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

std::string self_exe() {
  std::error_code ec;
  const auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("modisim") : p.string();
}

/// Starts a process (in its own process group when `own_group`), optionally redirecting stdout
/// and stderr to files. It receives SIGTERM if this process dies (PR_SET_PDEATHSIG): killing a
/// sweep, even with SIGKILL, leaves no orphan runs behind. Returns its pid or throws.
pid_t spawn(const std::vector<std::string>& argv, const std::string& out_file, const std::string& err_file,
            bool own_group) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error(fmt::format("cannot start {}: {}", argv[0], std::strerror(errno)));
  if (pid > 0)
    return pid;
  // Child: only async-signal-safe calls until exec.
  if (own_group)
    setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent)  // the parent died before prctl took effect
    _exit(143);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGINT, &dfl, nullptr);
  sigaction(SIGTERM, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const auto redirect = [](const std::string& file, int fd) {
    if (file.empty())
      return;
    const int f = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (f < 0 || dup2(f, fd) < 0)
      _exit(126);
  };
  redirect(out_file, STDOUT_FILENO);
  redirect(err_file, STDERR_FILENO);
  execvp(args[0], args.data());
  _exit(127);
}

/// Waits for `pid`, forwarding a stop request as SIGTERM (to its group when `group`). After
/// `timeout_s` (when > 0) it is stopped too: SIGTERM, then SIGKILL 5 s later; `timed_out` says so.
int wait_forwarding(pid_t pid, bool group, double timeout_s = 0, bool* timed_out = nullptr) {
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  int status = 0;
  bool forwarded = false;
  double term_sent_at = -1;
  while (true) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
      break;
    if (g_stop && !forwarded) {
      kill(group ? -pid : pid, SIGTERM);
      forwarded = true;
    }
    if (timeout_s > 0 && term_sent_at < 0 && elapsed() > timeout_s) {
      kill(group ? -pid : pid, SIGTERM);
      term_sent_at = elapsed();
      if (timed_out)
        *timed_out = true;
    }
    if (term_sent_at >= 0 && elapsed() > term_sent_at + 5)
      kill(group ? -pid : pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string tail_lines(const std::string& path, size_t n) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (lines.size() > n)
      lines.pop_front();
  }
  std::string out;
  for (const auto& l : lines)
    out += l + "\n";
  return out;
}

std::string fmt_eta(double s) {
  if (s < 60)
    return fmt::format("{:.0f}s", s);
  if (s < 3600)
    return fmt::format("{}m{:02d}s", static_cast<int>(s / 60), static_cast<int>(s) % 60);
  return fmt::format("{}h{:02d}m", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60);
}

/// Counts finished runs (completed or with a failure record) among the pending ones.
struct Progress {
  const sweep::Plan& plan;
  const std::string& dir;
  std::vector<uint32_t> todo;
  bool tty = false;
  bool quiet = false;  ///< --progress never: only the final line
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now(), last{};
  size_t last_done = SIZE_MAX;

  std::pair<size_t, size_t> count() const {
    size_t ok = 0, failed = 0;
    for (auto i : todo) {
      const auto p = sweep::task_paths(dir, plan.runs[i].id);
      if (fs::exists(fs::path(p.final_dir) / "run.yaml"))
        ++ok;
      else if (fs::exists(p.failure_file))
        ++failed;
    }
    return {ok, failed};
  }
  void show(bool final_line) {
    if (quiet && !final_line)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (!final_line && now - last < std::chrono::milliseconds(tty ? 250 : 1000))
      return;
    last = now;
    const auto [ok, failed] = count();
    const size_t done = ok + failed;
    if (!tty && !final_line && done == last_done)
      return;
    last_done = done;
    const double el = std::chrono::duration<double>(now - start).count();
    const std::string eta = done ? fmt_eta(el / static_cast<double>(done) * static_cast<double>(todo.size() - done)) : "?";
    if (tty) {
      const int width = 30;
      const int fill = todo.empty() ? width : static_cast<int>(width * done / todo.size());
      std::fprintf(stderr, "\r  [%s%s] %zu/%zu runs, %zu failed, ETA %s   %s", std::string(static_cast<size_t>(fill), '#').c_str(),
                   std::string(static_cast<size_t>(width - fill), '.').c_str(), done, todo.size(), failed, eta.c_str(),
                   final_line ? "\n" : "");
    } else {
      std::fprintf(stderr, "sweep: %zu/%zu runs done, %zu failed, ETA %s\n", done, todo.size(), failed, eta.c_str());
    }
    std::fflush(stderr);
  }
};

/// `--array` specification with ranges: 0-9,12,15-20
std::string array_spec(const std::vector<uint32_t>& idx) {
  std::string out;
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j + 1 < idx.size() && idx[j + 1] == idx[j] + 1)
      ++j;
    out += (out.empty() ? "" : ",") + (i == j ? std::to_string(idx[i]) : fmt::format("{}-{}", idx[i], idx[j]));
    i = j + 1;
  }
  return out;
}

std::string capture(const std::string& cmd) {
  std::string out;
  if (FILE* f = popen(cmd.c_str(), "r")) {
    char buf[512];
    while (fgets(buf, sizeof buf, f))
      out += buf;
    pclose(f);
  }
  return out;
}

void run_local(const std::string& exe, const std::string& dir, const std::vector<uint32_t>& todo, unsigned jobs,
               Progress& progress) {
  std::map<pid_t, uint32_t> running;
  size_t next = 0;
  while (next < todo.size() || !running.empty()) {
    if (g_stop) {
      for (const auto& [pid, i] : running)
        kill(pid, SIGTERM);
      for (const auto& [pid, i] : running)
        waitpid(pid, nullptr, 0);
      return;
    }
    while (running.size() < jobs && next < todo.size()) {
      const auto i = todo[next++];
      running[spawn({exe, "sweep-task", dir, std::to_string(i)}, "/dev/null", "", true)] = i;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0)
      running.erase(pid);
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    progress.show(false);
  }
}

void run_slurm(const std::string& exe, const std::string& dir, const std::vector<uint32_t>& todo, unsigned jobs,
               Progress& progress) {
  const fs::path sdir = fs::path(dir) / "slurm";
  fs::create_directories(sdir);
  const fs::path script = sdir / "job.sh";
  {
    std::ofstream out(script);
    out << "#!/bin/bash\n"
        << "#SBATCH --job-name=modisim-sweep\n"
        << "#SBATCH --output=" << (sdir / "%A_%a.out").string() << "\n"
        << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
        << "exec '" << exe << "' sweep-task '" << fs::absolute(dir).string() << "' \"$SLURM_ARRAY_TASK_ID\"\n";
  }
  const std::string cmd = fmt::format("sbatch --parsable --array={}%{} '{}' 2>&1", array_spec(todo), jobs, script.string());
  std::string job = capture(cmd);
  while (!job.empty() && (job.back() == '\n' || job.back() == ' '))
    job.pop_back();
  if (job.empty() || job.find_first_not_of("0123456789;") != std::string::npos)
    throw SimulationError(fmt::format("sbatch failed: {}", one_line(job)));
  if (const auto semi = job.find(';'); semi != std::string::npos)
    job.resize(semi);  // "jobid;cluster" on federated setups
  std::fprintf(stderr, "sweep: submitted Slurm job array %s (%zu tasks)\n", job.c_str(), todo.size());
  while (true) {
    if (g_stop) {
      capture(fmt::format("scancel {} 2>&1", job));
      return;
    }
    const auto q = capture(fmt::format("squeue -h -j {} 2>/dev/null", job));
    if (q.find_first_not_of(" \n") == std::string::npos)
      break;
    progress.show(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

void run_parallel(const std::string& exe, const std::string& dir, const std::vector<uint32_t>& todo, unsigned jobs,
                  const std::string& sshlogin) {
  const fs::path list = fs::path(dir) / "parallel.indices";
  {
    std::ofstream out(list);
    for (auto i : todo)
      out << i << "\n";
  }
  const pid_t pid = spawn({"parallel", "--will-cite", "--joblog", (fs::path(dir) / "parallel.joblog").string(), "-j",
                           std::to_string(jobs), "--sshlogin", sshlogin, exe, "sweep-task", fs::absolute(dir).string(),
                           "{}", "::::", list.string()},
                          "/dev/null", "", true);
  wait_forwarding(pid, true);
}

}  // namespace

namespace {

double run_timeout_of(const std::string& dir) {
  std::ifstream in(fs::path(dir) / "tasks" / "run-timeout");
  double t = 0;
  in >> t;
  return t;
}

/// A finished run becomes visible complete at once (one rename), with the manifest it ran with.
void publish_run(const sweep::TaskPaths& p) {
  std::error_code ec;
  fs::copy_file(p.manifest_file, fs::path(p.partial_dir) / sweep::kRunManifest, fs::copy_options::overwrite_existing);
  fs::remove_all(p.final_dir, ec);
  fs::rename(p.partial_dir, p.final_dir);
  fs::remove(p.failure_file, ec);
  fs::remove(p.stderr_file, ec);
}

void record_failure(const sweep::TaskPaths& p, int code, bool timed_out, double timeout_s) {
  std::string reason = tail_lines(p.stderr_file, 20);
  if (timed_out)
    reason = fmt::format("modisim sweep: the run was stopped after --run-timeout {} s\n{}", timeout_s, reason);
  {
    std::ofstream out(p.failure_file + ".tmp", std::ios::trunc);
    out << fmt::format("exit_code={}\n{}", code, reason);
  }
  fs::rename(p.failure_file + ".tmp", p.failure_file);
}

}  // namespace

int cmd_sweep_task(const std::string& dir, unsigned index) {
  install_handlers();
  const auto [id, args] = sweep::read_task(dir, index);
  const auto p = sweep::task_paths(dir, id, index);
  std::error_code ec;
  fs::remove_all(p.partial_dir, ec);
  fs::create_directories(fs::path(p.failure_file).parent_path());
  std::vector<std::string> argv{self_exe(), "run", args.at(0), "--out", p.partial_dir};
  argv.insert(argv.end(), args.begin() + 1, args.end());
  const double timeout_s = run_timeout_of(dir);
  bool timed_out = false;
  const int code = wait_forwarding(spawn(argv, "/dev/null", p.stderr_file, false), false, timeout_s, &timed_out);
  if (code == 0 && fs::exists(fs::path(p.partial_dir) / "run.yaml")) {
    publish_run(p);  // finished before any stop request: keep it
    return g_stop ? 130 : 0;
  }
  if (g_stop) {  // interrupted: leave no trace, a rerun will do this run again
    fs::remove_all(p.partial_dir, ec);
    fs::remove(p.stderr_file, ec);
    return 130;
  }
  record_failure(p, code, timed_out, timeout_s);
  fs::remove_all(p.partial_dir, ec);
  fs::remove(p.stderr_file, ec);
  return 0;  // the failure is recorded; the task itself did its job
}

namespace {

void print_dry_run(const sweep::Plan& plan) {
  std::printf("sweep %s: %zu runs (%u points x %u replications), base %s\n", plan.spec.file.c_str(), plan.runs.size(),
              plan.points, plan.spec.replications, plan.spec.base_config.c_str());
  for (const auto& f : plan.spec.fixed)
    std::printf("  every run: --set %s=%s\n", f.path.c_str(), f.value.c_str());
  for (uint32_t p = 0; p < plan.points; ++p)
    std::printf("  point %u: %s\n", p, plan.describe(p).c_str());
  std::printf("every point checked: ok\n");
}

void write_run_timeout(const std::string& dir, double timeout_s) {
  const auto path = fs::path(dir) / "tasks" / "run-timeout";
  std::error_code ec;
  if (timeout_s <= 0) {
    fs::remove(path, ec);
    return;
  }
  std::ofstream(path, std::ios::trunc) << fmt::format("{}\n", timeout_s);
}

}  // namespace

int cmd_sweep(const SweepOptions& o) {
  const auto spec = sweep::load_spec(o.sweep_file);
  auto plan = sweep::expand(spec);
  std::vector<std::string> plugins;  // absolute: runs may start elsewhere (Slurm, GNU parallel)
  for (const auto& p : o.plugins)
    plugins.push_back(fs::absolute(p).lexically_normal().string());
  for (auto& run : plan.runs)
    for (const auto& p : plugins)
      run.args.insert(run.args.end(), {"--plugin", p});
  check_points(plan, plugins);  // before anything is written or run
  const auto baseline = o.baseline.empty() ? sweep::Baseline{} : sweep::Baseline::parse(o.baseline, plan);
  if (o.dry_run) {
    print_dry_run(plan);
    return 0;
  }
  const sweep::SweepLock lock(o.out_dir);
  sweep::prepare_dir(plan, o.out_dir);
  write_run_timeout(o.out_dir, o.run_timeout_s);
  const auto todo = sweep::pending(plan, o.out_dir);
  const unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Stale failure records of runs about to be retried would make progress count them early.
  for (auto i : todo) {
    std::error_code ec;
    fs::remove(sweep::task_paths(o.out_dir, plan.runs[i].id).failure_file, ec);
  }
  std::fprintf(stderr, "sweep: %zu runs (%u points x %u replications), %zu to run, backend %s, %u at a time\n",
               plan.runs.size(), plan.points, spec.replications, todo.size(), o.backend.c_str(), jobs);
  install_handlers();
  Progress progress{plan, o.out_dir, todo};
  progress.tty = o.progress == "always" || (o.progress == "auto" && isatty(STDERR_FILENO));
  progress.quiet = o.progress == "never";
  const std::string exe = self_exe();
  if (!todo.empty()) {
    if (o.backend == "local")
      run_local(exe, o.out_dir, todo, jobs, progress);
    else if (o.backend == "slurm")
      run_slurm(exe, o.out_dir, todo, jobs, progress);
    else
      run_parallel(exe, o.out_dir, todo, jobs, o.sshlogin);
    progress.show(true);
  }
  const auto [ok, failed] = sweep::collect(plan, o.out_dir, baseline);
  if (g_stop) {
    std::fprintf(stderr, "sweep: interrupted; %u runs finished are kept, run the same command to continue\n", ok);
    return 130;
  }
  std::fprintf(stderr, "sweep: %u ok, %u failed -> %s/results.csv, %s/aggregate.csv%s\n", ok, failed, o.out_dir.c_str(),
               o.out_dir.c_str(), baseline.path.empty() ? "" : fmt::format(", {}/paired.csv", o.out_dir).c_str());
  return failed ? 1 : 0;
}

}  // namespace modi::app
