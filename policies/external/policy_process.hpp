// The process behind an external policy (docs/external-policies.md): started once per run through
// /bin/sh in a process group of its own, fed one JSON line per message on its stdin, answering
// one line per question on its stdout. Every wait is bounded by the policy's timeout, so a
// silent or stuck policy ends the run instead of hanging it, and whatever it started is killed
// with it. Plain POSIX, no SimGrid.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace modi::policy::external {

class PolicyProcess {
public:
  /// timeout_s bounds every wait; max_reply_bytes the length of a reply line.
  PolicyProcess(std::string command, double timeout_s, size_t max_reply_bytes);
  /// Kills the process group if it is still there (a failed run, an exception).
  ~PolicyProcess();
  PolicyProcess(const PolicyProcess&) = delete;
  PolicyProcess& operator=(const PolicyProcess&) = delete;

  /// A message that needs no answer (hello, completion, end); sent with the next question.
  void tell(const std::string& line);
  /// A question: everything told so far and `line` are written, then one reply line is read.
  /// Throws SimulationError when the policy exits or stays silent past the timeout.
  std::string ask(const std::string& line, const std::string& about);
  /// The end of the run: what is still told is written, the policy's input closes, and it must
  /// exit with status 0 within the timeout (else SimulationError; it is killed).
  void close();
  /// Replies read so far (the number of the last one in messages).
  int replies() const { return replies_; }

private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point deadline() const;
  void start();
  void flush(Clock::time_point deadline, const std::string& about);
  bool wait_for(int fd, short events, Clock::time_point deadline) const;
  struct Ending {
    bool clean = false;  ///< exited with status 0 in time
    std::string how;     ///< for messages: "exited with status 3", "was killed by signal 9", ...
  };
  /// Waits for the process until `deadline`, then kills its group.
  Ending reap(Clock::time_point deadline);
  [[noreturn]] void gone(const std::string& about);
  void close_pipes();

  std::string command_;
  double timeout_s_;
  size_t max_reply_bytes_;
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
  std::string outbox_, inbox_;
  int replies_ = 0;
};

}  // namespace modi::policy::external
