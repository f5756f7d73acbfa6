// Documentation generated from the key declarations: docs/config.md (`modisim list --keys
// --markdown`) and the plain listing of `modisim list --keys`.
#pragma once

#include <string>

namespace modi::config {

std::string keys_markdown();
std::string keys_text();

}  // namespace modi::config
