#include "sim/model/outcome.hpp"

namespace modi::model {

Outcome outcome_of(const Request& r) {
  Outcome o;
  o.ok = !r.failed;
  o.latency_s = o.ok ? r.finished_at_s - r.issued_at_s : 0.0;
  o.has_model = o.ok && r.model != NONE;
  o.accuracy = o.has_model ? r.accuracy : 0.0;
  o.slo_met = o.ok && o.latency_s <= r.deadline_s;
  o.goal_met = o.slo_met && o.has_model && o.accuracy >= r.accuracy_need;
  return o;
}

policy::Completion completion_of(const Request& r) {
  const Outcome o = outcome_of(r);
  policy::Completion c;
  c.request = r.id;
  c.finished_at_s = r.finished_at_s;
  c.answered = o.ok;
  c.site = r.site;  // as requests.csv shows it; `fallback` says whether the phone answered instead
  c.site_index = c.site == policy::Site::DEVICE ? 0 : r.server;
  c.model = o.has_model ? r.model : NONE;
  c.latency_s = o.latency_s;
  c.accuracy = o.accuracy;
  c.energy_j = r.cpu_energy_j + r.radio_energy_j;
  c.deadline_met = o.slo_met;
  c.accuracy_met = o.has_model && o.accuracy >= r.accuracy_need;
  c.goal_met = o.goal_met;
  c.failure = r.failed ? r.failure : Reason::EMPTY;
  c.fallback = r.fallback;
  return c;
}

}  // namespace modi::model
