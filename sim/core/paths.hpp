// Path checks for user-given paths: a path the OS rejects (too long, not permitted) is simply
// not a file, so callers report it as bad input instead of throwing filesystem_error.
#pragma once

#include <filesystem>
#include <string>

namespace modi {

inline bool is_file(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec);
}

inline bool is_dir(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

/// Why `p` cannot be read as a file ("does not exist", "is a directory", "is a FIFO", ...), or
/// "" when it is a regular file. Opening a FIFO would block forever: callers check first.
std::string why_not_a_file(const std::filesystem::path& p);

}  // namespace modi
