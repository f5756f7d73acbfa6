// An offloaded request's way through the network and back: calibrated extra delay and upload over
// the cell's shared uplink (rate-capped by the phone radio), the server (queue, load, inference),
// extra delay and download. Timeouts and failures end the path with a reason; then the policy's
// fallback hook decides whether a resident model answers instead (MODI's reason to keep models on
// the phone). Offloaded requests run in a pool of long-lived actors (actor_pool.hpp).
#pragma once

#include "sim/model/rtt_estimator.hpp"

#include <simgrid/forward.h>

#include <cstdint>
#include <vector>

#include "policies/selection.hpp"
#include "sim/config/scenario.hpp"
#include "sim/engine/actor_pool.hpp"
#include "sim/engine/inference_server.hpp"
#include "sim/engine/local_answers.hpp"
#include "sim/engine/platform.hpp"
#include "sim/model/decision_stub.hpp"
#include "sim/model/network_model.hpp"
#include "sim/model/request_closer.hpp"

namespace modi::engine {

struct OffloadDeps {
  const config::Scenario& scenario;
  const Platform& platform;
  const model::NetworkModel& network;
  const model::Catalog& catalog;
  std::vector<model::Phone>& phones;
  std::vector<InferenceServer>& servers;
  model::RadioLedger& ledger;
  model::RequestCloser& closer;
  const model::LocalEngine& local;
  model::DecisionStub& stub;
  const policy::SelectionPolicy& policy;
  LocalAnswers& answers;
  model::RttEstimator& rtt;
};

class OffloadPath {
public:
  /// `outlive_servers`: some server can fail, so the path's actor lives on the cell's access point
  /// (a failing server then fails the activities, not the actor) and transfers check their hosts.
  OffloadPath(const OffloadDeps& deps, bool outlive_servers)
      : d_(deps), outlive_servers_(outlive_servers), workers_("r", ActorPool::Lifetime::UNTIL_CLOSED) {}

  /// Starts the path of request r (its decision is made: r->server and r->model are set).
  void launch(model::Request* r);
  /// No more requests will be offloaded (the fleet is done): idle workers end.
  void close() { workers_.close(); }

private:
  void run(model::Request* r);
  double leg(model::Request& r, bool up, double deadline_at, double& step_start, int& radio_dir);
  void answered_remotely(model::Request* r);
  void fall_back(model::Request* r, Reason reason);
  void answer_with_duplicate(model::Request& r, double at_s);

  OffloadDeps d_;
  bool outlive_servers_;
  ActorPool workers_;
};

}  // namespace modi::engine
