// Errors that reach the user. InputError is bad input (config, trace, CLI): exit status 2 and
// one line `FILE:LINE:COL: key.path: what is wrong (expected ...)`. Anything else thrown out of
// the engine is a simulation failure (exit status 1).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace modi {

/// Where a bad value came from: a file (or "command line"), 1-based line and column, key path.
struct SourceLocation {
  std::string file;
  int line = 0;  ///< 1-based; 0 when unknown
  int col = 0;   ///< 1-based; 0 when unknown
  std::string key;
};

class InputError : public std::runtime_error {
public:
  InputError(SourceLocation where, const std::string& what, const std::string& expected = "");
  const SourceLocation& where() const { return where_; }
  const std::string& problem() const { return problem_; }
  const std::string& expected() const { return expected_; }

private:
  SourceLocation where_;
  std::string problem_;
  std::string expected_;
};

/// A broken invariant inside the simulator (exit status 1).
class SimulationError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Results could not be written (disk full, permissions changed under the run): exit status 1
/// with the path and the system's reason.
class OutputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

std::string format_location(const SourceLocation& where);

/// `text` fit for a one-line message: control characters escaped (\n, \x00), and cut to
/// `max_chars` with a note of the full length. Every value a message echoes goes through it.
std::string printable(std::string_view text, size_t max_chars = 80);

/// A whole message made one line of at most about 2,000 characters (the last line of defence
/// for errors from libraries and the OS).
std::string one_line(std::string_view message);

}  // namespace modi
