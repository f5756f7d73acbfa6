// The one list of built-in policies: name, one-line help, parameters with meaning and default.
// `modisim list` prints it; the config loader checks names and parameters against it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "policies/selection.hpp"

namespace modi::policy {

struct ParamSpec {
  enum class Type { NUMBER, BOOL };
  std::string name;
  Type type = Type::NUMBER;
  double default_value = 0;
  double min = -1e300;
  double max = 1e300;
  std::string help;
};

/// Resolved parameter values (every declared parameter present).
using Params = std::map<std::string, double>;

struct SelectionPolicyInfo {
  std::string name;
  std::string help;
  std::vector<ParamSpec> params;
  bool needs_hindsight = false;  ///< the engine fills hindsight_* fields (oracle)
  std::function<std::unique_ptr<SelectionPolicy>(const Params&)> make;

  /// Defaults merged with `given`; throws std::invalid_argument naming an unknown parameter
  /// or a value out of range.
  Params resolve(const Params& given) const;
  const ParamSpec* param(const std::string& n) const;
};

/// Defaults of `specs` merged with `given`; throws std::invalid_argument naming an unknown
/// parameter or a value out of range. Shared by the selection and placement registries.
Params resolve_params(const std::string& policy, const std::vector<ParamSpec>& specs, const Params& given);
const ParamSpec* find_param(const std::vector<ParamSpec>& specs, const std::string& name);

const std::vector<SelectionPolicyInfo>& selection_policies();
const SelectionPolicyInfo* find_selection_policy(const std::string& name);
std::string selection_policy_names();  ///< "a, b, c" for error messages

}  // namespace modi::policy
