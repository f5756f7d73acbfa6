// Policy parameters: declared once per policy (name, type, default, range, help), resolved from
// the scenario's `params:` mapping against that declaration. `modisim list` prints the
// declarations; the config loader checks names, types and ranges with them.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace modi::policy {

struct ParamSpec {
  enum class Type { NUMBER, INTEGER, BOOL, TEXT };
  std::string name;
  Type type = Type::NUMBER;
  double default_value = 0;
  double min = -1e300;
  double max = 1e300;
  std::string help;
  std::string default_text;  ///< TEXT parameters

  static ParamSpec number(std::string name, double default_value, double min, double max, std::string help) {
    return {std::move(name), Type::NUMBER, default_value, min, max, std::move(help), ""};
  }
  /// A whole number (a count); 2.5 is refused, not truncated.
  static ParamSpec integer(std::string name, int64_t default_value, int64_t min, int64_t max, std::string help) {
    return {std::move(name), Type::INTEGER, static_cast<double>(default_value), static_cast<double>(min),
            static_cast<double>(max), std::move(help), ""};
  }
  static ParamSpec boolean(std::string name, bool default_value, std::string help) {
    return {std::move(name), Type::BOOL, default_value ? 1.0 : 0.0, 0, 1, std::move(help), ""};
  }
  static ParamSpec text(std::string name, std::string default_value, std::string help) {
    return {std::move(name), Type::TEXT, 0, 0, 0, std::move(help), std::move(default_value)};
  }
};

/// Resolved parameter values: numbers (booleans as 0/1) and texts by name.
class Params {
public:
  Params() = default;
  Params(std::initializer_list<std::pair<const std::string, double>> numbers) : numbers_(numbers) {}

  /// A number; throws std::out_of_range naming the parameter when it is not set.
  double at(const std::string& name) const;
  /// A text; throws std::out_of_range naming the parameter when it is not set.
  const std::string& text(const std::string& name) const;
  void set(const std::string& name, double value) { numbers_[name] = value; }
  void set_text(const std::string& name, std::string value) { texts_[name] = std::move(value); }
  bool empty() const { return numbers_.empty() && texts_.empty(); }
  const std::map<std::string, double>& numbers() const { return numbers_; }
  const std::map<std::string, std::string>& texts() const { return texts_; }
  bool operator==(const Params&) const = default;

private:
  std::map<std::string, double> numbers_;
  std::map<std::string, std::string> texts_;
};

/// Defaults of `specs` merged with `given`; throws std::invalid_argument naming an unknown
/// parameter, a value of the wrong type or out of range.
Params resolve_params(const std::string& policy, const std::vector<ParamSpec>& specs, const Params& given);
const ParamSpec* find_param(const std::vector<ParamSpec>& specs, const std::string& name);

}  // namespace modi::policy
