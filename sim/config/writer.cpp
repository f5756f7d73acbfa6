// The resolved scenario as YAML: every default filled in, units written explicitly, loadable
// again with `modisim run run.yaml` (the provenance block is ignored on input).
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "sim/config/scenario.hpp"
#include "sim/core/csv.hpp"

namespace modi::config {
namespace {

std::string num(double x) { return csv::format_double(x); }
std::string secs(double x) { return num(x) + "s"; }
std::string bytes(double x) { return num(x) + "B"; }
std::string bps(double x) { return num(x) + "bps"; }

void names(YAML::Emitter& out, const char* key, const std::vector<std::string>& v) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& s : v)
    out << s;
  out << YAML::EndSeq;
}

}  // namespace

std::string to_yaml(const Scenario& s, const std::vector<std::pair<std::string, std::string>>& provenance) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "provenance" << YAML::Value << YAML::BeginMap;
  for (const auto& [k, v] : provenance)
    out << YAML::Key << k << YAML::Value << v;
  out << YAML::EndMap;

  out << YAML::Key << "traces" << YAML::Value << s.traces_dir;

  const auto& c = s.simulation;
  out << YAML::Key << "simulation" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "seed" << YAML::Value << c.seed;
  out << YAML::Key << "duration" << YAML::Value << secs(c.duration_s);
  out << YAML::Key << "end" << YAML::Value << secs(c.end_s);
  out << YAML::Key << "network_model" << YAML::Value << c.network_model;
  out << YAML::Key << "crosstraffic" << YAML::Value << c.crosstraffic;
  out << YAML::Key << "network_ewma_alpha" << YAML::Value << num(c.network_ewma_alpha);
  out << YAML::EndMap;

  out << YAML::Key << "selection" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "policy" << YAML::Value << s.selection.policy;
  out << YAML::Key << "params" << YAML::Value << YAML::BeginMap;
  const auto* info = policy::selection_policies().find(s.selection.policy);
  for (const auto& [k, v] : s.selection.params.texts())
    out << YAML::Key << k << YAML::Value << v;
  for (const auto& [k, v] : s.selection.params.numbers()) {
    const auto* spec = info ? info->param(k) : nullptr;
    out << YAML::Key << k << YAML::Value;
    if (spec && spec->type == policy::ParamSpec::Type::BOOL)
      out << (v != 0);
    else
      out << num(v);
  }
  out << YAML::EndMap << YAML::EndMap;

  const auto& ts = *s.traces;
  auto model_names = [&](const std::vector<ModelId>& ids) {
    std::vector<std::string> v;
    v.reserve(ids.size());
    for (auto id : ids)
      v.push_back(ts.models()[id].name);
    return v;
  };

  out << YAML::Key << "edges" << YAML::Value << YAML::BeginSeq;
  for (const auto& e : s.edges) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << e.name;
    out << YAML::Key << "count" << YAML::Value << e.count;
    out << YAML::Key << "server" << YAML::Value << e.server;
    out << YAML::Key << "cores" << YAML::Value << e.cores;
    out << YAML::Key << "speed" << YAML::Value << num(e.speed);
    out << YAML::Key << "storage" << YAML::Value << bytes(e.storage_bytes);
    out << YAML::Key << "memory" << YAML::Value << bytes(e.memory_bytes);
    names(out, "models", model_names(e.model_ids));
    names(out, "preloaded", model_names(e.preloaded_ids));
    out << YAML::Key << "backhaul_bandwidth" << YAML::Value << bps(e.backhaul_bandwidth_bps);
    out << YAML::Key << "backhaul_latency" << YAML::Value << secs(e.backhaul_latency_s);
    if (!e.parent.empty())
      out << YAML::Key << "parent" << YAML::Value << e.parent;
    out << YAML::Key << "wan_bandwidth" << YAML::Value << bps(e.wan_bandwidth_bps);
    out << YAML::Key << "wan_latency" << YAML::Value << secs(e.wan_latency_s);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  out << YAML::Key << "cells" << YAML::Value << YAML::BeginSeq;
  for (const auto& cell : s.cells) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << cell.name;
    out << YAML::Key << "count" << YAML::Value << cell.count;
    out << YAML::Key << "network" << YAML::Value << cell.network;
    out << YAML::Key << "edge" << YAML::Value << cell.edge;
    out << YAML::Key << "uplink_capacity" << YAML::Value << bps(cell.uplink_capacity_bps);
    out << YAML::Key << "downlink_capacity" << YAML::Value << bps(cell.downlink_capacity_bps);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  const auto& cl = s.cloud;
  out << YAML::Key << "cloud" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "enabled" << YAML::Value << cl.enabled;
  out << YAML::Key << "server" << YAML::Value << cl.server;
  out << YAML::Key << "cores" << YAML::Value << cl.cores;
  out << YAML::Key << "speed" << YAML::Value << num(cl.speed);
  names(out, "models", model_names(cl.model_ids));
  out << YAML::Key << "wan_bandwidth" << YAML::Value << bps(cl.wan_bandwidth_bps);
  out << YAML::Key << "wan_latency" << YAML::Value << secs(cl.wan_latency_s);
  out << YAML::EndMap;

  if (!s.task_aliases.empty()) {
    out << YAML::Key << "catalog" << YAML::Value << YAML::BeginMap << YAML::Key << "task_aliases" << YAML::Value
        << YAML::BeginMap;
    for (const auto& [alias, task] : s.task_aliases)
      out << YAML::Key << alias << YAML::Value << task;
    out << YAML::EndMap << YAML::EndMap;
  }

  const auto& mm = s.management;
  auto placement = [&](const char* key, const PlacementConfig& pc) {
    out << YAML::Key << key << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "policy" << YAML::Value << pc.policy;
    out << YAML::Key << "params" << YAML::Value << YAML::BeginMap;
    for (const auto& [k, v] : pc.params.numbers())
      out << YAML::Key << k << YAML::Value << num(v);
    for (const auto& [k, v] : pc.params.texts())
      out << YAML::Key << k << YAML::Value << v;
    out << YAML::EndMap << YAML::EndMap;
  };
  out << YAML::Key << "model_management" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "stats_period" << YAML::Value << secs(mm.stats_period_s);
  out << YAML::Key << "placement_period" << YAML::Value << secs(mm.placement_period_s);
  out << YAML::Key << "stats_size" << YAML::Value << bytes(mm.stats_bytes);
  placement("phones", mm.phones);
  placement("edges", mm.edges);
  out << YAML::Key << "on_demand" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "enabled" << YAML::Value << mm.on_demand;
  out << YAML::Key << "while_downloading" << YAML::Value << (mm.wait_for_download ? "wait" : "offload");
  out << YAML::EndMap << YAML::EndMap;

  if (!s.updates.empty()) {
    out << YAML::Key << "model_updates" << YAML::Value << YAML::BeginSeq;
    for (const auto& u : s.updates)
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "at" << YAML::Value << secs(u.at_s) << YAML::Key << "model"
          << YAML::Value << u.model << YAML::Key << "top1" << YAML::Value << num(u.top1) << YAML::EndMap;
    out << YAML::EndSeq;
  }

  out << YAML::Key << "mobility" << YAML::Value << YAML::BeginMap;
  switch (s.mobility.kind) {
    case MobilityConfig::Kind::NONE:
      out << YAML::Key << "kind" << YAML::Value << "none";
      break;
    case MobilityConfig::Kind::TRACE:
      out << YAML::Key << "kind" << YAML::Value << "trace" << YAML::Key << "file" << YAML::Value << s.mobility.trace_file;
      break;
    case MobilityConfig::Kind::RANDOM:
      out << YAML::Key << "kind" << YAML::Value << "random" << YAML::Key << "dwell_mean" << YAML::Value
          << secs(s.mobility.dwell_mean_s);
      break;
  }
  out << YAML::Key << "in_flight" << YAML::Value << (s.mobility.fail_in_flight ? "fail" : "complete");
  out << YAML::EndMap;

  out << YAML::Key << "faults" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "detection_delay" << YAML::Value << secs(s.faults.detection_delay_s);
  out << YAML::Key << "request_timeout" << YAML::Value << secs(s.faults.request_timeout_s);
  out << YAML::Key << "periods" << YAML::Value << YAML::BeginSeq;
  for (const auto& p : s.faults.periods) {  // resolved windows: random and trace periods replay exactly
    out << YAML::BeginMap << YAML::Key << "target" << YAML::Value << p.target_name;
    if (p.bandwidth_factor > 0)
      out << YAML::Key << "bandwidth_factor" << YAML::Value << num(p.bandwidth_factor);
    out << YAML::Key << "windows" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& [a, b] : p.intervals)
      out << YAML::Flow << YAML::BeginSeq << secs(a) << secs(b) << YAML::EndSeq;
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;

  out << YAML::Key << "phones" << YAML::Value << YAML::BeginSeq;
  for (const auto& g : s.phones) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << g.name;
    out << YAML::Key << "count" << YAML::Value << g.count;
    out << YAML::Key << "device" << YAML::Value << g.device;
    out << YAML::Key << "cell" << YAML::Value << g.cell;
    out << YAML::Key << "storage" << YAML::Value << bytes(g.storage_bytes);
    out << YAML::Key << "memory" << YAML::Value << bytes(g.memory_bytes);
    out << YAML::Key << "battery" << YAML::Value << num(g.battery_fraction);
    out << YAML::Key << "battery_capacity" << YAML::Value << (num(g.battery_capacity_j) + "J");
    out << YAML::Key << "screen" << YAML::Value << g.screen_on;
    names(out, "models", model_names(g.model_ids));
    out << YAML::Key << "apps" << YAML::Value << YAML::BeginSeq;
    for (const auto& a : g.apps) {
      out << YAML::BeginMap;
      out << YAML::Key << "name" << YAML::Value << a.name;
      out << YAML::Key << "task" << YAML::Value << a.task;
      out << YAML::Key << "accuracy_need" << YAML::Value << num(a.accuracy_need);
      out << YAML::Key << "deadline" << YAML::Value << secs(a.deadline_s);
      out << YAML::Key << "input_size" << YAML::Value << bytes(a.input_bytes);
      out << YAML::Key << "output_size" << YAML::Value << bytes(a.output_bytes);
      out << YAML::Key << "arrival" << YAML::Value << YAML::BeginMap;
      if (a.arrival.kind == ArrivalConfig::Kind::POISSON) {
        out << YAML::Key << "kind" << YAML::Value << "poisson";
        out << YAML::Key << "rate" << YAML::Value << (num(a.arrival.rate_per_s) + "/s");
        out << YAML::Key << "max_requests" << YAML::Value << a.arrival.max_requests;
      } else if (a.arrival.kind == ArrivalConfig::Kind::PERIODIC) {
        out << YAML::Key << "kind" << YAML::Value << "periodic";
        out << YAML::Key << "interval" << YAML::Value << secs(a.arrival.interval_s);
        out << YAML::Key << "offset" << YAML::Value << secs(a.arrival.offset_s);
        out << YAML::Key << "max_requests" << YAML::Value << a.arrival.max_requests;
      } else {
        out << YAML::Key << "kind" << YAML::Value << "trace";
        out << YAML::Key << "file" << YAML::Value << a.arrival.trace_file;
      }
      out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace modi::config
