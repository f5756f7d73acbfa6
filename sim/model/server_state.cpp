#include "sim/model/server_state.hpp"

namespace modi::model {

void ServerState::refresh_models(const Catalog& catalog) {
  for (auto& v : models_by_task)
    v.clear();
  for (auto m : store.models())
    models_by_task[catalog.task_of(m)].push_back(m);
  ++store_epoch;
}

}  // namespace modi::model
