// The declarations of every scenario key, section by section (see schema.hpp): the only place
// where a key's name, type, default, range and meaning are written down.
#pragma once

#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/config/schema.hpp"

namespace modi::config::keys {

/// Top-level keys that are not sections.
struct Top {
  std::vector<std::string> traces;
  std::vector<std::string> plugins;
};

const std::vector<Field<Top>>& top();
const std::vector<Field<SimulationConfig>>& simulation();
const std::vector<Field<SelectionConfig>>& selection();
const std::vector<Field<EdgeGroup>>& edge();
const std::vector<Field<CloudConfig>>& cloud();
const std::vector<Field<CellGroup>>& cell();
const std::vector<Field<PhoneGroup>>& phone();
const std::vector<Field<AppConfig>>& app();
const std::vector<Field<ArrivalConfig>>& arrival();
const std::vector<Field<ModelManagementConfig>>& management();
const std::vector<Field<PlacementConfig>>& placement();
const std::vector<Field<OnDemandConfig>>& on_demand();
const std::vector<Field<ModelUpdate>>& model_update();
const std::vector<Field<MobilityConfig>>& mobility();
const std::vector<Field<FaultsConfig>>& faults();
const std::vector<Field<ProfilerConfig>>& profiler();
const std::vector<Field<FaultPeriod>>& fault_period();
const std::vector<Field<FaultPeriod::Random>>& fault_random();

/// The keys of a sweep file (modisim sweep).
struct Sweep {
  std::string base;
  uint32_t replications = 0;
  uint64_t base_seed = 0;
};
const std::vector<Field<Sweep>>& sweep();

/// Every section with its keys, in the order of docs/config.md.
std::vector<SectionDoc> all();

}  // namespace modi::config::keys
