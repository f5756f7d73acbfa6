// One registry template for both kinds of policy (selection and placement): a name, a one-line
// help, declared parameters and a factory per policy. The built-in policies are added by one
// explicit list (builtin.cpp); plugins add theirs at load time. `modisim list`, the config
// loader and the README's policy tables all read the registries.
#pragma once

#include <deque>
#include <fmt/format.h>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "policies/params.hpp"

namespace modi::policy {

template <class Policy>
struct PolicyInfo {
  std::string name;
  std::string help;
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<Policy>(const Params&)> make;
  bool needs_hindsight = false;     ///< selection: the engine fills the hindsight_* fields (oracle)
  std::string origin = "built-in";  ///< built-in, or the plugin file that registered it

  Params resolve(const Params& given) const { return resolve_params(name, params, given); }
  const ParamSpec* param(const std::string& n) const { return find_param(params, n); }
};

template <class Policy>
class Registry {
public:
  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  /// Adds a policy; throws std::invalid_argument for an empty or already registered name.
  const PolicyInfo<Policy>& add(PolicyInfo<Policy> info) {
    if (info.name.empty() || !info.make)
      throw std::invalid_argument(fmt::format("a {} policy needs a name and a factory", kind_));
    if (find(info.name))
      throw std::invalid_argument(fmt::format("{} policy '{}' is already registered", kind_, info.name));
    list_.push_back(std::move(info));
    return list_.back();
  }
  const PolicyInfo<Policy>* find(std::string_view name) const {
    for (const auto& p : list_)
      if (p.name == name)
        return &p;
    return nullptr;
  }
  /// The policy with that name; throws std::invalid_argument listing the valid names.
  const PolicyInfo<Policy>& get(std::string_view name) const {
    if (const auto* p = find(name))
      return *p;
    throw std::invalid_argument(fmt::format("unknown {} policy '{}' (valid: {})", kind_, name, names()));
  }
  /// In registration order; a deque, so pointers from find() stay valid as plugins add more.
  const std::deque<PolicyInfo<Policy>>& all() const { return list_; }
  std::string names() const {
    std::vector<std::string_view> v;
    for (const auto& p : list_)
      v.push_back(p.name);
    return fmt::format("{}", fmt::join(v, ", "));
  }
  const std::string& kind() const { return kind_; }

private:
  std::string kind_;
  std::deque<PolicyInfo<Policy>> list_;
};

class SelectionPolicy;
class PlacementPolicy;
using SelectionPolicyInfo = PolicyInfo<SelectionPolicy>;
using PlacementPolicyInfo = PolicyInfo<PlacementPolicy>;
using SelectionRegistry = Registry<SelectionPolicy>;
using PlacementRegistry = Registry<PlacementPolicy>;

/// The registries, holding the built-in policies (builtin.cpp) and whatever plugins added.
SelectionRegistry& selection_policies();
PlacementRegistry& placement_policies();

}  // namespace modi::policy
