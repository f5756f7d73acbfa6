#include "sim/model/local_engine.hpp"

#include <algorithm>

#include "sim/core/rng.hpp"

namespace modi::model {

using rng::Purpose;

LocalTimes LocalEngine::sample(const Phone& p, uint64_t seq, ModelId m, bool cold) const {
  const auto& dev = traces_.devices()[p.device];
  const rng::Stream st{seed_, p.index + 1ULL};
  LocalTimes t;
  t.image_s = dev.image_load.sample(st.uniform(seq, Purpose::IMAGE_LOAD));
  t.load_s = cold ? dev.by_model[m].model_load.sample(st.uniform(seq, Purpose::MODEL_LOAD, m)) +
                        dev.decompress_s(traces_.models()[m])
                  : 0.0;
  t.inference_s = dev.by_model[m].inference.sample(st.uniform(seq, Purpose::INFERENCE, m));
  return t;
}

LocalRun LocalEngine::run(Phone& p, uint64_t seq, ModelId m, double now_s, uint64_t owner) const {
  const double start = std::max(now_s, p.cpu_free_at_s);
  const bool cold = !p.loaded.touch(m);
  const auto t = sample(p, seq, m, cold);
  if (cold)
    p.loaded.insert(m, traces_.models()[m].memory_bytes);
  LocalRun r;
  r.image_s = t.image_s;
  r.load_s = t.load_s;
  r.inference_s = t.inference_s;
  r.queue_s = start - now_s;
  p.cpu_free_at_s = start + t.image_s + t.load_s + t.inference_s;
  r.finish_s = p.cpu_free_at_s;
  const auto& dev = traces_.devices()[p.device];
  r.cpu_energy_j = p.energy.compute(start, t.image_s, dev.image_load_power_w, owner) +
                   p.energy.compute(start + t.image_s, t.load_s, dev.model_load_power_w, owner) +
                   p.energy.compute(start + t.image_s + t.load_s, t.inference_s, dev.inference_power_w, owner);
  return r;
}

}  // namespace modi::model
