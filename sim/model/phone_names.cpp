#include "sim/model/phone_names.hpp"

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
  return parts(group, index).str();
}

csv::NumberedName PhoneNames::parts(uint32_t group, uint32_t index) const {
  if (count_[group] == 1)
    return {group_[group], -1};
  return {group_[group], static_cast<int64_t>(index - first_[group])};
}

}  // namespace modi::model
