#include "sim/core/error.hpp"

#include <fmt/format.h>

#include <utility>

namespace modi {

InputError::InputError(SourceLocation where, const std::string& what, const std::string& expected)
    : std::runtime_error([&] {
        std::string msg = format_location(where);
        if (!where.key.empty())
          msg += printable(where.key, 200) + ": ";
        msg += what;
        if (!expected.empty())
          msg += " (expected " + expected + ")";
        return one_line(msg);
      }()),
      where_(std::move(where)),
      problem_(what),
      expected_(expected) {}

std::string format_location(const SourceLocation& where) {
  std::string out;
  if (!where.file.empty()) {
    out += printable(where.file, 400);
    if (where.line > 0) {
      out += fmt::format(":{}", where.line);
      if (where.col > 0)
        out += fmt::format(":{}", where.col);
    }
    out += ": ";
  }
  return out;
}

std::string printable(std::string_view text, size_t max_chars) {
  std::string out;
  size_t shown = 0;
  for (const char ch : text) {
    if (shown == max_chars)
      break;
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += ch;
    ++shown;
  }
  if (text.size() > max_chars)
    out += fmt::format("... ({} characters in all)", text.size());
  return out;
}

std::string one_line(std::string_view message) { return printable(message, 2000); }

}  // namespace modi
