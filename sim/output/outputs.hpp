// Every output file's columns, declared once (see columns.hpp). The recorder writes with these
// lists; `modisim list --outputs` and docs/outputs.md are generated from them.
#pragma once

#include <vector>

#include "sim/output/columns.hpp"
#include "sim/output/rows.hpp"

namespace modi::output {

const std::vector<Column<RequestRow>>& request_columns();
const std::vector<Column<Summary>>& summary_columns();
const std::vector<Column<PhoneReport>>& phone_columns();
const std::vector<Column<ServerRow>>& server_columns();
const std::vector<Column<PushRow>>& push_columns();
const std::vector<Column<StatsRow>>& stats_columns();

/// Documentation of every file a run writes, in the order of docs/outputs.md.
std::vector<FileDoc> output_docs();

}  // namespace modi::output
