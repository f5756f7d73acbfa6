// Selection policies: MODI's decision stub asks "which model variant runs where" for one
// inference request. A policy is a pure function of a plain, read-only context; it returns an
// intent that the engine checks and carries out. Nothing here knows about SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/traces.hpp"

namespace modi::policy {

enum class Site : uint8_t { DEVICE, EDGE, CLOUD };
std::string_view site_name(Site s);

/// One model available at one site, with the estimates the phone can know.
struct ModelOption {
  ModelId model = NONE;
  double accuracy = 0;     ///< top-1 in [0,1]
  double est_mean_s = 0;   ///< predicted service time at the site (image, load if cold, inference)
  double est_sd_s = 0;     ///< predicted standard deviation of the same
  bool loaded = false;     ///< already in memory at the site (no cold start)
  double est_energy_j = 0; ///< device only: predicted CPU energy of running it on the phone
  /// Oracle only: this request's actual sampled service time for this option (the engine fills
  /// it when the policy declares it needs hindsight; otherwise negative).
  double hindsight_s = -1;
};

/// A place where the request could run: the phone itself, its edge, or the cloud.
struct SiteOption {
  Site site = Site::DEVICE;
  uint32_t index = 0;       ///< edge index for EDGE; 0 otherwise
  bool reachable = true;
  double est_network_s = 0; ///< predicted round-trip network time (0 on the device)
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
  double est_rtt_s = 0;           ///< EWMA of observed request+reply transfer times
};

struct SelectionContext {
  RequestInfo request;
  PhoneProfile phone;
  SiteOption device;               ///< resident models of the task
  std::vector<SiteOption> remote;  ///< the phone's edge first, then the cloud
  double u = 0.5;                  ///< a uniform in (0,1) reserved for this request's policy draws
};

struct SelectionDecision {
  Site site = Site::DEVICE;
  uint32_t site_index = 0;
  ModelId model = NONE;            ///< NONE: the request cannot be served (see failure)
  /// MDInference's on-device duplicate: also run `duplicate_model` locally and answer with it if
  /// the remote result misses the deadline.
  ModelId duplicate_model = NONE;
  std::string_view failure;        ///< reason when model == NONE
  /// If the remote path fails (network, edge down, timeout), run the best resident model
  /// instead (MODI: models on the phone keep inference working when the network does not).
  bool fallback_local = false;
};

class SelectionPolicy {
public:
  virtual ~SelectionPolicy() = default;
  virtual SelectionDecision select(const SelectionContext& ctx) const = 0;
};

// Helpers shared by the built-in policies (also useful to user policies).
const ModelOption* most_accurate_within(const SiteOption& s, double budget_s, double min_accuracy = 0.0);
const ModelOption* most_accurate(const SiteOption& s);
const ModelOption* fastest(const SiteOption& s);
SelectionDecision choose(const SiteOption& s, const ModelOption& m);
SelectionDecision fail(std::string_view reason);

}  // namespace modi::policy
