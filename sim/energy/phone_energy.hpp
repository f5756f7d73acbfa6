// Energy of one phone: device baseline, CPU phases, and the radio state machine of Huang et al.
// (MobiSys 2012): IDLE -> PROMOTION -> ACTIVE (power grows with throughput) -> TAIL -> IDLE.
// Plain C++ (no SimGrid): the engine reports compute phases and finished transfers; this class
// charges the energy, attributes it to requests and tracks the battery.
//
// Accounting (all additive, so a phone's total is the sum of its parts):
//  * baseline: device idle power (+ screen) over the phone's horizon             -> idle
//  * radio idle power while the radio is IDLE                                     -> idle
//  * CPU phase power x duration (power drawn above idle while computing)          -> the request
//  * promotion (when a transfer starts with the radio IDLE), active power over
//    the transfer (base + per-Mbit/s terms, base counted once where a phone's
//    transfers overlap), tail until the next transfer or the tail's end          -> the request
//    whose transfer started that state
// Promotion and tail cost energy only; their latency is part of the measured transfer times the
// engine replays (traces/README.md).
//
// Every charge covers an interval of time (a CPU phase, a transfer, a tail), spread evenly over
// it. The battery is checked against the energy drawn up to the check's time (charges for later
// work count only from when it happens). When it runs out, the time it did is solved exactly on
// that piecewise-linear curve, the parts of charges after it are taken back (take_cuts() says
// from which requests), and nothing more is drawn: a dead phone's total equals its battery.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "sim/core/traces.hpp"

namespace modi::energy {

struct DevicePower {
  double idle_w = 0;        ///< awake, screen off, radio excluded
  double screen_w = 0;      ///< added while the screen is on
  double image_load_w = 0;  ///< above idle, while decoding the input image
  double model_load_w = 0;  ///< above idle, while loading (and inflating) a model
  double inference_w = 0;   ///< above idle, while running inference
};

/// Energy a finished transfer adds: to its own request, and the tail it ended for an earlier one.
struct TransferCharge {
  double own_j = 0;                 ///< promotion (if any) + active energy, for this transfer's request
  double promotion_j = 0;           ///< part of own_j
  std::optional<uint64_t> tail_owner;  ///< request whose tail this transfer cut or that ran out
  double tail_j = 0;
};

/// Energy taken back from a request because the battery ran out during the work it paid for.
struct EnergyCut {
  uint64_t owner = 0;  ///< request id (or NO_REQUEST for pushes)
  double cpu_j = 0;
  double radio_j = 0;
};

class PhoneEnergy {
public:
  PhoneEnergy() = default;
  /// `radio` must outlive this (the trace set's radio table).
  PhoneEnergy(const DevicePower& device, const RadioPower& radio, double capacity_j, double state_of_charge,
              bool screen_on);

  double capacity_j() const { return capacity_j_; }
  double start_j() const { return start_j_; }
  /// Power drawn whatever the phone does: device idle (+ screen) + radio idle.
  double floor_w() const { return device_floor_w_ + radio_->idle_w; }

  /// A CPU phase over [start_s, start_s + duration_s) at `power_w` above idle, for request
  /// `owner`; returns its energy (0 once the phone is dead).
  double compute(double start_s, double duration_s, double power_w, uint64_t owner);

  /// A transfer that occupied the radio over [start_s, end_s), reported when it ends (reports
  /// arrive in order of end time). `owner` is the request it belongs to.
  TransferCharge transfer(double start_s, double end_s, double bytes, bool up, uint64_t owner);

  /// When the accounting of a run ending at `sim_end_s` ends: the end, or the end of the last tail.
  double accounting_end_s(double sim_end_s) const {
    return radio_used_ ? std::max(sim_end_s, last_end_s_ + radio_->tail_s) : sim_end_s;
  }
  /// Ends the accounting at `horizon_s` (the later of the simulation's end and the end of the
  /// last tail); returns the last tail's owner and energy, if a tail is pending.
  TransferCharge close(double sim_end_s);

  /// The phone moved to a network with another radio at `now`: the old radio's open tail ends
  /// there (returned for attribution) and the new radio starts idle. `radio` must outlive this.
  TransferCharge switch_radio(const RadioPower& radio, double now_s);

  /// Estimated radio energy of one request/reply exchange starting now (for policies).
  double estimate_exchange_j(double now_s, double up_bytes, double up_s, double down_bytes, double down_s) const;

  // --- battery ------------------------------------------------------------------------
  /// Energy drawn up to `t` (baseline and radio idle to t, plus every charge made so far).
  double consumed_j(double t) const;
  double remaining_j(double t) const { return start_j_ - consumed_j(t); }
  double state_of_charge(double t) const { return capacity_j_ > 0 ? std::max(0.0, remaining_j(t)) / capacity_j_ : 0.0; }
  /// Checks the battery at time t; returns true when it is empty. The first time, records the
  /// exact time it ran out and takes back every charge's part after that time (take_cuts()).
  bool check_dead(double t);
  /// The energy taken back when the phone died, per request (empty afterwards).
  std::vector<EnergyCut> take_cuts() { return std::exchange(cuts_, {}); }
  bool dead() const { return died_at_s_ >= 0; }
  /// The request whose transfer ended last (its tail is still open).
  uint64_t tail_owner() const { return radio_used_ ? tail_owner_ : UINT64_MAX; }
  double died_at_s() const { return died_at_s_; }

  // --- totals (valid after close) ------------------------------------------------------
  double horizon_s() const { return horizon_s_; }
  double cpu_j() const { return cpu_j_; }
  double radio_j() const { return radio_j_; }
  double idle_j() const { return idle_j_; }
  double total_j() const { return total_j_; }

private:
  struct Charge {
    double from_s, to_s, joules;
    bool cpu;
    uint64_t owner;
  };
  /// Records a charge over [from_s, to_s) for the battery; returns the energy to charge (only its
  /// part before the death time once the phone is dead). Callers add it to the totals (add()).
  double record(double from_s, double to_s, double joules, bool cpu, uint64_t owner);
  void add(double joules, bool cpu);
  double drawn_before(const Charge& c, double t) const;
  void die_at(double t);

  const RadioPower* radio_ = nullptr;  ///< the trace set's (lives as long as the run)
  double device_floor_w_ = 0;
  double capacity_j_ = 0, start_j_ = 0;
  // radio state
  bool radio_used_ = false;
  double last_end_s_ = 0;          ///< end of the latest transfer
  uint64_t tail_owner_ = 0;        ///< request whose transfer ended last
  double nonidle_s_ = 0;           ///< radio time in PROMOTION, ACTIVE or TAIL in this radio segment
  double segment_start_s_ = 0;     ///< when the current radio took over
  double radio_idle_before_j_ = 0; ///< idle energy of earlier radios
  // charges
  double cpu_j_ = 0, radio_j_ = 0, idle_j_ = 0, total_j_ = 0;
  double charged_j_ = 0;           ///< cpu + radio charged so far (battery)
  double settled_j_ = 0;           ///< the part of charged_j_ in charges that end before last_check_s_
  std::vector<Charge> open_;       ///< charges that may still end after last_check_s_
  std::vector<EnergyCut> cuts_;
  double last_check_s_ = 0;
  double died_at_s_ = -1;
  double horizon_s_ = 0;
};

}  // namespace modi::energy
