// MODI's phone role for one request: the inference profiler and decision stub build what the
// selection policy sees and check its decision; the local inference engine runs it on the phone,
// or the offload path takes it to a server. On-demand downloads start here when no adequate
// model is resident. Plain C++: the fleet calls it with the clock.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine/local_answers.hpp"
#include "sim/engine/offload_path.hpp"
#include "sim/engine/push_service.hpp"
#include "sim/model/request_pool.hpp"
#include "sim/model/usage_stats.hpp"

namespace modi::engine {

struct PhoneRoleDeps {
  const config::Scenario& scenario;
  const model::Catalog& catalog;
  const model::Topology& topology;
  std::vector<InferenceServer>& servers;
  model::DecisionStub& stub;
  const policy::SelectionPolicy& policy;
  model::UsageStats& stats;
  const model::LocalEngine& local;
  model::RequestPool& pool;
  model::OpenRequests& open;
  model::RequestCloser& closer;
  model::RadioLedger& ledger;
  LocalAnswers& answers;
  OffloadPath& offloads;
  PushService& pushes;
};

class PhoneRole {
public:
  explicit PhoneRole(const PhoneRoleDeps& deps);

  /// App `app` of phone p issues a request now.
  void issue(model::Phone& p, uint32_t app, double now_s);
  uint64_t issued() const { return next_id_; }

private:
  model::Request* create(model::Phone& p, uint32_t app, double now_s);
  bool fetch_on_demand(model::Phone& p, model::Request& r, double now_s);
  void carry_out(model::Phone& p, model::Request* r, const policy::SelectionDecision& d, double now_s);

  PhoneRoleDeps d_;
  std::vector<std::vector<uint32_t>> app_task_;  ///< [group][app] -> task index
  uint64_t next_id_ = 0;
};

}  // namespace modi::engine
