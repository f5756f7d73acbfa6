#include "sim/model/phone.hpp"

#include <algorithm>

namespace modi::model {

bool Phone::is_downloading(ModelId m) const {
  return std::find(downloading.begin(), downloading.end(), m) != downloading.end();
}

}  // namespace modi::model
