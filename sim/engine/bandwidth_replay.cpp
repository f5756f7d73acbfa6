#include "sim/engine/bandwidth_replay.hpp"

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace modi::engine {

std::vector<BandwidthReplay> BandwidthReplay::for_links(const std::vector<ReplayedLink>& links) {
  std::vector<BandwidthReplay> out;
  std::map<std::pair<const BandwidthTrace*, double>, size_t> index;
  for (const auto& l : links) {
    const auto [it, fresh] = index.try_emplace({l.trace.get(), l.after_bytes_per_s}, out.size());
    if (fresh) {
      out.emplace_back();
      out.back().trace_ = l.trace;
      out.back().after_bytes_per_s_ = l.after_bytes_per_s;
    }
    out[it->second].links_.push_back(l.link);
  }
  return out;
}

void BandwidthReplay::operator()() const {
  const auto& start = trace_->start_s();
  const auto& rate = trace_->rate_bytes_per_s();
  const auto set = [this](double bytes_per_s) {
    for (auto* l : links_)
      l->set_bandwidth(replay_rate(bytes_per_s));
  };
  for (double pass = 0;; pass += 1) {
    const double base = pass * trace_->period_s();
    for (size_t i = pass == 0 ? 1 : 0; i < start.size(); ++i) {  // the links start at the first rate
      sg4::this_actor::sleep_until(base + start[i]);
      set(rate[i]);
    }
    if (!trace_->loop()) {
      sg4::this_actor::sleep_until(trace_->period_s());
      set(after_bytes_per_s_);
      return;
    }
  }
}

}  // namespace modi::engine
