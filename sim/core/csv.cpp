#include "sim/core/csv.hpp"

#include <fmt/compile.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sim/core/paths.hpp"
#include "sim/core/recent_doubles.hpp"
#include "sim/core/units.hpp"

namespace modi::csv {

Table Table::read_file(const std::string& path) {
  if (const auto why = why_not_a_file(path); !why.empty())
    throw InputError({path, 0, 0, ""}, "trace file " + why, "a readable CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError({path, 0, 0, ""}, fmt::format("cannot open trace file: {}", std::strerror(errno)),
                     "a readable CSV file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

namespace {

/// RFC 4180 records with their first line numbers; blank lines and '#' comment lines skipped.
std::vector<Row> split_records(std::string_view text, const std::string& name) {
  std::vector<Row> records;
  Row cur;
  std::string field;
  int line = 1;
  cur.line = 1;
  bool in_quotes = false, field_started = false, any = false;
  size_t i = 0;
  auto end_field = [&] {
    cur.cells.push_back(field);
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    // Skip blank lines and comment lines starting with '#'.
    const bool blank = cur.cells.size() == 1 && cur.cells[0].empty();
    const bool comment = !cur.cells.empty() && !cur.cells[0].empty() && cur.cells[0][0] == '#';
    if (!blank && !comment)
      records.push_back(std::move(cur));
    cur = Row{};
    cur.line = line;
  };
  for (; i < text.size(); ++i) {
    const char c = text[i];
    any = true;
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n')
          ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started && field.empty()) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r') {
      // tolerate CRLF
    } else if (c == '\n') {
      ++line;
      end_record();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes)
    throw InputError({name, line, 0, ""}, "unterminated quoted field", "a closing double quote");
  if (any && !(field.empty() && cur.cells.empty() && !field_started))
    end_record();
  if (const auto nul = text.find('\0'); nul != std::string_view::npos)
    throw InputError({name, 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n')), 0, ""},
                     "a NUL byte: this is not a text file", "a CSV text file");
  return records;
}

}  // namespace

Table Table::parse(std::string_view text, const std::string& name) {
  Table t;
  t.name_ = name;
  auto records = split_records(text, name);
  if (records.empty())
    throw InputError({name, 1, 1, ""}, "empty file", "a header line and data rows");
  t.header_ = std::move(records.front().cells);
  if (!t.header_.empty() && t.header_[0].rfind("\xEF\xBB\xBF", 0) == 0)  // a UTF-8 byte-order mark (spreadsheet exports)
    t.header_[0].erase(0, 3);
  for (size_t c = 0; c < t.header_.size(); ++c) {
    auto& h = t.header_[c];
    while (!h.empty() && (h.back() == ' '))
      h.pop_back();
    for (size_t d = 0; d < c; ++d)
      if (t.header_[d] == h)
        throw InputError({name, records.front().line, 0, h},
                         fmt::format("column {} repeats column {} of the header", c + 1, d + 1), "each column once");
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].cells.size() != t.header_.size())
      throw InputError({name, records[r].line, 0, ""},
                       fmt::format("row has {} fields but the header has {}", records[r].cells.size(),
                                   t.header_.size()),
                       fmt::format("{} comma-separated fields", t.header_.size()));
    t.rows_.push_back(std::move(records[r]));
  }
  return t;
}

bool Table::has_column(std::string_view col) const {
  for (const auto& h : header_)
    if (h == col)
      return true;
  return false;
}

void Table::require_columns(const std::vector<std::string>& cols) const {
  for (const auto& c : cols)
    if (!has_column(c))
      throw InputError({name_, 1, 0, c}, "missing column", fmt::format("a header with {}", fmt::join(cols, ",")));
}

size_t Table::index(std::string_view col) const {
  for (size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == col)
      return i;
  throw InputError({name_, 1, 0, std::string(col)}, "missing column");
}

const std::string& Table::cell(const Row& row, std::string_view col) const {
  return row.cells[index(col)];
}

void Table::fail(const Row& row, std::string_view col, const std::string& what, const std::string& expected) const {
  throw InputError({name_, row.line, 0, std::string(col)}, what, expected);
}

std::string Table::text(const Row& row, std::string_view col) const {
  const auto& v = cell(row, col);
  if (v.empty())
    fail(row, col, "empty cell", "a value");
  return v;
}

double Table::number(const Row& row, std::string_view col) const {
  const auto& v = cell(row, col);
  if (v.empty())
    fail(row, col, "empty cell", "a number");
  try {
    return units::parse_number(v);
  } catch (const units::UnitError& e) {
    fail(row, col, e.what(), e.expected());
  }
}

double Table::number_or(const Row& row, std::string_view col, double fallback) const {
  if (!has_column(col) || cell(row, col).empty())
    return fallback;
  return number(row, col);
}

std::string format_double(double x) {
  if (x == 0)
    return "0";  // also folds -0
  return fmt::format("{}", x);
}

Writer::Writer(const std::string& path) : path_(path), recent_(std::make_unique<RecentDoubles>()) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_)
    throw OutputError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
}

Writer::~Writer() {
  if (file_)
    std::fclose(file_);
}

void Writer::header(const std::vector<std::string>& names) {
  for (const auto& n : names)
    cell(n);
  end_row();
}

void Writer::sep() {
  if (!first_)
    buf_.push_back(',');
  first_ = false;
}

namespace {
/// One pass over the characters (string_view::find_first_of calls memchr once per character).
bool needs_quotes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; });
}
}  // namespace

Writer& Writer::cell(std::string_view s) {
  sep();
  if (!needs_quotes(s)) {
    buf_.append(s);
  } else {
    buf_.push_back('"');
    for (char c : s) {
      if (c == '"')
        buf_.push_back('"');
      buf_.push_back(c);
    }
    buf_.push_back('"');
  }
  return *this;
}

// Doubles go through RecentDoubles, integers straight to fmt. FMT_COMPILE: the same text as "{}"
// without parsing the format string at every cell (a row has some 30 numbers, a run millions of
// rows).
Writer& Writer::cell(double x) {
  sep();
  if (x == 0) {
    buf_.push_back('0');
  } else {
    const auto text = recent_->text(x);
    buf_.append(text.data(), text.data() + text.size());
  }
  return *this;
}

Writer& Writer::cell(int64_t x) {
  sep();
  fmt::format_to(fmt::appender(buf_), FMT_COMPILE("{}"), x);
  return *this;
}

std::string NumberedName::str() const {
  return number < 0 ? std::string(base) : fmt::format("{}-{}", base, number);
}

Writer& Writer::cell(const NumberedName& n) {
  if (n.number < 0 || needs_quotes(n.base))
    return cell(n.str());
  sep();
  buf_.append(n.base);
  fmt::format_to(fmt::appender(buf_), FMT_COMPILE("-{}"), n.number);
  return *this;
}

Writer& Writer::cell(uint64_t x) {
  sep();
  fmt::format_to(fmt::appender(buf_), FMT_COMPILE("{}"), x);
  return *this;
}

void Writer::end_row() {
  buf_.push_back('\n');
  first_ = true;
  flush_if_big();
}

void Writer::flush_if_big() {
  if (buf_.size() >= (1u << 20)) {
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
      throw OutputError(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    buf_.clear();
  }
}

void Writer::close() {
  if (!file_)
    return;
  if (buf_.size() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
    throw OutputError(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
  buf_.clear();
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    throw OutputError(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
  }
  file_ = nullptr;
}

}  // namespace modi::csv
