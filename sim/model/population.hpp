// The scenario's phones and servers as runtime state at time zero: names, cells, stores with
// their initial models, loaded models, batteries and radios.
#pragma once

#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/model/catalog.hpp"
#include "sim/model/mobility.hpp"
#include "sim/model/phone.hpp"
#include "sim/model/phone_names.hpp"
#include "sim/model/server_state.hpp"
#include "sim/model/topology.hpp"

namespace modi::model {

std::vector<Phone> make_phones(const config::Scenario& s, const Topology& t);
std::vector<ServerState> make_servers(const config::Scenario& s, const Topology& t, const Catalog& catalog);
/// The moves of the scenario's mobility trace (InputError with FILE:LINE for unknown names).
std::vector<Move> load_moves(const config::Scenario& s, const Topology& t, const std::vector<Phone>& phones);
/// Reads every input a run reads after the scenario itself (request and mobility traces) and
/// builds the plain world, without SimGrid: what `modisim validate` checks beyond the scenario,
/// so validate rejects exactly what run would. Throws InputError.
void check_run_inputs(const config::Scenario& s);

}  // namespace modi::model
