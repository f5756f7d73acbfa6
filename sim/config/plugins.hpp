// Loading policy plugins (policies/plugin.hpp): shared libraries named by `--plugin` or the
// scenario's `plugins:` list, opened with dlopen, checked, and their policies added to the
// registries with the file as their origin. A plugin stays loaded until the process ends.
#pragma once

#include <string>

#include "sim/core/error.hpp"

namespace modi::config {

/// Loads the plugin at `path` and registers its policies; the same file again (by its real path)
/// does nothing. Throws InputError at `where` naming the file: it is missing or not a shared
/// library for this system, has no entry point, was built for another plugin ABI, or names a
/// policy that exists already. Nothing is registered from a plugin that is refused.
void load_plugin(const std::string& path, const SourceLocation& where);

}  // namespace modi::config
