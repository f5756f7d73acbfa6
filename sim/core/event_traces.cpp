#include "sim/core/event_traces.hpp"

#include <fmt/format.h>

namespace modi {

std::vector<NamedEvent> parse_named_events(const csv::Table& t, const std::string& subject_col,
                                           const std::string& object_col) {
  t.require_columns({"time_s", subject_col, object_col});
  std::vector<NamedEvent> out;
  double prev = 0;
  for (size_t i = 0; i < t.rows().size(); ++i) {
    const auto& row = t.rows()[i];
    NamedEvent e;
    e.row = i;
    e.time_s = t.number(row, "time_s");
    if (e.time_s < 0)
      t.fail(row, "time_s", "negative time", "a time >= 0");
    if (e.time_s < prev)
      t.fail(row, "time_s", fmt::format("time {} is before the previous row's {}", e.time_s, prev), "rows sorted by time_s");
    prev = e.time_s;
    e.subject = t.text(row, subject_col);
    e.object = t.text(row, object_col);
    e.line = row.line;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::pair<double, double>> parse_availability(const csv::Table& t, double horizon_s) {
  t.require_columns({"time_s", "up"});
  std::vector<std::pair<double, double>> down;
  double prev = 0;
  bool is_up = true;
  double down_since = 0;
  for (const auto& row : t.rows()) {
    const double time = t.number(row, "time_s");
    if (time < 0)
      t.fail(row, "time_s", "negative time", "a time >= 0");
    if (time < prev)
      t.fail(row, "time_s", fmt::format("time {} is before the previous row's {}", time, prev), "rows sorted by time_s");
    prev = time;
    const double up = t.number(row, "up");
    if (up != 0 && up != 1)
      t.fail(row, "up", fmt::format("'{}' is not 0 or 1", t.cell(row, "up")), "1 (available) or 0 (down)");
    if (is_up && up == 0) {
      down_since = time;
      is_up = false;
    } else if (!is_up && up == 1) {
      if (time > down_since)
        down.emplace_back(down_since, time);
      is_up = true;
    }
  }
  if (!is_up && horizon_s > down_since)
    down.emplace_back(down_since, horizon_s);
  return down;
}

}  // namespace modi
