// One inference request from issue to its row in requests.csv. Plain data: every component on
// the request's way (decision stub, local engine, offload path, server, radio ledger) fills in
// its part.
#pragma once

#include <cstdint>

#include "policies/selection.hpp"
#include "sim/core/reason.hpp"
#include "sim/core/traces.hpp"

namespace modi::model {

struct Request {
  uint64_t id = 0;
  uint32_t phone = 0;
  uint32_t app = 0;          ///< index into the phone group's apps
  uint32_t task = 0;
  uint64_t seq = 0;          ///< per-phone index of its random draws
  uint32_t cell = 0;         ///< the phone's cell at issue (the offload path uses it throughout)
  uint32_t edge = 0;         ///< the phone's edge at issue (MODI's Edge-i): first server on its path
  NetworkId network = NONE;  ///< at issue
  double issued_at_s = 0;
  double finished_at_s = 0;
  double deadline_s = 0;     ///< relative to issue
  double accuracy_need = 0;  ///< the app's minimum acceptable top-1
  double input_bytes = 0, output_bytes = 0;

  // the decision and what answered
  policy::Site site = policy::Site::DEVICE;
  uint32_t server = 0;       ///< server index when remote
  ModelId model = NONE;
  uint32_t version = 0;      ///< version of the model that answered
  double accuracy = 0;       ///< top-1 of that version
  bool local_hit = false;    ///< an adequate model was resident at issue
  bool edge_hit = false;     ///< the phone's edge held an adequate model at issue
  bool fallback_local = false;  ///< the policy's intent if the remote path fails
  double predicted_latency_s = -1;  ///< the profiler's estimate for the chosen option (-1: none)
  Reason fallback = Reason::EMPTY;  ///< why the request fell back to the device (NONE: it did not)

  // MDInference's on-device duplicate
  ModelId duplicate_model = NONE;
  double dup_done_at_s = -1;  ///< the duplicate's finish time (-1: no duplicate)
  double dup_image_load_s = 0, dup_model_load_s = 0, dup_queue_s = 0, dup_inference_s = 0;
  double dup_cpu_energy_j = 0;

  // timing parts and energy
  double image_load_s = 0, model_load_s = 0, queue_s = 0, inference_s = 0, upload_s = 0, download_s = 0;
  double cpu_energy_j = 0, radio_energy_j = 0;
  double handover_at_s = -1;  ///< the phone left its cell while this was offloaded (in_flight: fail)

  bool failed = false;
  Reason failure = Reason::EMPTY;

  void fail(Reason why, double at_s) {
    failed = true;
    failure = why;
    finished_at_s = at_s;
  }
};

}  // namespace modi::model
