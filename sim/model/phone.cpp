#include "sim/model/phone.hpp"

#include <algorithm>

namespace modi::model {

bool Phone::is_downloading(ModelId m) const {
  return downloads && std::find(downloads->models.begin(), downloads->models.end(), m) != downloads->models.end();
}

Downloads& Phone::downloads_made() {
  if (!downloads)
    downloads = std::make_unique<Downloads>();
  return *downloads;
}

}  // namespace modi::model
