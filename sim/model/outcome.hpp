// What a request's end means for the metrics (answered, latency, deadline, accuracy need): one
// definition for requests.csv (the recorder) and for the completions a learning policy is told.
#pragma once

#include "policies/selection.hpp"
#include "sim/model/request.hpp"

namespace modi::model {

struct Outcome {
  bool ok = false;          ///< answered
  double latency_s = 0;     ///< answered: finish - issue
  bool has_model = false;   ///< answered by a model (not failed)
  double accuracy = 0;      ///< answered: top-1 of the model that answered
  bool slo_met = false;     ///< answered within the deadline
  bool goal_met = false;    ///< ...by a model meeting the accuracy need
};

Outcome outcome_of(const Request& r);
policy::Completion completion_of(const Request& r);

}  // namespace modi::model
