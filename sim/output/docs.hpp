// docs/outputs.md, generated from the output column declarations (`modisim list --outputs
// --markdown`).
#pragma once

#include <string>

namespace modi::output {

std::string outputs_markdown();
std::string outputs_text();

}  // namespace modi::output
