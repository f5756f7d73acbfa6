#include "sim/app/allocator.hpp"

#include <dlfcn.h>

#include <cstddef>
#include <filesystem>

namespace modi::app {

std::string allocator_in_use() {
  Dl_info info{};
  // The malloc the dynamic linker bound for this process: an interposer's if any, else libc's.
  void* const malloc_address = dlsym(RTLD_DEFAULT, "malloc");
  if (malloc_address == nullptr || dladdr(malloc_address, &info) == 0 || info.dli_fname == nullptr)
    return "unknown";
  const std::string file = std::filesystem::path(info.dli_fname).filename().string();
  if (file.find("jemalloc") == std::string::npos)
    return file.find(".so") == std::string::npos ? "built into " + file : file;
  using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
  const auto mallctl = reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"));
  const char* version = nullptr;
  std::size_t size = sizeof version;
  if (mallctl != nullptr && mallctl("version", &version, &size, nullptr, 0) == 0 && version != nullptr)
    return std::string("jemalloc ") + version;
  return "jemalloc";
}

}  // namespace modi::app
