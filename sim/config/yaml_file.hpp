// Reading a YAML file as bad-input-aware code wants it: exactly one document, no NUL bytes, no
// duplicate keys, nesting within bounds; parse errors and unreadable files become InputError
// with FILE:LINE:COL.
#pragma once

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "sim/core/error.hpp"

namespace modi {

/// Deepest nesting of mappings and lists a scenario or sweep file may use.
inline constexpr int kMaxYamlDepth = 64;

/// `what` names the file's role in messages ("scenario", "sweep").
YAML::Node load_yaml_file(const std::string& path, const std::string& what);

/// The same checks on text already in memory (`name` is used in messages).
YAML::Node load_yaml_text(const std::string& text, const std::string& name);

/// A YAML structure error (a value of an unexpected shape) as bad input.
InputError yaml_structure_error(const std::string& path, const YAML::Exception& e, const std::string& expected);

}  // namespace modi
