// Reading a YAML file as bad-input-aware code wants it: parse errors and unreadable files become
// InputError with FILE:LINE:COL. Header-only (the core library does not link yaml-cpp).
#pragma once

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <string>

#include "sim/core/error.hpp"

namespace modi {

/// `what` names the file's role in messages ("scenario", "sweep").
inline YAML::Node load_yaml_file(const std::string& path, const std::string& what) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    throw InputError({path, e.mark.line + 1, e.mark.column + 1, ""}, fmt::format("malformed YAML: {}", e.msg),
                     "valid YAML");
  } catch (const YAML::BadFile&) {
    throw InputError({path, 0, 0, ""}, fmt::format("cannot read the {} file", what), "an existing YAML file");
  }
}

/// A YAML structure error (a value of an unexpected shape) as bad input.
inline InputError yaml_structure_error(const std::string& path, const YAML::Exception& e, const std::string& expected) {
  return InputError({path, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1, ""},
                    fmt::format("unexpected YAML structure: {}", e.msg), expected);
}

}  // namespace modi
