#include "sim/core/digest.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <fstream>

#include "sim/core/error.hpp"
#include "sim/core/paths.hpp"

namespace modi {

std::string file_digest(const std::string& path) {
  if (const auto why = why_not_a_file(path); !why.empty())
    throw InputError({path, 0, 0, ""}, "input file " + why, "a readable file");
  std::ifstream in(path, std::ios::binary);
  uint64_t h = 0xcbf29ce484222325ULL;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buf[i]);
      h *= 0x100000001b3ULL;
    }
  }
  if (in.bad())
    throw InputError({path, 0, 0, ""}, "input file cannot be read", "a readable file");
  return fmt::format("fnv1a64:{:016x}", h);
}

}  // namespace modi
