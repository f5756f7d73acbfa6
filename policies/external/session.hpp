// One external policy's conversation for a run: the process is started at the first message
// (after the hello line) and ended by finish() (the end line, then it must exit cleanly). The
// first failure (a malformed reply, a policy that died, went silent or failed at the end) is kept
// so that the engine can end the run with it; the process is killed at once and nothing more is
// asked.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "policies/external/policy_process.hpp"
#include "policies/params.hpp"

namespace modi::policy::external {

class Session {
public:
  /// `kind`: "selection" or "placement" (the hello line and messages say which).
  Session(const Params& params, std::string kind);

  /// A message without reply; dropped once the session has failed.
  void tell(const std::string& line);
  /// Asks and reads the reply with `read` (which throws InputError on a bad one); nullopt once
  /// the session has failed.
  template <class Read>
  auto ask(const std::string& line, const std::string& about, Read read) -> std::optional<decltype(read(std::string(), 0))> {
    if (failure_)
      return std::nullopt;
    try {
      const auto reply = process().ask(line, about);
      return read(reply, process().replies());
    } catch (...) {
      failed(std::current_exception());
      return std::nullopt;
    }
  }
  /// The run has ended: the policy is told (end line), its input closes and it must exit with
  /// status 0 within the timeout.
  void finish();
  std::exception_ptr failure() const { return failure_; }
  const std::string& command() const { return command_; }

  /// The parameters every external policy declares (command, timeout_s).
  static std::vector<ParamSpec> param_specs();

private:
  PolicyProcess& process();
  void failed(std::exception_ptr e);
  std::string command_, kind_;
  double timeout_s_;
  std::unique_ptr<PolicyProcess> process_;
  std::exception_ptr failure_;
};

}  // namespace modi::policy::external
