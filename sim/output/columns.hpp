// Output columns declared once: each CSV file is a list of (name, unit, meaning, getter), from
// which the header, every row and the documentation (docs/outputs.md, `modisim list --outputs`)
// are made. A column cannot be written without being documented.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/csv.hpp"

namespace modi::output {

template <class Row>
struct Column {
  std::string_view name;
  std::string_view unit;  ///< "s", "J", "bytes", "fraction", ... ("" for names and counts)
  std::string_view help;
  void (*write)(csv::Writer&, const Row&);
};

template <class Row>
std::vector<std::string> header_of(const std::vector<Column<Row>>& cols) {
  std::vector<std::string> out;
  out.reserve(cols.size());
  for (const auto& c : cols)
    out.emplace_back(c.name);
  return out;
}

template <class Row>
void write_row(csv::Writer& w, const std::vector<Column<Row>>& cols, const Row& row) {
  for (const auto& c : cols)
    c.write(w, row);
  w.end_row();
}

/// One column's documentation.
struct ColumnDoc {
  std::string name, unit, help;
};
/// One output file's documentation.
struct FileDoc {
  std::string file, help;
  std::vector<ColumnDoc> columns;
};

template <class Row>
FileDoc document(std::string file, std::string help, const std::vector<Column<Row>>& cols) {
  FileDoc d{std::move(file), std::move(help), {}};
  for (const auto& c : cols)
    d.columns.push_back({std::string(c.name), std::string(c.unit), std::string(c.help)});
  return d;
}

}  // namespace modi::output
