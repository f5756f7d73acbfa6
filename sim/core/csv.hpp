// CSV in one place: an RFC 4180 reader that reports file:line:column for bad cells, and a
// buffered writer that quotes when needed and prints doubles in the shortest form that
// round-trips (fmt's "{}"), never std::to_string.
#pragma once

#include <cstdint>
#include <cstdio>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"

namespace modi::csv {

struct Row {
  int line = 0;  ///< 1-based line in the file
  std::vector<std::string> cells;
};

/// A parsed CSV file with a header. Cells are accessed by column name with typed getters that
/// throw InputError naming file, line, column and key.
class Table {
public:
  static Table read_file(const std::string& path);
  static Table parse(std::string_view text, const std::string& name);

  const std::string& name() const { return name_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<Row>& rows() const { return rows_; }
  bool has_column(std::string_view col) const;
  /// Throws unless every listed column is present.
  void require_columns(const std::vector<std::string>& cols) const;

  const std::string& cell(const Row& row, std::string_view col) const;
  std::string text(const Row& row, std::string_view col) const;  ///< non-empty
  double number(const Row& row, std::string_view col) const;
  /// Empty cell gives `fallback`.
  double number_or(const Row& row, std::string_view col, double fallback) const;
  [[noreturn]] void fail(const Row& row, std::string_view col, const std::string& what,
                         const std::string& expected = "") const;

private:
  size_t index(std::string_view col) const;
  std::string name_;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

/// A name made of a base and a number, "base-7" (number < 0: the base alone), written without
/// building a string (phone names, one per request row).
struct NumberedName {
  std::string_view base;
  int64_t number = -1;
  std::string str() const;  ///< as one string
};

class RecentDoubles;

/// Buffered writer. Call `cell(...)` for each field, then `end_row()`.
class Writer {
public:
  explicit Writer(const std::string& path);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void header(const std::vector<std::string>& names);
  Writer& cell(std::string_view s);
  Writer& cell(const char* s) { return cell(std::string_view(s)); }
  Writer& cell(const std::string& s) { return cell(std::string_view(s)); }
  Writer& cell(double x);
  /// An empty cell for a value with no sample (never a made-up zero).
  Writer& cell(const std::optional<double>& x) { return x ? cell(*x) : cell(std::string_view()); }
  Writer& cell(int64_t x);
  Writer& cell(uint64_t x);
  Writer& cell(int x) { return cell(static_cast<int64_t>(x)); }
  Writer& cell(bool b) { return cell(static_cast<int64_t>(b ? 1 : 0)); }
  Writer& cell(const NumberedName& n);
  void end_row();
  void close();  ///< flush and close; throws on I/O error

private:
  void sep();
  void flush_if_big();
  std::FILE* file_ = nullptr;
  std::string path_;
  fmt::memory_buffer buf_;
  std::unique_ptr<RecentDoubles> recent_;  ///< texts of doubles written lately
  bool first_ = true;
};

/// Shortest round-trip representation of a double ("nan"/"inf" never expected in outputs).
std::string format_double(double x);

}  // namespace modi::csv
