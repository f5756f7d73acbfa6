// The directory a run writes into (--out). modisim only ever writes into a directory it created
// or one it wrote before, marked by a `.modisim-run` file: a directory holding anything else (a
// trace directory, a project folder) is refused, so no input can be overwritten by an output of
// the same name. A previous run's files are removed before the new run starts, so a run that
// then fails leaves nothing that looks complete.
#pragma once

#include <string>
#include <vector>

namespace modi::output {

inline constexpr const char* kRunMarker = ".modisim-run";

/// Every file name a run writes (and their `.partial` forms while it runs).
std::vector<std::string> run_file_names();

/// Claims `dir` for a run: creates it (with parents) or checks it is empty or marked, removes a
/// previous run's files, writes the marker. InputError (exit 2) naming --out otherwise.
void claim_run_dir(const std::string& dir);

}  // namespace modi::output
