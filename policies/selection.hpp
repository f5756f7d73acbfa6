// Selection policies: MODI's decision stub asks "which model variant runs where" for one
// inference request. A policy is a pure function of a plain, read-only context; it returns an
// intent that the engine checks and carries out. Nothing here knows about SimGrid.
//
// Two more decisions are hooks with MODI's rules as defaults, so a policy may replace them:
// which resident model answers when the remote path fails (fallback), and which model a phone
// fetches on demand when no adequate one is resident.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>
#include <vector>

#include "policies/registry.hpp"
#include "sim/core/error.hpp"
#include "sim/core/reason.hpp"
#include "sim/core/traces.hpp"

namespace modi::policy {

enum class Site : uint8_t { DEVICE, EDGE, CLOUD };
std::string_view site_name(Site s);

/// One model available at one site, with the estimates the phone can know.
struct ModelOption {
  ModelId model = NONE;
  double accuracy = 0;      ///< top-1 in [0,1]
  double est_mean_s = 0;    ///< predicted service time at the site (image, load if cold, inference)
  double est_sd_s = 0;      ///< predicted standard deviation of the same
  bool loaded = false;      ///< already in memory at the site (no cold start)
  double est_energy_j = 0;  ///< device only: predicted CPU energy of running it on the phone
  /// Oracle only: this request's actual sampled service time for this option (the engine fills
  /// it when the policy declares it needs hindsight; otherwise negative).
  double hindsight_s = -1;
};

/// A place where the request could run: the phone itself, or one server on the phone's path
/// (its edge, further tiers, the cloud), nearest first.
struct SiteOption {
  Site site = Site::DEVICE;
  uint32_t index = 0;       ///< server index for remote sites; 0 on the device
  uint32_t tier = 0;        ///< remote: position on the phone's path (0 = its edge)
  std::string_view name;    ///< the phone or server name (valid for the whole run)
  bool reachable = true;
  double est_network_s = 0; ///< predicted round-trip network time (0 on the device)
  double est_network_sd_s = 0;  ///< spread of that prediction (simulation.network_estimate)
  double est_queue_s = 0;   ///< predicted wait before service starts
  double hindsight_network_s = -1;  ///< oracle only: this request's actual uncontended network time
  double est_radio_energy_j = 0;    ///< remote only: predicted phone radio energy of the exchange
                                    ///< (promotion if the radio is idle, transfer, tail)
  std::vector<ModelOption> models;  ///< sorted by model id

