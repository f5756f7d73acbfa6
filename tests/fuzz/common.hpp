// Shared helpers of the fuzz targets: a private scratch directory per process, and the rule
// that bad input may only raise modi::InputError (anything else is a bug the fuzzer reports).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace fuzz {

/// Created on first use, removed when the process exits (libFuzzer ends with exit()).
inline const std::filesystem::path& scratch() {
  struct Dir {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("modisim-fuzz-" + std::to_string(::getpid()));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

inline void write(const std::filesystem::path& p, const uint8_t* data, size_t size) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace fuzz
