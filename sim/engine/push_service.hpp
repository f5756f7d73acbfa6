// Model pushes as real transfers: cloud to edge over the WAN, edge (or cloud) to phone through the
// cell, sharing bandwidth with inference traffic. A pushed model occupies storage only once it
// has arrived; a phone's push costs it radio energy (its own, unattributed to any request).
// Requests that chose to wait for an on-demand download run locally when it arrives.
#pragma once

#include <simgrid/forward.h>

#include <cstdint>
#include <vector>

#include "sim/engine/inference_server.hpp"
#include "sim/engine/local_answers.hpp"
#include "sim/engine/platform.hpp"
#include "sim/model/catalog.hpp"
#include "sim/model/local_engine.hpp"
#include "sim/model/phone_names.hpp"
#include "sim/model/request_closer.hpp"
#include "sim/model/topology.hpp"
#include "sim/output/recorder.hpp"

namespace modi::engine {

struct PushDeps {
  const model::Topology& topology;
  const Platform& platform;
  const model::Catalog& catalog;
  std::vector<model::Phone>& phones;
  std::vector<InferenceServer>& servers;
  model::RadioLedger& ledger;
  model::RequestCloser& closer;
  const model::LocalEngine& local;
  LocalAnswers& answers;
  output::Recorder& recorder;
  const model::PhoneNames& names;
};

class PushService {
public:
  explicit PushService(const PushDeps& deps) : d_(deps) {}

  /// Pushes the newest version of m to a phone (from its edge if the edge holds that version,
  /// else from the cloud). Returns false when no source holds it.
  bool to_phone(ModelId m, uint32_t phone, double now_s);
  /// Pushes the newest version of m to an edge (from the cloud).
  bool to_server(ModelId m, uint32_t server, double now_s);
  /// Requests waiting for a download, over all phones.
  size_t waiting() const;
  /// The server's stored models changed: refresh what the decision engines offer.
  void refresh(uint32_t server);

private:
  struct Push {
    ModelId model;
    uint32_t version;
    double bytes;
    uint32_t phone;   ///< NONE for a push to a server
    uint32_t server;  ///< NONE for a push to a phone
    size_t row;       ///< in the recorder's pushes
  };
  void start(const Push& push, simgrid::s4u::Host* from, simgrid::s4u::Host* to);
  void arrived(const Push& push, double t0, double t1);
  void failed(const Push& push, Reason reason);
  void run_waiting(model::Phone& p, ModelId m, double now_s, const std::vector<model::Request*>& ready);
  PushDeps d_;
};

}  // namespace modi::engine
