// `external`: a policy in another process and any language (docs/external-policies.md). modisim
// starts `command` once per run (through /bin/sh, in the working directory) and, for every
// request, writes one JSON line with the selection context and reads one JSON line back with the
// decision. Requests are asked in simulated-time order, so a deterministic program gives
// byte-identical runs. A reply that breaks the protocol ends the run with exit 2 naming the
// reply's number and key; the remaining requests are not asked.
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "policies/selection.hpp"

namespace modi::policy::selection {
namespace {

using nlohmann::json;

json options_json(const SiteOption& o) {
  json models = json::array();
  for (const auto& m : o.models)
    models.push_back({{"model", m.model}, {"accuracy", m.accuracy}, {"est_mean_s", m.est_mean_s},
                      {"est_sd_s", m.est_sd_s}, {"loaded", m.loaded}, {"est_energy_j", m.est_energy_j}});
  return {{"site", site_name(o.site)}, {"index", o.index}, {"tier", o.tier}, {"name", o.name},
          {"reachable", o.reachable}, {"est_network_s", o.est_network_s}, {"est_network_sd_s", o.est_network_sd_s},
          {"est_queue_s", o.est_queue_s}, {"est_radio_energy_j", o.est_radio_energy_j}, {"models", models}};
}

json context_json(const SelectionContext& c) {
  json remote = json::array();
  for (const auto& r : c.remote)
    remote.push_back(options_json(r));
  return {{"request", {{"id", c.request.id}, {"app", c.request.app}, {"accuracy_need", c.request.accuracy_need},
                       {"deadline_s", c.request.deadline_s}, {"input_bytes", c.request.input_bytes},
                       {"output_bytes", c.request.output_bytes}}},
          {"phone", {{"battery_fraction", c.phone.battery_fraction}, {"connected", c.phone.connected},
                     {"est_rtt_s", c.phone.est_rtt_s}}},
          {"device", options_json(c.device)}, {"remote", remote}, {"u", c.u}};
}

/// The child process and its two pipes.
class Child {
public:
  explicit Child(const std::string& command) : command_(command) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0)
      throw InputError(where(0, ""), "cannot create pipes for the external policy", "a system with free descriptors");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in[0], STDIN_FILENO);
      dup2(out[1], STDOUT_FILENO);
      close(in[1]);
      close(out[0]);
      execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_ = fdopen(in[1], "w");
    from_ = fdopen(out[0], "r");
    signal(SIGPIPE, SIG_IGN);  // a policy that exits is reported as a closed reply, not a signal
  }
  ~Child() {
    if (to_)
      fclose(to_);
    if (from_)
      fclose(from_);
    int status = 0;
    if (pid_ > 0)
      waitpid(pid_, &status, 0);
  }
  /// One request line out, one reply line back (false: the policy closed its output).
  bool ask(const std::string& line, std::string& reply) {
    if (std::fputs(line.c_str(), to_) < 0 || std::fputc('\n', to_) == EOF || std::fflush(to_) != 0)
      return false;
    reply.clear();
    for (int c; (c = std::fgetc(from_)) != EOF;) {
      if (c == '\n')
        return true;
      reply.push_back(static_cast<char>(c));
    }
    return false;
  }
  SourceLocation where(int reply, const std::string& key) const {
    return {"external policy '" + command_ + "' reply", reply, 0, key};
  }

private:
  std::string command_;
  pid_t pid_ = -1;
  FILE *to_ = nullptr, *from_ = nullptr;
};

class ExternalPolicy final : public SelectionPolicy {
public:
  explicit ExternalPolicy(const Params& p) : command_(p.text("command")) {
    if (command_.empty())
      throw InputError({"selection.params.command", 0, 0, "command"}, "the external policy needs a command",
                       "a shell command such as 'python3 my_policy.py'");
  }

  SelectionDecision select(const SelectionContext& ctx) const override {
    if (broken_)
      return fail(Reason::INVALID_DECISION);
    if (!child_)
      child_ = std::make_unique<Child>(command_);
    ++asked_;
    std::string reply;
    if (!child_->ask(context_json(ctx).dump(), reply))
      return stop(InputError(child_->where(asked_, ""), "the policy closed its output", "one JSON line per request"));
    try {
      return decision(ctx, json::parse(reply));
    } catch (const json::exception& e) {
      return stop(InputError(child_->where(asked_, ""), fmt_error(e.what(), reply), "a JSON object on one line"));
    } catch (const InputError& e) {
      return stop(e);
    }
  }

  std::optional<InputError> broken() const override { return broken_; }

private:
  static std::string fmt_error(const std::string& what, const std::string& reply) {
    return "not a decision (" + what + "): " + printable(reply, 60);
  }

  /// {"site": "device"|"remote", "index": i (remote: position in the remote list), "model": id,
  ///  "fallback_local": bool} or {"fail": true | "no_local_model" | "no_edge_model" | "no_model"}
  SelectionDecision decision(const SelectionContext& ctx, const json& j) const {
    if (!j.is_object())
      throw InputError(child_->where(asked_, ""), "the reply is not a JSON object", "{\"site\": ..., \"model\": ...}");
    if (j.contains("fail")) {  // true, or the reason: no_local_model, no_edge_model, no_model
      for (auto r : {Reason::NO_LOCAL_MODEL, Reason::NO_EDGE_MODEL, Reason::NO_MODEL})
        if (j["fail"] == true ? r == Reason::NO_MODEL : j["fail"] == std::string(reason_name(r)))
          return fail(r);
      throw InputError(child_->where(asked_, "fail"), "unknown reason " + j["fail"].dump(),
                       "true, no_local_model, no_edge_model or no_model");
    }
    const auto site = j.value("site", std::string());
    const SiteOption* o = nullptr;
    if (site == "device") {
      o = &ctx.device;
    } else if (site == "remote") {
      const auto i = j.value("index", -1);
      if (i < 0 || static_cast<size_t>(i) >= ctx.remote.size())
        throw InputError(child_->where(asked_, "index"), "no remote option " + std::to_string(i),
                         "a position in the request's remote list");
      o = &ctx.remote[static_cast<size_t>(i)];
    } else {
      throw InputError(child_->where(asked_, "site"), "site '" + site + "'", "device or remote");
    }
    if (!j.contains("model") || !j["model"].is_number_unsigned())
      throw InputError(child_->where(asked_, "model"), "no model id", "a model id from the option's models");
    for (const auto& m : o->models)
      if (m.model == j["model"].get<ModelId>()) {
        auto d = choose(*o, m);
        d.fallback_local = j.value("fallback_local", false);
        return d;
      }
    throw InputError(child_->where(asked_, "model"), "model " + std::to_string(j["model"].get<ModelId>()) + " is not offered there",
                     "a model id from the chosen site's models");
  }

  SelectionDecision stop(const InputError& e) const {
    broken_ = e;
    child_.reset();
    return fail(Reason::INVALID_DECISION);
  }

  std::string command_;
  mutable std::unique_ptr<Child> child_;
  mutable int asked_ = 0;
  mutable std::optional<InputError> broken_;
};

}  // namespace

SelectionPolicyInfo external_info() {
  return {"external",
          "a policy in another process, any language: one JSON line per request on its stdin, one JSON decision "
          "line back (docs/external-policies.md; python/modisim/policy.py helps)",
          {ParamSpec::text("command", "", "shell command that starts the policy, e.g. 'python3 my_policy.py'")},
          [](const Params& p) { return std::make_unique<ExternalPolicy>(p); }};
}

}  // namespace modi::policy::selection
