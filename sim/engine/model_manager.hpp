// MODI's central manager, on the cloud: every stats period each edge's decision engine sends its
// statistics over the WAN (a transfer; a failed edge or WAN loses that report); every placement
// period the placement policies plan what each edge and phone holds, evictions happen at once and
// missing or outdated models are pushed; model updates publish new versions at the master
// repository. A daemon SimGrid actor.
#pragma once

#include <simgrid/forward.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "policies/placement.hpp"
#include "sim/config/scenario.hpp"
#include "sim/engine/actor_pool.hpp"
#include "sim/engine/push_service.hpp"
#include "sim/model/phone_names.hpp"
#include "sim/model/usage_stats.hpp"

namespace modi::engine {

struct ManagerDeps {
  const config::Scenario& scenario;
  const model::Topology& topology;
  const Platform& platform;
  model::Catalog& catalog;
  std::vector<model::Phone>& phones;
  std::vector<InferenceServer>& servers;
  model::UsageStats& stats;
  PushService& pushes;
  output::Recorder& recorder;
};

class ModelManager {
public:
  explicit ModelManager(const ManagerDeps& deps);

  /// Whether the scenario gives the manager anything to do.
  bool needed() const;
  /// The actor body.
  void operator()();
  /// The first placement policy that broke the run's contract (PlacementPolicy::broken).
  std::exception_ptr broken() const;
  /// The run has ended: the placement policies are told (PlacementPolicy::finish).
  void finish() const;

private:
  void publish_updates(double until_s, size_t& next, double now_s);
  void send_stats(double period_end_s);
  void receive(uint32_t edge, const model::EdgeReport& report, double start_s, double end_s);
  void place(double now_s);
  void apply(model::ModelStore& store, const std::vector<ModelId>& keep, const std::string& policy_name,
             const std::string& target, double now_s, uint32_t phone, uint32_t server);

  ManagerDeps d_;
  model::PhoneNames names_;
  std::unique_ptr<policy::PlacementPolicy> edge_policy_, phone_policy_;
  ActorPool reporters_{"stats", ActorPool::Lifetime::DAEMON};  ///< carry the edges' reports
  std::vector<char> report_in_flight_;  ///< per server: a statistics report is on its way
  std::vector<double> report_from_s_;   ///< per server: start of the statistics not yet sent
};

}  // namespace modi::engine
