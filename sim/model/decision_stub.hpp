// MODI's inference profiler and decision stub on the phone: for one request it builds what the
// selection policy sees (the phone's profile, its resident models, every server on its path with
// estimates, nearest first), and checks the policy's decision against it. Also builds the
// contexts of the two policy hooks (fallback after a failed offload, on-demand download). Plain
// C++: the engine passes the clock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "policies/selection.hpp"
#include "sim/config/scenario.hpp"
#include "sim/model/catalog.hpp"
#include "sim/model/fault_schedule.hpp"
#include "sim/model/local_engine.hpp"
#include "sim/model/network_model.hpp"
#include "sim/model/profiler.hpp"
#include "sim/model/rtt_estimator.hpp"
#include "sim/model/request.hpp"
#include "sim/model/server_timing.hpp"

namespace modi::model {

struct StubDeps {
  const config::Scenario& scenario;
  const Catalog& catalog;
  const Topology& topology;
  const NetworkModel& network;
  const FaultSchedule& faults;
  const std::vector<ServerState>& servers;
  const LocalEngine& local;
  const ServerTiming& timing;
  const Profiler& profiler;
  const RttEstimator& rtt;
};

class DecisionStub {
public:
  DecisionStub(const StubDeps& deps, bool hindsight);

  /// The context for request r of phone p at `now_s` (valid until the next call).
  const policy::SelectionContext& context(const Phone& p, const Request& r, double now_s);
  /// Checks a decision against the last context: NONE if it can be carried out.
  Reason validate(const policy::SelectionDecision& d) const;
  /// The latency the profiler expects for a decision on the last context (queue, network, load
  /// and inference estimates of the chosen option).
  double predicted_latency_s(const policy::SelectionDecision& d) const;
  /// The remote path of r failed at `now_s`: the resident models the fallback hook chooses from.
  policy::FallbackContext fallback_context(const Phone& p, const Request& r, double now_s) const;
  /// No adequate model is resident: what the phone could fetch.
  policy::OnDemandContext on_demand_context(const Phone& p, const Request& r) const;

private:
  struct OptionTemplate {
    policy::ModelOption warm, cold;
  };
  /// A server's static estimates, shared by every server with the same type, speed and stored
  /// models and versions (a thousand identical edges use one copy, which stays in cache).
  struct Templates {
    std::vector<std::vector<OptionTemplate>> by_task;
  };
  struct TemplateKey {
    ServerTypeId type;
    double speed;
    std::vector<ModelId> models;
    std::vector<uint32_t> versions;
    auto operator<=>(const TemplateKey&) const = default;
  };
  struct ServerTemplates {
    uint64_t store_epoch = UINT64_MAX;
    const Templates* shared = nullptr;
  };
  /// What a slot of ctx_.remote holds models for: the same template and the same loaded models
  /// give the same options, so the copy is skipped (without hindsight draws, which vary). Which
  /// of a template's models are loaded is a bit mask, so servers that share a template and hold
  /// the same models loaded (edges that preload the same models) share one fill. A template of
  /// more than MASKED_MODELS models is keyed by its server and that server's loaded-set changes.
  struct FilledModels {
    const std::vector<OptionTemplate>* options = nullptr;
    uint32_t server = 0;  ///< NONE: keyed by the mask
    uint64_t loaded = 0;  ///< the mask, or the server's LoadedModels::changes()
    bool operator==(const FilledModels&) const = default;
  };
  /// Templates of up to this many models are keyed by a mask (one bit per model).
  static constexpr size_t MASKED_MODELS = 64;
  /// A server's last mask, valid while its loaded set and template are unchanged.
  struct LoadedMask {
    const std::vector<OptionTemplate>* options = nullptr;
    uint64_t changes = UINT64_MAX;
    uint64_t mask = 0;
  };
  FilledModels filled_key(uint32_t server, const std::vector<OptionTemplate>& tpl);
  const Templates& build_templates(const ServerState& sv);
  void fill_device(const Phone& p, const Request& r, double now_s);
  void fill_remote(policy::SiteOption& o, const Phone& p, const Request& r, uint32_t tier, double now_s);
  policy::ModelOption device_option(const Phone& p, ModelId m, uint32_t version) const;
  const std::vector<OptionTemplate>& templates(uint32_t server, uint32_t task);

  StubDeps d_;
  double sampled_network_s(const Phone& p, const Request& r, uint32_t tier) const;
  bool hindsight_;
  std::vector<ServerTemplates> templates_;
  std::map<TemplateKey, std::unique_ptr<Templates>> shared_templates_;
  policy::SelectionContext ctx_;
  std::vector<FilledModels> filled_;  ///< per slot of ctx_.remote
  std::vector<LoadedMask> masks_;     ///< per server
};

}  // namespace modi::model
