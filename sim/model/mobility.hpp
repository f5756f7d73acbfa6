// Phones moving between cells (the paper's Edge-i changes as a phone moves): moves from a trace
// file (time_s,phone,cell) or random (exponential dwell time, any other cell), and the handover
// itself: the phone's network, radio, serving edge and round-trip estimate change; offloaded
// requests in flight complete through the old path or are marked to fail (`in_flight: fail`).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/model/open_requests.hpp"
#include "sim/model/radio_ledger.hpp"
#include "sim/model/topology.hpp"

namespace modi::model {

struct Move {
  double time_s = 0;
  uint32_t phone = 0, cell = 0;
};

class Mobility {
public:
  Mobility(const config::Scenario& s, const Topology& topology, const TraceSet& traces, std::vector<Move> traced,
           OpenRequests& open, RadioLedger& ledger)
      : s_(s), topology_(topology), traces_(traces), open_(open), ledger_(ledger), traced_(std::move(traced)) {}

  /// The moves of the mobility trace, in file order.
  const std::vector<Move>& traced() const { return traced_; }
  bool random() const { return s_.mobility.kind == config::MobilityConfig::Kind::RANDOM; }
  /// The phone's next random move after `now_s`, if it moves again before arrivals stop.
  std::optional<Move> next_random_move(Phone& p, double now_s) const;
  /// The phone enters `cell` now.
  void handover(Phone& p, uint32_t cell, double now_s);
  uint64_t handovers() const { return handovers_; }

private:
  const config::Scenario& s_;
  const Topology& topology_;
  const TraceSet& traces_;
  OpenRequests& open_;
  RadioLedger& ledger_;
  std::vector<Move> traced_;
  uint64_t handovers_ = 0;
};

}  // namespace modi::model
