// Policy plugins: selection and placement policies in a shared library that modisim loads at
// start (`--plugin FILE`, or the scenario's `plugins:` list) without being rebuilt. A plugin
// defines its policies like the built-in ones (policies/selection/*.cpp) and registers them once:
//
//   #include "policies/plugin.hpp"
//   MODISIM_PLUGIN(registrar) { registrar.add(my_policy_info()); }
//
// It is built against the installed headers (find_package(modisim), target modisim::plugin) and
// resolves the helpers it calls (most_accurate_within, best_effort, ...) from the modisim
// executable. docs/plugins.md has the whole recipe.
#pragma once

#include <cstdint>

#include "policies/placement.hpp"
#include "policies/selection.hpp"

/// Raised whenever what a plugin shares with modisim changes meaning (the policy interfaces, the
/// context and decision structs, the registrar). A plugin built for another value is refused.
#define MODISIM_PLUGIN_ABI 1

namespace modi::policy {

/// What a plugin's entry point is given: it adds the plugin's policies to modisim's registries
/// (their origin is the plugin file). Names must be new; a clash refuses the whole plugin.
class PluginRegistrar {
public:
  virtual void add(SelectionPolicyInfo info) = 0;
  virtual void add(PlacementPolicyInfo info) = 0;

protected:
  ~PluginRegistrar() = default;
};

/// A fingerprint of the sizes of everything a plugin and modisim exchange: a plugin compiled with
/// other flags (another std::string ABI, debug containers) would read them wrongly.
constexpr uint32_t plugin_layout() {
  uint32_t h = 2166136261u;  // FNV-1a over the sizes
  for (const auto n : {sizeof(SelectionContext), sizeof(SiteOption), sizeof(ModelOption), sizeof(SelectionDecision),
                       sizeof(FallbackContext), sizeof(OnDemandContext), sizeof(Completion), sizeof(PlacementContext),
                       sizeof(PlacementPlan), sizeof(SelectionPolicyInfo), sizeof(PlacementPolicyInfo),
                       sizeof(ParamSpec), sizeof(Params)}) {
    h ^= static_cast<uint32_t>(n);
    h *= 16777619u;
  }
  return h;
}

/// What the entry point returns. Plain C layout, `abi` first for good: modisim reads it before it
/// trusts anything else the plugin says.
struct PluginDescriptor {
  uint32_t abi;                                 ///< MODISIM_PLUGIN_ABI of the plugin's headers
  uint32_t layout;                              ///< plugin_layout() as the plugin was compiled
  void (*register_policies)(PluginRegistrar&);  ///< adds the plugin's policies
};

}  // namespace modi::policy

/// The one symbol modisim looks up in a plugin.
#define MODISIM_PLUGIN_ENTRY "modisim_plugin"

/// Defines the plugin's entry point; the body registers its policies with `registrar`.
#define MODISIM_PLUGIN(registrar)                                                                          \
  static void modisim_plugin_register(::modi::policy::PluginRegistrar& registrar);                         \
  extern "C" __attribute__((visibility("default"))) const ::modi::policy::PluginDescriptor* modisim_plugin() { \
    static const ::modi::policy::PluginDescriptor d{MODISIM_PLUGIN_ABI, ::modi::policy::plugin_layout(),     \
                                                    &modisim_plugin_register};                             \
    return &d;                                                                                              \
  }                                                                                                         \
  static void modisim_plugin_register(::modi::policy::PluginRegistrar& registrar)
