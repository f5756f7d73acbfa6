// `modisim sweep` and its per-run worker `modisim sweep-task`: processes, backends (local
// workers, Slurm job arrays, GNU parallel), progress and interruption.
#pragma once

#include <string>
#include <vector>

namespace modi::app {

struct SweepOptions {
  std::string sweep_file;
  std::string out_dir;
  unsigned jobs = 0;           ///< 0 = number of cores
  std::string backend = "local";
  std::string sshlogin = ":";  ///< GNU parallel's --sshlogin
  std::string progress = "auto";
  bool dry_run = false;        ///< check every point and list them; run nothing, write nothing
  double run_timeout_s = 0;    ///< stop a run after this long and record it failed (0: never)
  std::string baseline;        ///< PATH=VALUE: paired differences against that point (paired.csv)
  std::vector<std::string> plugins;  ///< --plugin files (loaded already); every run loads them too
};

int cmd_sweep(const SweepOptions& o);
int cmd_sweep_task(const std::string& dir, unsigned index);

}  // namespace modi::app
