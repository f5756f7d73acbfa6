#include "sim/config/plugins.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <fmt/format.h>
#include <set>
#include <vector>

#include "policies/plugin.hpp"
#include "sim/core/paths.hpp"

namespace modi::config {
namespace {

constexpr const char* kBuiltAgainstUs = "a plugin built against this modisim's installed headers (docs/plugins.md)";

/// Holds what a plugin registers, so that all of it is checked before any of it is added.
class Collector final : public policy::PluginRegistrar {
public:
  void add(policy::SelectionPolicyInfo info) override { selection.push_back(std::move(info)); }
  void add(policy::PlacementPolicyInfo info) override { placement.push_back(std::move(info)); }
  std::vector<policy::SelectionPolicyInfo> selection;
  std::vector<policy::PlacementPolicyInfo> placement;
};

/// The library, closed again unless it is kept (a refused plugin leaves nothing behind).
class Library {
public:
  explicit Library(const std::string& file) : handle_(dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL)) {}
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
  ~Library() {
    if (handle_)
      dlclose(handle_);
  }
  void* handle() const { return handle_; }
  void keep() { handle_ = nullptr; }

private:
  void* handle_;
};

[[noreturn]] void refuse(const SourceLocation& where, const std::string& path, const std::string& what,
                         const std::string& expected = kBuiltAgainstUs) {
  throw InputError(where, fmt::format("plugin '{}': {}", printable(path, 300), what), expected);
}

/// Why these policies cannot join registry `r` ("" when they can).
template <class Info, class Registry>
std::string clash(const std::vector<Info>& infos, const Registry& r) {
  std::set<std::string> seen;
  for (const auto& i : infos) {
    if (i.name.empty() || !i.make)
      return fmt::format("a {} policy without a name or a factory", r.kind());
    if (const auto* old = r.find(i.name))
      return fmt::format("{} policy '{}' exists already ({})", r.kind(), printable(i.name), old->origin);
    if (!seen.insert(i.name).second)
      return fmt::format("{} policy '{}' is registered twice", r.kind(), printable(i.name));
  }
  return "";
}

template <class Info, class Registry>
void add_all(std::vector<Info>& infos, Registry& r, const std::string& origin) {
  for (auto& i : infos) {
    i.origin = origin;
    r.add(std::move(i));
  }
}

const policy::PluginDescriptor* descriptor(const Library& lib, const SourceLocation& where, const std::string& path) {
  void* entry = dlsym(lib.handle(), MODISIM_PLUGIN_ENTRY);
  if (!entry)
    refuse(where, path, fmt::format("no entry point '{}'", MODISIM_PLUGIN_ENTRY),
           "a plugin that defines it with MODISIM_PLUGIN (policies/plugin.hpp)");
  const auto* d = reinterpret_cast<const policy::PluginDescriptor* (*)()>(entry)();
  if (!d)
    refuse(where, path, "its entry point returned nothing");
  if (d->abi != MODISIM_PLUGIN_ABI)
    refuse(where, path, fmt::format("built for plugin ABI {}, this modisim takes ABI {}", d->abi, MODISIM_PLUGIN_ABI),
           "the plugin rebuilt against this modisim's installed headers");
  if (d->layout != policy::plugin_layout() || !d->register_policies)
    refuse(where, path, "its policy structs differ from this modisim's (other compiler flags or headers)",
           "the plugin rebuilt with this modisim's headers and flags (target modisim::plugin)");
  return d;
}

std::set<std::string>& loaded_files() {
  static std::set<std::string> files;
  return files;
}

}  // namespace

void load_plugin(const std::string& path, const SourceLocation& where) {
  if (const auto why = why_not_a_file(path); !why.empty())
    refuse(where, path, "it " + why, "a shared library (.so) file");
  std::error_code ec;
  const auto real = std::filesystem::canonical(path, ec).string();
  if (ec)
    refuse(where, path, ec.message(), "a readable shared library (.so) file");
  if (loaded_files().count(real))
    return;
  Library lib(real);
  if (!lib.handle())
    refuse(where, path, fmt::format("cannot load it: {}", one_line(dlerror())), "a shared library for this system");
  const auto* d = descriptor(lib, where, path);
  Collector got;
  try {
    d->register_policies(got);
  } catch (const std::exception& e) {
    refuse(where, path, fmt::format("its registration failed: {}", one_line(e.what())));
  }
  if (got.selection.empty() && got.placement.empty())
    refuse(where, path, "it registers no policy", "a plugin that adds at least one selection or placement policy");
  for (const auto& why : {clash(got.selection, policy::selection_policies()), clash(got.placement, policy::placement_policies())})
    if (!why.empty())
      refuse(where, path, why, "policy names of its own");
  add_all(got.selection, policy::selection_policies(), path);
  add_all(got.placement, policy::placement_policies(), path);
  lib.keep();
  loaded_files().insert(real);
}

}  // namespace modi::config
