// docs/outputs.md, generated from the output column declarations (`modisim list --outputs
// --markdown`), and its machine-readable form (`--json`).
#pragma once

#include <string>

namespace modi::output {

std::string outputs_markdown();
std::string outputs_text();
/// The same as JSON ({"files": [{"file", "help", "columns": [{"name", "kind", "unit", "help"}]}]}),
/// shipped with the Python package as python/modisim/outputs.json.
std::string outputs_json();

}  // namespace modi::output
