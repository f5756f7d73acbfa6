// Service times at a server: model load (decompressed bytes at the server type's load rate) and
// inference (the server type's measured distribution, one draw per request and model), both
// scaled by the server's relative speed.
#pragma once

#include <cstdint>

#include "sim/core/rng.hpp"
#include "sim/core/traces.hpp"
#include "sim/model/server_state.hpp"

namespace modi::model {

class ServerTiming {
public:
  ServerTiming(const TraceSet& traces, uint64_t seed) : traces_(traces), seed_(seed) {}

  double load_s(const ServerState& sv, ModelId m) const {
    return traces_.models()[m].memory_bytes / (traces_.servers()[sv.type].model_load_bytes_per_s * sv.speed);
  }
  /// The inference time request `seq` of phone `phone` draws for model m on this server.
  double inference_s(const ServerState& sv, uint32_t phone, uint64_t seq, ModelId m) const {
    const auto purpose = sv.site == policy::Site::CLOUD ? rng::Purpose::CLOUD_INFERENCE : rng::Purpose::EDGE_INFERENCE;
    const rng::Stream st{seed_, phone + 1ULL};
    return traces_.servers()[sv.type].inference[m]->sample(st.uniform(seq, purpose, m)) / sv.speed;
  }
  const Distribution& inference(const ServerState& sv, ModelId m) const { return *traces_.servers()[sv.type].inference[m]; }

private:
  const TraceSet& traces_;
  uint64_t seed_;
};

}  // namespace modi::model
