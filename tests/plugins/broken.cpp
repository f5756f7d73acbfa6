// Plugins modisim must refuse before it calls into them (tests/sim/test_plugins.cpp). Built once
// per defect: BROKEN_ABI claims another plugin ABI, BROKEN_LAYOUT another struct layout,
// BROKEN_CLASH registers a name the built-ins own, BROKEN_NO_ENTRY has no entry point.
#include "policies/plugin.hpp"

#include <stdexcept>

namespace {

class Never final : public modi::policy::SelectionPolicy {
public:
  modi::policy::SelectionDecision select(const modi::policy::SelectionContext&) const override {
    throw std::logic_error("a refused plugin's policy ran");
  }
};

[[maybe_unused]] void register_never(modi::policy::PluginRegistrar& r) {
  r.add(modi::policy::SelectionPolicyInfo{
      "local", "clashes with the built-in local", {}, [](const modi::policy::Params&) { return std::make_unique<Never>(); }});
}

}  // namespace

#if defined(BROKEN_ABI) || defined(BROKEN_LAYOUT)
extern "C" __attribute__((visibility("default"))) const modi::policy::PluginDescriptor* modisim_plugin() {
#ifdef BROKEN_ABI
  static const modi::policy::PluginDescriptor d{MODISIM_PLUGIN_ABI + 1, modi::policy::plugin_layout(), &register_never};
#else
  static const modi::policy::PluginDescriptor d{MODISIM_PLUGIN_ABI, modi::policy::plugin_layout() + 1, &register_never};
#endif
  return &d;
}
#elif defined(BROKEN_CLASH)
MODISIM_PLUGIN(registrar) { register_never(registrar); }
#else
extern "C" __attribute__((visibility("default"))) int not_a_modisim_plugin() { return 1; }
#endif
