// The process behind an external policy (docs/external-policies.md): started once per run through
// /bin/sh, fed one JSON line per message on its stdin, answering one line per question on its
// stdout. Every wait is bounded by the policy's timeout, so a silent or stuck policy ends the run
// instead of hanging it. Plain POSIX, no SimGrid.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace modi::policy::external {

class PolicyProcess {
public:
  /// `what` names the policy in messages (e.g. "selection"); timeout_s bounds every wait.
  PolicyProcess(std::string command, double timeout_s);
  ~PolicyProcess();
  PolicyProcess(const PolicyProcess&) = delete;
  PolicyProcess& operator=(const PolicyProcess&) = delete;

  /// A message that needs no answer (hello, completion, end); sent with the next question.
  void tell(const std::string& line);
  /// A question: everything told so far and `line` are written, then one reply line is read.
  /// Throws SimulationError when the policy exits or stays silent past the timeout.
  std::string ask(const std::string& line, const std::string& about);
  /// Replies read so far (the number of the last one in messages).
  int replies() const { return replies_; }
  const std::string& command() const { return command_; }

private:
  using Clock = std::chrono::steady_clock;
  void start();
  void flush(Clock::time_point deadline, const std::string& about);
  bool wait_for(int fd, short events, Clock::time_point deadline) const;
  [[noreturn]] void gone(const std::string& about);
  void stop();

  std::string command_;
  double timeout_s_;
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
  std::string outbox_, inbox_;
  int replies_ = 0;
};

}  // namespace modi::policy::external
