// Phone instance names ("group" for a group of one, "group-i" otherwise), computed when needed
// instead of stored per phone: at a million phones the strings would cost more than the phones.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/core/csv.hpp"

namespace modi::model {

class PhoneNames {
public:
  explicit PhoneNames(const config::Scenario& s);
  /// The name of phone `index` of group `group`.
  std::string name(uint32_t group, uint32_t index) const;
  /// The same as its parts (written into a CSV cell without a string of its own).
  csv::NumberedName parts(uint32_t group, uint32_t index) const;

private:
  std::vector<std::string> group_;
  std::vector<uint32_t> count_, first_;
};

}  // namespace modi::model
