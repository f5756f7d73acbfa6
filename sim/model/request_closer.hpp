// The end of a request's life in the engine: a reply that cannot reach a phone that moved away
// fails with `handover`, an answer that comes after the phone's battery died fails with
// `battery`, the profiler observes the times of a local run, and the radio ledger decides when
// the request is written.
#pragma once

#include <functional>
#include <vector>

#include "sim/model/open_requests.hpp"
#include "sim/model/phone.hpp"
#include "sim/model/profiler.hpp"
#include "sim/model/radio_ledger.hpp"

namespace modi::model {

class RequestCloser {
public:
  RequestCloser(std::vector<Phone>& phones, OpenRequests& open, RadioLedger& ledger, Profiler& profiler)
      : phones_(phones), open_(open), ledger_(ledger), profiler_(profiler) {}

  void finish(Request* r);
  /// Called whenever the last open request has ended (the fleet may be waiting for that).
  void on_all_closed(std::function<void()> f) { all_closed_ = std::move(f); }
  /// Called with every request as it ends (failure reasons settled), before the radio ledger
  /// holds or writes it: a learning policy's completions.
  void on_finished(std::function<void(const Request&)> f) { finished_ = std::move(f); }

private:
  std::function<void()> all_closed_;
  std::function<void(const Request&)> finished_;
  std::vector<Phone>& phones_;
  OpenRequests& open_;
  RadioLedger& ledger_;
  Profiler& profiler_;  ///< learns from every local run that completes
};

}  // namespace modi::model
