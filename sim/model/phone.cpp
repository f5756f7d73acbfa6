#include "sim/model/phone.hpp"

#include <algorithm>

namespace modi::model {

bool Phone::is_downloading(ModelId m) const {
  return downloads && std::find(downloads->models.begin(), downloads->models.end(), m) != downloads->models.end();
}

std::vector<Request*> Downloads::end(ModelId m) {
  models.erase(std::find(models.begin(), models.end(), m));
  std::vector<Request*> ready;
  std::vector<std::pair<ModelId, Request*>> rest;
  for (const auto& w : waiting)
    if (w.first == m)
      ready.push_back(w.second);
    else
      rest.push_back(w);
  waiting = std::move(rest);
  return ready;
}

Downloads& Phone::downloads_made() {
  if (!downloads)
    downloads = std::make_unique<Downloads>();
  return *downloads;
}

}  // namespace modi::model
