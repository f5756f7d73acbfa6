// The scenario loader's section readers (one small function per section) and what they share.
// Internal to sim/config: the public entry point is config::load (scenario.hpp).
#pragma once

#include <map>
#include <memory>

#include <string>
#include <vector>

#include "sim/config/scenario.hpp"
#include "sim/config/yaml_reader.hpp"

namespace modi::config::detail {

/// A scenario being read: where from, its YAML tree, and what has been read so far.
struct Reading {
  ReadContext ctx;
  YAML::Node root;
  Scenario s;
  std::map<std::string, std::shared_ptr<const BandwidthTrace>> bandwidth_traces;  ///< by file, scale and loop
  const TraceSet& ts() const { return *s.traces; }
};

/// The bandwidth trace named by `key` (empty `file`: none), resolved against the scenario and
/// loaded once per file, scale and loop; a bad file is an error at its own line.
std::shared_ptr<const BandwidthTrace> read_bandwidth_trace(Reading& r, Map& m, const char* key, std::string& file,
                                                          double scale, bool loop);

std::string valid_names(const std::vector<std::string>& v);
/// Model names (or task names and `all` when allowed) as sorted, unique ids.
std::vector<ModelId> resolve_models(Reading& r, Map& m, const std::string& key, const std::vector<std::string>& names,
                                    bool allow_all);
double total_size(const TraceSet& ts, const std::vector<ModelId>& ids);
std::vector<std::string> model_names(const TraceSet& ts, const std::vector<ModelId>& ids);
/// A policy's `params:` mapping, checked against its declared parameters (names, types, ranges).
policy::Params read_params(Reading& r, Map& params, const std::string& kind, const std::string& policy_name,
                           const std::vector<policy::ParamSpec>& specs);

void read_edges(Reading& r, Map& top);
void read_cloud(Reading& r, Map& top);
void check_tiers(Reading& r);
void read_cells(Reading& r, Map& top);
void read_phones(Reading& r, Map& top);
void read_management(Reading& r, Map& top);
void read_updates(Reading& r, Map& top);
void read_mobility(Reading& r, Map& top);
void read_faults(Reading& r, Map& top);

}  // namespace modi::config::detail
