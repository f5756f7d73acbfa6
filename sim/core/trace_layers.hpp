// Trace tables read from layers of directories: `traces: [default, my-phones/]`. Each table is
// merged over the layers by its key (a device, a model, a (device, model, phase) timing row, a
// quantile shape): a later layer's row replaces the earlier one in place, new keys are appended,
// so adding one phone is one small directory and the base layer's ids do not move. Errors name
// the file (hence the layer) that holds the bad row.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "sim/core/csv.hpp"

namespace modi {

/// One row of a merged table, with the table (file) it came from.
struct TableRow {
  const csv::Table* table = nullptr;
  const csv::Row* row = nullptr;
  const std::string& cell(std::string_view col) const { return table->cell(*row, col); }
  std::string text(std::string_view col) const { return table->text(*row, col); }
  double number(std::string_view col) const { return table->number(*row, col); }
  double number_or(std::string_view col, double fallback) const { return table->number_or(*row, col, fallback); }
  bool has(std::string_view col) const { return table->has_column(col); }
  [[noreturn]] void fail(std::string_view col, const std::string& what, const std::string& expected = "") const {
    table->fail(*row, col, what, expected);
  }
};

class TraceLayers {
public:
  /// Layer directories, base first; each must exist.
  explicit TraceLayers(std::vector<std::string> dirs);

  /// Rows of `file` merged by the `key` columns. Every layer's copy must have `columns`; the base
  /// layer must have the file when `required`.
  std::vector<TableRow> rows(const std::string& file, const std::vector<std::string>& columns,
                             const std::vector<std::string>& key, bool required = true) const;
  /// Rows of `file` merged by groups of consecutive rows sharing `group` (quantile shapes): a later
  /// layer's group replaces the whole earlier group.
  std::vector<TableRow> grouped_rows(const std::string& file, const std::vector<std::string>& columns,
                                     const std::string& group) const;
  const std::vector<std::string>& dirs() const { return dirs_; }

private:
  std::vector<const csv::Table*> copies(const std::string& file, const std::vector<std::string>& columns,
                                        bool required) const;
  std::vector<std::string> dirs_;
  mutable std::deque<csv::Table> tables_;  ///< stable storage for the rows handed out
};

}  // namespace modi
