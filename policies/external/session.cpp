#include "policies/external/session.hpp"

#include "policies/external/protocol.hpp"
#include "sim/core/error.hpp"

namespace modi::policy::external {

Session::Session(const Params& params, std::string kind)
    : command_(params.text("command")), kind_(std::move(kind)), timeout_s_(params.at("timeout_s")) {
  if (command_.empty())
    throw InputError({kind_ + ".params.command", 0, 0, "command"}, "the external policy needs a command",
                     "a shell command such as 'python3 my_policy.py'");
}

std::vector<ParamSpec> Session::param_specs() {
  return {ParamSpec::text("command", "", "shell command that starts the policy, e.g. 'python3 my_policy.py'"),
          ParamSpec::number("timeout_s", 30.0, 0.001, 86400.0,
                            "seconds to wait for each reply (and for the policy to read); past it the run ends, exit 1")};
}

PolicyProcess& Session::process() {
  if (!process_) {
    process_ = std::make_unique<PolicyProcess>(command_, timeout_s_, MAX_REPLY_BYTES);
    process_->tell(hello_line(kind_));
  }
  return *process_;
}

void Session::tell(const std::string& line) {
  if (failure_)
    return;
  try {
    process().tell(line);
  } catch (...) {
    failed(std::current_exception());
  }
}

void Session::finish() {
  if (failure_ || !process_)
    return;
  try {
    process_->tell(end_line());
    process_->close();
    process_.reset();
  } catch (...) {
    failed(std::current_exception());
  }
}

void Session::failed(std::exception_ptr e) {
  failure_ = std::move(e);
  process_.reset();  // killed with whatever it started: it can change nothing any more
}

}  // namespace modi::policy::external
