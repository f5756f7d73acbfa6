#include "policies/registry.hpp"

#include <fmt/format.h>
#include <stdexcept>

namespace modi::policy {

const ParamSpec* find_param(const std::vector<ParamSpec>& specs, const std::string& name) {
  for (const auto& p : specs)
    if (p.name == name)
      return &p;
  return nullptr;
}

Params resolve_params(const std::string& policy, const std::vector<ParamSpec>& specs, const Params& given) {
  Params out;
  for (const auto& p : specs)
    out[p.name] = p.default_value;
  for (const auto& [k, v] : given) {
    const auto* spec = find_param(specs, k);
    if (!spec) {
      std::vector<std::string> names;
      for (const auto& p : specs)
        names.push_back(p.name);
      throw std::invalid_argument(fmt::format("policy '{}' has no parameter '{}' (valid: {})", policy, k,
                                              names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
    }
    if (v < spec->min || v > spec->max)
      throw std::invalid_argument(
          fmt::format("parameter '{}' = {} is out of range [{}, {}]", k, v, spec->min, spec->max));
    out[k] = v;
  }
  return out;
}

const ParamSpec* SelectionPolicyInfo::param(const std::string& n) const { return find_param(params, n); }

Params SelectionPolicyInfo::resolve(const Params& given) const { return resolve_params(name, params, given); }

const SelectionPolicyInfo* find_selection_policy(const std::string& name) {
  for (const auto& p : selection_policies())
    if (p.name == name)
      return &p;
  return nullptr;
}

std::string selection_policy_names() {
  std::vector<std::string> names;
  for (const auto& p : selection_policies())
    names.push_back(p.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace modi::policy
