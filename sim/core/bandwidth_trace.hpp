// A link's bandwidth over time, replayed from a measured trace (cells[].uplink_trace and the
// like). Two formats:
//   Mahimahi  one integer millisecond timestamp per line, non-decreasing, each a delivery
//             opportunity of 1,500 bytes; the last timestamp ends one pass (Mahimahi's period).
//             modisim reads it as a fluid schedule: the opportunities of millisecond m deliver
//             their bytes evenly over [m, m+1) ms (the trace does not say where within the
//             millisecond they fire). Stamps at the period fold onto millisecond 0.
//   CSV       header time_s,bandwidth_bps; the first time 0, times increasing; each row's
//             bandwidth holds until the next row's time; the last row's time ends one pass (its
//             bandwidth is not used).
// With loop the pass repeats for ever; without, the link returns to its configured capacity
// when the pass ends. Bandwidth may be zero (no delivery). Plain C++: the closed form of a
// transfer's finish time is what the engine's replay is tested against.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace modi {

class BandwidthTrace {
public:
  /// Reads `path` (format detected from the first line), bandwidths multiplied by `scale`.
  /// Bad input throws InputError naming the file and line.
  static std::shared_ptr<const BandwidthTrace> load(const std::string& path, double scale, bool loop);
  static BandwidthTrace from_mahimahi(const std::string& text, const std::string& name, double scale, bool loop);
  static BandwidthTrace from_csv(const std::string& text, const std::string& name, double scale, bool loop);

  /// Change points of one pass: rate_bytes_per_s()[i] holds from start_s()[i] to the next (or the period).
  const std::vector<double>& start_s() const { return start_; }
  const std::vector<double>& rate_bytes_per_s() const { return rate_; }
  double period_s() const { return period_; }
  bool loop() const { return loop_; }
  double mean_bytes_per_s() const { return bytes_per_pass_ / period_; }
  double max_bytes_per_s() const;
  /// The rate at time t (after a non-looping pass: `after_bytes_per_s`).
  double rate_at(double t, double after_bytes_per_s) const;
  /// When a transfer of `bytes` started at `start` alone on the link finishes.
  double finish_s(double start, double bytes, double after_bytes_per_s) const;

private:
  void add(double start, double rate);
  void finish_pass(double period);
  /// Bytes deliverable from the start of a pass to t (0 <= t <= period).
  double cumulative(double t) const;
  /// The segment holding time t of a pass (0 <= t <= period).
  size_t segment(double t) const;
  std::vector<double> start_, rate_, cum_;  ///< cum_[i]: bytes from 0 to start_[i]
  double period_ = 0, bytes_per_pass_ = 0;
  bool loop_ = true;
};

}  // namespace modi
