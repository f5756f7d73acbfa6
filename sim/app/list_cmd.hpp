// `modisim list`: policies with their parameters, the trace set's devices, networks and servers;
// `--keys` every scenario key, `--outputs` every output column, `--simgrid` the SimGrid options a
// run takes, `--markdown` as the docs, `--outputs --json` the columns for programs.
#pragma once

#include <string>

namespace modi::app {

struct ListOptions {
  std::string traces_dir;
  bool keys = false;
  bool outputs = false;
  bool policies = false;
  bool simgrid = false;
  bool markdown = false;
  bool json = false;  ///< --outputs only
};

int cmd_list(const ListOptions& o);

}  // namespace modi::app
