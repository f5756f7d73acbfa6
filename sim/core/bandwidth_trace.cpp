#include "sim/core/bandwidth_trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/paths.hpp"

namespace modi {
namespace {

constexpr double kOpportunityBytes = 1500;
constexpr const char* kCsvHeader = "time_s,bandwidth_bps";

[[noreturn]] void fail(const std::string& name, int line, const std::string& what, const std::string& expected) {
  throw InputError({name, line, 0, ""}, what, expected);
}

std::string first_line(const std::string& text) {
  std::string l = text.substr(0, text.find('\n'));
  if (!l.empty() && l.back() == '\r')
    l.pop_back();
  return l;
}

}  // namespace

std::shared_ptr<const BandwidthTrace> BandwidthTrace::load(const std::string& path, double scale, bool loop) {
  if (const auto why = why_not_a_file(path); !why.empty())
    fail(path, 0, fmt::format("bandwidth trace {}", why), "a Mahimahi trace or a CSV time_s,bandwidth_bps");
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  auto t = first_line(text) == kCsvHeader ? from_csv(text, path, scale, loop) : from_mahimahi(text, path, scale, loop);
  return std::make_shared<const BandwidthTrace>(std::move(t));
}

BandwidthTrace BandwidthTrace::from_mahimahi(const std::string& text, const std::string& name, double scale, bool loop) {
  std::map<int64_t, int64_t> count;  // opportunities per millisecond
  int64_t last = -1;
  int line_no = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    int64_t ms = 0;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), ms);
    if (line.empty() || ec != std::errc() || end != line.data() + line.size())
      fail(name, line_no, fmt::format("'{}' is not a millisecond timestamp", printable(line)),
           "one integer millisecond timestamp per line (Mahimahi), or a CSV with header time_s,bandwidth_bps");
    if (ms < 0)
      fail(name, line_no, fmt::format("negative timestamp {}", ms), "timestamps >= 0");
    if (ms < last)
      fail(name, line_no, fmt::format("timestamp {} ms comes after {} ms", ms, last), "non-decreasing timestamps");
    last = ms;
    ++count[ms];
  }
  if (last <= 0)
    fail(name, std::max(line_no, 1), "no delivery opportunity after time 0", "a Mahimahi trace whose last timestamp ends its period");
  count[0] += count[last];  // the period's stamps are the next pass's millisecond 0
  count.erase(last);
  BandwidthTrace t;
  t.loop_ = loop;
  const double per_ms = kOpportunityBytes / 1e-3 * scale;
  int64_t at = 0;
  for (const auto& [ms, n] : count) {
    if (ms > at)
      t.add(at * 1e-3, 0.0);
    t.add(ms * 1e-3, n * per_ms);
    at = ms + 1;
  }
  if (at < last)
    t.add(at * 1e-3, 0.0);
  t.finish_pass(last * 1e-3);
  return t;
}

BandwidthTrace BandwidthTrace::from_csv(const std::string& text, const std::string& name, double scale, bool loop) {
  const auto table = csv::Table::parse(text, name);
  BandwidthTrace t;
  t.loop_ = loop;
  double prev = -1;
  const auto& rows = table.rows();
  for (size_t i = 0; i < rows.size(); ++i) {
    const double time = table.number(rows[i], "time_s");
    const double bps = table.number(rows[i], "bandwidth_bps");
    if (i == 0 && time != 0)
      table.fail(rows[i], "time_s", fmt::format("the first time is {} s", time), "a trace starting at time 0");
    if (i > 0 && !(time > prev))
      table.fail(rows[i], "time_s", fmt::format("{} s does not come after {} s", time, prev), "increasing times");
    if (!(bps >= 0) || !std::isfinite(bps))
      table.fail(rows[i], "bandwidth_bps", fmt::format("bandwidth {} bit/s", bps), "a bandwidth >= 0 in bit/s");
    if (i + 1 < rows.size())
      t.add(time, bps / 8.0 * scale);
    prev = time;
  }
  if (rows.size() < 2)
    fail(name, rows.empty() ? 1 : rows.front().line, "a bandwidth trace needs at least two rows",
         "rows time_s,bandwidth_bps; the last row's time ends the trace");
  t.finish_pass(prev);
  return t;
}

void BandwidthTrace::add(double start, double rate) {
  if (!rate_.empty() && rate_.back() == rate)
    return;  // merged: the same rate continues
  cum_.push_back(start_.empty() ? 0.0 : cum_.back() + rate_.back() * (start - start_.back()));
  start_.push_back(start);
  rate_.push_back(rate);
}

void BandwidthTrace::finish_pass(double period) {
  period_ = period;
  bytes_per_pass_ = cum_.back() + rate_.back() * (period - start_.back());
}

double BandwidthTrace::max_bytes_per_s() const { return *std::max_element(rate_.begin(), rate_.end()); }

size_t BandwidthTrace::segment(double t) const {
  return static_cast<size_t>(std::upper_bound(start_.begin(), start_.end(), t) - start_.begin()) - 1;
}

double BandwidthTrace::cumulative(double t) const {
  const size_t i = segment(t);
  return cum_[i] + rate_[i] * (t - start_[i]);
}

double BandwidthTrace::rate_at(double t, double after_bytes_per_s) const {
  if (!loop_ && t >= period_)
    return after_bytes_per_s;
  return rate_[segment(t - period_ * std::floor(t / period_))];
}

double BandwidthTrace::finish_s(double start, double bytes, double after_bytes_per_s) const {
  double pass = std::floor(start / period_);
  double t = start - pass * period_;  // position within the pass
  if (!loop_ && pass > 0)
    return start + bytes / after_bytes_per_s;
  for (;;) {
    const double left_in_pass = bytes_per_pass_ - cumulative(t);
    if (bytes <= left_in_pass + 1e-9 * std::max(1.0, bytes_per_pass_)) {
      // invert the cumulative curve: the segment in which it reaches the target (cum_[i] < target <= cum_[i+1])
      // A transfer of whole opportunities ends exactly where a segment does: compare with a
      // tolerance, or rounding would carry it past the silent segments that follow.
      const double target = cumulative(t) + bytes;
      const double tolerance = 1e-9 * std::max(1.0, target);
      const auto lb = std::lower_bound(cum_.begin(), cum_.end(), target - tolerance) - cum_.begin();
      const size_t i = static_cast<size_t>(std::max<std::ptrdiff_t>(lb - 1, 0));
      return pass * period_ + (rate_[i] > 0 ? start_[i] + (target - cum_[i]) / rate_[i] : start_[i]);
    }
    bytes -= left_in_pass;
    pass += 1;
    t = 0;
    if (!loop_)
      return pass * period_ + bytes / after_bytes_per_s;
  }
}

}  // namespace modi
