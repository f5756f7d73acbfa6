#include "policies/params.hpp"

#include <fmt/format.h>
#include <stdexcept>

namespace modi::policy {

double Params::at(const std::string& name) const {
  const auto it = numbers_.find(name);
  if (it == numbers_.end())
    throw std::out_of_range(fmt::format("parameter '{}' is not set", name));
  return it->second;
}

const std::string& Params::text(const std::string& name) const {
  const auto it = texts_.find(name);
  if (it == texts_.end())
    throw std::out_of_range(fmt::format("parameter '{}' is not set", name));
  return it->second;
}

const ParamSpec* find_param(const std::vector<ParamSpec>& specs, const std::string& name) {
  for (const auto& p : specs)
    if (p.name == name)
      return &p;
  return nullptr;
}

namespace {

const ParamSpec& declared(const std::string& policy, const std::vector<ParamSpec>& specs, const std::string& name) {
  if (const auto* spec = find_param(specs, name))
    return *spec;
  std::vector<std::string> names;
  for (const auto& p : specs)
    names.push_back(p.name);
  throw std::invalid_argument(fmt::format("policy '{}' has no parameter '{}' (valid: {})", policy, name,
                                          names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
}

}  // namespace

Params resolve_params(const std::string& policy, const std::vector<ParamSpec>& specs, const Params& given) {
  Params out;
  for (const auto& p : specs) {
    if (p.type == ParamSpec::Type::TEXT)
      out.set_text(p.name, p.default_text);
    else
      out.set(p.name, p.default_value);
  }
  for (const auto& [k, v] : given.numbers()) {
    const auto& spec = declared(policy, specs, k);
    if (spec.type == ParamSpec::Type::TEXT)
      throw std::invalid_argument(fmt::format("parameter '{}' takes a text, not a number", k));
    if (v < spec.min || v > spec.max)
      throw std::invalid_argument(fmt::format("parameter '{}' = {} is out of range [{}, {}]", k, v, spec.min, spec.max));
    out.set(k, v);
  }
  for (const auto& [k, v] : given.texts()) {
    const auto& spec = declared(policy, specs, k);
    if (spec.type != ParamSpec::Type::TEXT)
      throw std::invalid_argument(fmt::format("parameter '{}' takes a number, not a text", k));
    out.set_text(k, v);
  }
  return out;
}

}  // namespace modi::policy
