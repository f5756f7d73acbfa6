// The unit tests' scratch directory: one per test process under the build tree, created on
// demand and removed when the process ends (main.cpp's global fixture).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace unit {

/// <build>/tests/tmp/<pid>: this process's directory (not created here).
inline std::filesystem::path scratch_root() {
  return std::filesystem::path(MODISIM_TEST_TMP) / std::to_string(::getpid());
}

/// <build>/tests/tmp/<pid>/<sub>, created (sub empty: the directory itself).
inline std::filesystem::path scratch(const std::string& sub = "") {
  auto dir = scratch_root();
  if (!sub.empty())
    dir /= sub;
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace unit
