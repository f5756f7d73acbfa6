// Every point of a sweep is resolved and validated before any run starts: its scenario is
// loaded with the point's overrides and every input a run reads is checked, exactly as
// `modisim validate` would. A bad point is bad input naming the sweep file's line that gives the
// offending value (or the base scenario's line, with the point named). The digests of the files
// each point reads go into the plan's run manifests.
#pragma once

#include "sim/sweep/plan.hpp"

namespace modi::app {

/// `plugins`: the sweep's --plugin files (loaded already), read by every run.
void check_points(sweep::Plan& plan, const std::vector<std::string>& plugins = {});

}  // namespace modi::app
