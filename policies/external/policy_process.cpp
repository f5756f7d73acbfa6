#include "policies/external/policy_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "sim/core/error.hpp"

namespace modi::policy::external {

PolicyProcess::PolicyProcess(std::string command, double timeout_s)
    : command_(std::move(command)), timeout_s_(timeout_s) {
  start();
}

PolicyProcess::~PolicyProcess() { stop(); }

void PolicyProcess::start() {
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0)
    throw SimulationError(fmt::format("external policy '{}': cannot create pipes: {}", printable(command_),
                                      std::strerror(errno)));
  pid_ = fork();
  if (pid_ < 0)
    throw SimulationError(fmt::format("external policy '{}': cannot start: {}", printable(command_), std::strerror(errno)));
  if (pid_ == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    close(in[0]);
    close(in[1]);
    close(out[0]);
    close(out[1]);
    execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  to_ = in[1];
  from_ = out[0];
  fcntl(to_, F_SETFL, fcntl(to_, F_GETFL) | O_NONBLOCK);
  fcntl(to_, F_SETFD, FD_CLOEXEC);
  fcntl(from_, F_SETFD, FD_CLOEXEC);
  signal(SIGPIPE, SIG_IGN);  // a policy that exits is reported as gone, not as a signal
}

void PolicyProcess::tell(const std::string& line) {
  outbox_ += line;
  outbox_ += '\n';
}

std::string PolicyProcess::ask(const std::string& line, const std::string& about) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s_));
  tell(line);
  flush(deadline, about);
  for (;;) {
    if (const auto nl = inbox_.find('\n'); nl != std::string::npos) {
      std::string reply = inbox_.substr(0, nl);
      inbox_.erase(0, nl + 1);
      ++replies_;
      return reply;
    }
    if (!wait_for(from_, POLLIN, deadline))
      throw SimulationError(fmt::format("external policy '{}' reply:{}: no reply to {} within {:g} s (params.timeout_s)",
                                        printable(command_), replies_ + 1, about, timeout_s_));
    char buf[65536];
    const ssize_t n = read(from_, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      gone(about);
    inbox_.append(buf, static_cast<size_t>(n));
  }
}

void PolicyProcess::flush(Clock::time_point deadline, const std::string& about) {
  size_t done = 0;
  while (done < outbox_.size()) {
    const ssize_t n = write(to_, outbox_.data() + done, outbox_.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(to_, POLLOUT, deadline))
        throw SimulationError(fmt::format("external policy '{}' reply:{}: does not read its input ({}) within {:g} s "
                                          "(params.timeout_s)", printable(command_), replies_ + 1, about, timeout_s_));
    } else {
      gone(about);
    }
  }
  outbox_.clear();
}

bool PolicyProcess::wait_for(int fd, short events, Clock::time_point deadline) const {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
      return false;
    pollfd p{fd, events, 0};
    const int r = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (r > 0)
      return true;  // ready, or hung up: the read or write that follows tells which
    if (r < 0 && errno != EINTR)
      return false;
  }
}

void PolicyProcess::gone(const std::string& about) {
  const int reply = replies_ + 1;
  int status = 0;
  std::string how = "closed its output";
  close(to_);
  to_ = -1;
  if (pid_ > 0 && waitpid(pid_, &status, 0) == pid_) {
    pid_ = -1;
    if (WIFEXITED(status))
      how = fmt::format("exited with status {}", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
      how = fmt::format("was killed by signal {}", WTERMSIG(status));
  }
  throw SimulationError(fmt::format("external policy '{}' reply:{}: the policy {} before answering {}",
                                    printable(command_), reply, how, about));
}

/// End of the run: the policy sees its input close; one that does not exit within the timeout is
/// killed (it cannot change the results any more).
void PolicyProcess::stop() {
  if (to_ >= 0) {
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s_));
    try {
      flush(deadline, "the end of the run");
    } catch (const SimulationError&) {
    }
    close(to_);
  }
  if (from_ >= 0)
    close(from_);
  to_ = from_ = -1;
  if (pid_ <= 0)
    return;
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s_));
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    usleep(1000);
  }
  pid_ = -1;
}

}  // namespace modi::policy::external
