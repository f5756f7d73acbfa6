#include "sim/model/phone_names.hpp"

#include <fmt/format.h>

namespace modi::model {

PhoneNames::PhoneNames(const config::Scenario& s) {
  uint32_t first = 0;
  for (const auto& g : s.phones) {
    group_.push_back(g.name);
    count_.push_back(g.count);
    first_.push_back(first);
    first += g.count;
  }
}

std::string PhoneNames::name(uint32_t group, uint32_t index) const {
  const auto n = parts(group, index);
  return n.number < 0 ? std::string(n.base) : fmt::format("{}-{}", n.base, n.number);
}

csv::NumberedName PhoneNames::parts(uint32_t group, uint32_t index) const {
  if (count_[group] == 1)
    return {group_[group], -1};
  return {group_[group], static_cast<int64_t>(index - first_[group])};
}

}  // namespace modi::model
