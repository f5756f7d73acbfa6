#include "sim/core/paths.hpp"

#include <cstring>

namespace modi {

std::string why_not_a_file(const std::filesystem::path& p) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(p, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    return "cannot be read: " + ec.message();
  switch (st.type()) {
    case fs::file_type::regular:
      return "";
    case fs::file_type::not_found:
      return "does not exist";
    case fs::file_type::directory:
      return "is a directory, not a file";
    case fs::file_type::fifo:
      return "is a FIFO, not a file";
    case fs::file_type::socket:
      return "is a socket, not a file";
    case fs::file_type::block:
    case fs::file_type::character:
      return "is a device, not a file";
    default:
      return "is not a regular file";
  }
}

}  // namespace modi