  double predicted_s(const ModelOption& m) const { return est_network_s + est_queue_s + m.est_mean_s; }
};

struct RequestInfo {
  uint64_t id = 0;
  uint32_t app = 0;
  double accuracy_need = 0;  ///< minimum acceptable top-1 in [0,1]
  double deadline_s = 0;     ///< relative to issue
  double input_bytes = 0;
  double output_bytes = 0;
};

/// The inference profiler's view of the phone when the request is issued.
struct PhoneProfile {
  DeviceId device = NONE;
  NetworkId network = NONE;
  double battery_fraction = 1.0;  ///< state of charge in [0,1]
  bool connected = true;
  double est_rtt_s = 0;           ///< the phone's estimate of a request+reply transfer time
};

struct SelectionContext {
  RequestInfo request;
  PhoneProfile phone;
  SiteOption device;               ///< resident models of the task
  std::vector<SiteOption> remote;  ///< servers on the phone's path, nearest first
  double u = 0.5;                  ///< a uniform in (0,1) reserved for this request's policy draws
};

struct SelectionDecision {
  Site site = Site::DEVICE;
  uint32_t site_index = 0;         ///< server index for remote sites
  ModelId model = NONE;            ///< NONE: the request cannot be served (see failure)
  /// MDInference's on-device duplicate: also run `duplicate_model` locally and answer with it if
  /// the remote result misses the deadline.
  ModelId duplicate_model = NONE;
  Reason failure = Reason::EMPTY;   ///< why, when model == NONE
  /// If the remote path fails (network, edge down, timeout), run a resident model instead
  /// (MODI: models on the phone keep inference working when the network does not).
  bool fallback_local = false;
};

/// The remote path failed: which resident model should answer, with the time left.
struct FallbackContext {
  double accuracy_need = 0;
  double time_left_s = 0;  ///< until the request's deadline
  /// Resident models of the task; each est_mean_s is the predicted time from now until its
  /// answer, the phone's CPU backlog included.
  SiteOption device;
};

/// No adequate model is resident: the models the phone could fetch now.
struct OnDemandCandidate {
  ModelId model = NONE;
  double accuracy = 0;     ///< newest version's top-1
  double size_bytes = 0;
  bool downloading = false;  ///< already on its way to this phone
};
struct OnDemandContext {
  double accuracy_need = 0;
  double free_bytes = 0;   ///< storage budget minus what is stored and reserved
  std::vector<OnDemandCandidate> candidates;  ///< runnable on the device, not gzipped, sorted by model id
};

/// How a request the policy decided on ended, told to policies that learn (an external policy
/// receives it as a completion line). Known when the answer reaches the phone (or the request
/// fails); the radio tail that follows is settled later and only requests.csv has it.
struct Completion {
  uint64_t request = 0;
  double finished_at_s = 0;
  bool answered = false;
  Site site = Site::DEVICE;   ///< where it was sent (requests.csv's site)
  uint32_t site_index = 0;    ///< server index for remote sites
  ModelId model = NONE;       ///< the model that answered (NONE: none)
  double latency_s = 0;       ///< answered: finish - issue
  double accuracy = 0;        ///< answered: top-1 of the model that answered
  double energy_j = 0;        ///< phone CPU + radio energy charged so far (the tail comes later)
  bool deadline_met = false;  ///< answered within the deadline
  bool accuracy_met = false;  ///< answered by a model meeting the accuracy need
  bool goal_met = false;      ///< both (requests.csv's goal_met)
  Reason failure = Reason::EMPTY;
  Reason fallback = Reason::EMPTY;  ///< why it fell back to the device, if it did
};

class SelectionPolicy {
public:
  virtual ~SelectionPolicy() = default;
  /// `ctx` is read-only: the engine reuses parts of it from one request to the next.
  virtual SelectionDecision select(const SelectionContext& ctx) const = 0;
  /// MODI's rule: the most accurate adequate model predicted within the time left, else the most
  /// accurate in time, else the fastest. NONE fails the request with the path's reason.
  virtual ModelId fallback(const FallbackContext& ctx) const;
  /// MODI's rule: the most accurate adequate model that fits the free storage (or is already
  /// downloading). NONE: nothing is fetched.
  virtual ModelId on_demand(const OnDemandContext& ctx) const;
  /// A policy that broke the run's contract: an external policy's malformed reply (InputError:
  /// exit 2) or a policy process that died or went silent (SimulationError: exit 1). The engine
  /// finishes the run without results and rethrows it. Null: none.
  virtual std::exception_ptr broken() const { return nullptr; }
  /// Policies that learn from outcomes return true; they are then told every completion, in
  /// simulated-time order, interleaved with their decisions.
  virtual bool wants_completions() const { return false; }
  virtual void completed(const Completion&) const {}
  /// The run has ended, before its results are written (a policy in another process is told and
  /// must exit; what goes wrong shows in broken()).
  virtual void finish() const {}
};

// Helpers shared by the built-in policies (also useful to user policies).
const ModelOption* most_accurate_within(const SiteOption& s, double budget_s, double min_accuracy = 0.0);
const ModelOption* most_accurate(const SiteOption& s);
const ModelOption* fastest(const SiteOption& s);
/// The nearest reachable remote site of that kind with at least one model.
const SiteOption* first_remote(const SelectionContext& ctx, Site kind);
/// Best effort on one site: the most accurate adequate model predicted in time, else the most
/// accurate in time, else the fastest.
SelectionDecision best_effort(const SiteOption& s, double deadline_s, double min_accuracy = 0.0);
SelectionDecision choose(const SiteOption& s, const ModelOption& m);
SelectionDecision fail(Reason reason);

}  // namespace modi::policy
