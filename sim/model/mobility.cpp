#include "sim/model/mobility.hpp"

#include "sim/model/rtt_estimator.hpp"

#include <algorithm>
#include <cmath>
#include "sim/core/rng.hpp"

namespace modi::model {

std::optional<Move> Mobility::next_random_move(Phone& p, double now_s) const {
  const auto cells = static_cast<uint32_t>(topology_.cells().size());
  if (cells < 2)
    return std::nullopt;
  const rng::Stream st{s_.simulation.seed, p.index + 1ULL};
  const uint64_t k = p.mobility_moves++;
  const double t = now_s - s_.mobility.dwell_mean_s * std::log1p(-st.uniform(k, rng::Purpose::MOBILITY));
  if (t >= s_.simulation.duration_s)
    return std::nullopt;
  auto target = static_cast<uint32_t>(st.uniform(k, rng::Purpose::MOBILITY, 1) * static_cast<double>(cells - 1));
  target = std::min<uint32_t>(target, cells - 2);
  if (target >= p.cell)
    ++target;  // any cell but the current one
  return Move{t, p.index, target};
}

void Mobility::handover(Phone& p, uint32_t cell, double now_s) {
  if (cell == p.cell)
    return;
  ++handovers_;
  const auto& net = traces_.networks()[topology_.cells()[cell].network];
  ledger_.switch_radio(p, traces_.radios()[net.radio_id], now_s);
  p.cell = cell;
  RttEstimator::restart(p, net);
  if (s_.mobility.fail_in_flight)
    open_.for_each([&](Request& r) {
      if (r.phone == p.index && r.site != policy::Site::DEVICE && r.handover_at_s < 0)
        r.handover_at_s = now_s;
    });
}

}  // namespace modi::model
