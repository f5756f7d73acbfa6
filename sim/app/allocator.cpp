#include "sim/app/allocator.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace modi::app {

std::string allocator_in_use() {
  Dl_info info{};
  // The address of malloc as this executable calls it: an interposed allocator's, not libc's.
  if (dladdr(reinterpret_cast<void*>(&std::malloc), &info) == 0 || info.dli_fname == nullptr)
    return "unknown";
  const std::string library = std::filesystem::path(info.dli_fname).filename().string();
  if (library.find("jemalloc") == std::string::npos)
    return library;
  using Mallctl = int (*)(const char*, void*, size_t*, void*, size_t);
  const auto mallctl = reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"));
  const char* version = nullptr;
  size_t size = sizeof version;
  if (mallctl != nullptr && mallctl("version", &version, &size, nullptr, 0) == 0 && version != nullptr)
    return std::string("jemalloc ") + version;
  return "jemalloc";
}

}  // namespace modi::app
