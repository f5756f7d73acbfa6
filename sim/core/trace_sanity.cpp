#include "sim/core/trace_sanity.hpp"

#include <fmt/format.h>

namespace modi {

void check_plausible(const TableRow& row, const char* col, double value, const PlausibleRange& r) {
  if (value >= r.lo && value <= r.hi)
    return;
  if (row.has("intended") && !row.cell("intended").empty())
    return;
  row.fail(col, fmt::format("{:g} {} is not plausible as {}", value, r.unit, r.what),
           fmt::format("a value in [{:g}, {:g}] {}, or a non-empty `intended` cell on the row", r.lo, r.hi, r.unit));
}

}  // namespace modi
