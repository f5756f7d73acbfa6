#include "policies/external/policy_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "sim/core/error.hpp"

namespace modi::policy::external {

PolicyProcess::PolicyProcess(std::string command, double timeout_s, size_t max_reply_bytes)
    : command_(std::move(command)), timeout_s_(timeout_s), max_reply_bytes_(max_reply_bytes) {
  start();
}

PolicyProcess::~PolicyProcess() {
  close_pipes();
  if (pid_ > 0)
    reap(Clock::now());  // a failed run: nothing more to wait for
}

PolicyProcess::Clock::time_point PolicyProcess::deadline() const {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s_));
}

void PolicyProcess::start() {
  int in[2] = {-1, -1}, out[2] = {-1, -1};
  if (pipe(in) != 0 || pipe(out) != 0 || (pid_ = fork()) < 0) {
    const std::string why = std::strerror(errno);
    for (int fd : {in[0], in[1], out[0], out[1]})
      if (fd >= 0)
        ::close(fd);
    throw SimulationError(fmt::format("external policy '{}': cannot start: {}", printable(command_), why));
  }
  if (pid_ == 0) {
    setpgid(0, 0);  // its own group: killing the policy kills what it started too
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    for (int fd : {in[0], in[1], out[0], out[1]})
      ::close(fd);
    execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid_, pid_);  // also here, so that a kill right after fork reaches the group
  ::close(in[0]);
  ::close(out[1]);
  to_ = in[1];
  from_ = out[0];
  fcntl(to_, F_SETFL, fcntl(to_, F_GETFL) | O_NONBLOCK);
  fcntl(to_, F_SETFD, FD_CLOEXEC);
  fcntl(from_, F_SETFD, FD_CLOEXEC);
  // Writing to a policy that has gone must be an error to report, not a signal that kills
  // modisim; modisim writes nothing else to pipes.
  signal(SIGPIPE, SIG_IGN);
}

void PolicyProcess::tell(const std::string& line) {
  outbox_ += line;
  outbox_ += '\n';
}

std::string PolicyProcess::ask(const std::string& line, const std::string& about) {
  const auto until = deadline();
  tell(line);
  flush(until, about);
  for (;;) {
    if (const auto nl = inbox_.find('\n'); nl != std::string::npos) {
      std::string reply = inbox_.substr(0, nl);
      inbox_.erase(0, nl + 1);
      ++replies_;
      return reply;
    }
    if (inbox_.size() > max_reply_bytes_) {
      ++replies_;
      return std::exchange(inbox_, {});  // the reader reports a line that long
    }
    if (!wait_for(from_, POLLIN, until))
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

void PolicyProcess::flush(Clock::time_point until, const std::string& about) {
  size_t done = 0;
  while (done < outbox_.size()) {
    const ssize_t n = write(to_, outbox_.data() + done, outbox_.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(to_, POLLOUT, until))
        throw SimulationError(fmt::format("external policy '{}' reply:{}: does not read its input ({}) within {:g} s "
                                          "(params.timeout_s)", printable(command_), replies_ + 1, about, timeout_s_));
    } else {
      gone(about);
    }
  }
  outbox_.clear();
}

bool PolicyProcess::wait_for(int fd, short events, Clock::time_point until) const {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
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

PolicyProcess::Ending PolicyProcess::reap(Clock::time_point until) {
  int status = 0;
  pid_t r;
  while ((r = waitpid(pid_, &status, WNOHANG)) == 0 && Clock::now() < until)
    usleep(1000);
  const int wait_errno = errno;
  kill(-pid_, SIGKILL);  // whatever it left running
  if (r == 0)
    waitpid(pid_, &status, 0);
  pid_ = -1;
  if (r < 0)
    return {false, fmt::format("could not be waited for ({})", std::strerror(wait_errno))};
  if (r == 0)
    return {false, fmt::format("did not exit within {:g} s (params.timeout_s) and was killed", timeout_s_)};
  if (WIFEXITED(status))
    return {WEXITSTATUS(status) == 0, fmt::format("exited with status {}", WEXITSTATUS(status))};
  return {false, WIFSIGNALED(status) ? fmt::format("was killed by signal {}", WTERMSIG(status)) : "ended"};
}

void PolicyProcess::gone(const std::string& about) {
  const int reply = replies_ + 1;
  close_pipes();
  const std::string how = pid_ > 0 ? reap(deadline()).how : "closed its output";
  throw SimulationError(fmt::format("external policy '{}' reply:{}: the policy {} before answering {}",
                                    printable(command_), reply, how, about));
}

void PolicyProcess::close() {
  flush(deadline(), "the end of the run");
  close_pipes();
  const auto ending = reap(deadline());
  if (!ending.clean)
    throw SimulationError(fmt::format("external policy '{}': after the end of the run the policy {}",
                                      printable(command_), ending.how));
}

void PolicyProcess::close_pipes() {
  for (int* fd : {&to_, &from_})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
}

}  // namespace modi::policy::external
