// Parsers of the event traces a scenario can name: request arrivals (time_s,phone,app),
// mobility (time_s,phone,cell) and availability (time_s,up). They check what a file can check
// alone (columns, numbers, time order) and keep line numbers so the engine can report names
// that do not exist in the scenario as FILE:LINE errors. Fuzzed (tests/fuzz).
#pragma once

#include <string>
#include <vector>

#include "sim/core/csv.hpp"

namespace modi {

struct NamedEvent {
  double time_s = 0;
  std::string subject;  ///< phone
  std::string object;   ///< app (requests) or cell (mobility)
  int line = 0;
  size_t row = 0;  ///< index into the table's rows
};

/// CSV with time_s and the two named columns, rows sorted by time, times >= 0.
std::vector<NamedEvent> parse_named_events(const csv::Table& t, const std::string& subject_col,
                                           const std::string& object_col);

/// Availability: CSV time_s,up (1 or 0), sorted by time; returns the down intervals [from, to)
/// up to `horizon_s` (a target still down at the end stays down until the horizon).
std::vector<std::pair<double, double>> parse_availability(const csv::Table& t, double horizon_s);

}  // namespace modi
