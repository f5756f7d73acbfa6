// Output columns declared once: each CSV file is a list of (name, unit, meaning, getter), from
// which the header, every row and the documentation (docs/outputs.md, `modisim list --outputs`)
// are made. A column cannot be written without being documented.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/csv.hpp"

namespace modi::output {

/// What a column's cells hold: text, an integer, a real number, or a 0/1 flag. Any kind may
/// have empty cells where a column's help says so (no value, never a made-up zero).
enum class Kind { text, integer, real, flag };
inline std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::integer: return "integer";
    case Kind::real: return "real";
    case Kind::flag: return "flag";
    case Kind::text: break;
  }
  return "text";
}

template <class Row>
struct Column {
  std::string_view name;
  std::string_view unit;  ///< "s", "J", "bytes", "fraction", ... ("" for names and counts)
  Kind kind;
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
  std::string name, unit;
  Kind kind;
  std::string help;
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
    d.columns.push_back({std::string(c.name), std::string(c.unit), c.kind, std::string(c.help)});
  return d;
}

}  // namespace modi::output
