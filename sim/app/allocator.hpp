// Which malloc serves this process, for run.yaml's provenance: the build links jemalloc by default
// (CMake option MODISIM_ALLOCATOR), a sanitized build has its sanitizer's, and LD_PRELOAD may
// bring another. Read at run time, so the line states what ran, not what was configured.
#pragma once

#include <string>

namespace modi::app {

/// "jemalloc <version>" when jemalloc serves malloc, else the file name of the library that does
/// (libc.so.6 for glibc, libasan.so.8 in GCC's sanitized build), "built into <executable>" when
/// the executable holds its own (a static sanitizer runtime), or "unknown".
std::string allocator_in_use();

}  // namespace modi::app
