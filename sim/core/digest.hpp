// Content digests of input files, so a sweep can tell whether a run's inputs changed and run.yaml
// can record what it read. FNV-1a over the bytes (64 bits): detects changes, not tampering.
#pragma once

#include <string>

namespace modi {

/// "fnv1a64:<16 hex digits>" of the file's bytes; InputError when it cannot be read.
std::string file_digest(const std::string& path);

}  // namespace modi
