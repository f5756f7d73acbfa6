#include "sim/app/simgrid_flags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "sim/core/error.hpp"

namespace modi::app {

namespace {

/// A value check: returns what is wrong, or "" when the value is fine.
using Check = std::function<std::string(const std::string&)>;

struct CfgOption {
  const char* name;
  const char* values;
  const char* meaning;
  Check check;
};

bool parse_number(const std::string& v, double& out) {
  if (v.empty())
    return false;
  char* end = nullptr;
  out = std::strtod(v.c_str(), &end);
  return end == v.c_str() + v.size() && std::isfinite(out);
}

Check number_in(double lo, double hi) {
  return [lo, hi](const std::string& v) {
    double x = 0;
    if (!parse_number(v, x) || x < lo || x > hi)
      return fmt::format("'{}' is not a number in [{}, {}]", v, lo, hi);
    return std::string();
  };
}

Check whole_in(long lo, long hi) {
  return [lo, hi](const std::string& v) {
    double x = 0;
    if (!parse_number(v, x) || x != std::floor(x) || x < static_cast<double>(lo) || x > static_cast<double>(hi))
      return fmt::format("'{}' is not a whole number in [{}, {}]", v, lo, hi);
    return std::string();
  };
}

Check one_of(std::vector<std::string> choices) {
  return [choices](const std::string& v) {
    if (std::find(choices.begin(), choices.end(), v) != choices.end())
      return std::string();
    return fmt::format("'{}' is not one of {}", v, fmt::join(choices, ", "));
  };
}

const Check kBoolean = one_of({"yes", "no", "on", "off", "true", "false", "1", "0"});

/// The SimGrid 3.32 options a modisim run can take. Others are refused: SimGrid aborts on an
/// unknown name, and options such as parallel contexts or the Constant network model break the
/// simulator's assumptions (one thread; links on every route).
const std::vector<CfgOption>& cfg_options() {
  static const std::vector<CfgOption> options{
      {"network/model", "CM02, LV08, SMPI, IB", "network model (also simulation.network_model)",
       one_of({"CM02", "LV08", "SMPI", "IB"})},
      {"network/TCP-gamma", "number in [0, 1e12]", "TCP window size in bytes (0: no window limit)", number_in(0, 1e12)},
      {"network/crosstraffic", "boolean", "TCP ACK traffic (also simulation.crosstraffic)", kBoolean},
      {"network/weight-S", "number in [0, 1e9]", "RTT weight in bandwidth sharing (bytes)", number_in(0, 1e9)},
      {"network/latency-factor", "number in (0, 1e3]", "multiplies every latency", number_in(1e-9, 1e3)},
      {"network/bandwidth-factor", "number in (0, 1]", "share of the nominal bandwidth a flow can reach",
       number_in(1e-9, 1)},
      {"network/maxmin-selective-update", "boolean", "lazy updates of the sharing system", kBoolean},
      {"network/optim", "Full, Lazy", "update strategy of the network model", one_of({"Full", "Lazy"})},
      {"cpu/optim", "Full, Lazy, TI", "update strategy of the CPU model", one_of({"Full", "Lazy", "TI"})},
      {"precision/timing", "number in (0, 1e-3]", "time precision of the solver (s)", number_in(1e-15, 1e-3)},
      {"precision/work-amount", "number in (0, 1e-3]", "work precision of the solver", number_in(1e-15, 1e-3)},
      {"contexts/factory", "raw, ucontext, boost, thread", "how actors switch",
       one_of({"raw", "ucontext", "boost", "thread"})},
      {"contexts/stack-size", "whole number of KiB in [64, 1048576]", "actor stack size (default 256 KiB)",
       whole_in(64, 1048576)},
      {"contexts/guard-size", "whole number of pages in [0, 64]", "guard pages below each actor stack",
       whole_in(0, 64)},
  };
  return options;
}

void check_cfg(const std::string& flag, const std::string& body, const std::string& source) {
  const auto fail = [&](const std::string& what, const std::string& expected) {
    throw InputError({source, 0, 0, flag}, what, expected);
  };
  const auto colon = body.find(':');
  if (colon == std::string::npos)
    fail("not of the form --cfg=name:value", "--cfg=name:value, e.g. --cfg=network/TCP-gamma:0");
  const std::string name = body.substr(0, colon), value = body.substr(colon + 1);
  const auto& opts = cfg_options();
  const auto it = std::find_if(opts.begin(), opts.end(), [&](const CfgOption& o) { return name == o.name; });
  if (it == opts.end()) {
    std::vector<std::string> names;
    for (const auto& o : opts)
      names.emplace_back(o.name);
    fail(fmt::format("'{}' is not a SimGrid option modisim supports", name),
         fmt::format("one of {} (modisim list --simgrid)", fmt::join(names, ", ")));
  }
  if (const auto what = it->check(value); !what.empty())
    fail(what, it->values);
}

/// SimGrid's log control string: `category.setting:value`, where setting is a prefix of
/// threshold, additivity, appender or fmt (xbt/log.cpp parses it this way and aborts otherwise).
void check_log(const std::string& flag, const std::string& body, const std::string& source) {
  const auto fail = [&](const std::string& what, const std::string& expected) {
    throw InputError({source, 0, 0, flag}, what, expected);
  };
  if (body == "no_loc")
    return;
  const auto dot = body.find_first_of(".:= ");
  const auto sep = body.find_first_of(":=", dot == std::string::npos ? 0 : dot);
  if (dot == std::string::npos || body[dot] != '.' || sep == std::string::npos || dot == 0)
    fail("not of the form --log=category.setting:value", "e.g. --log=root.thres:warning");
  const std::string category = body.substr(0, dot), setting = body.substr(dot + 1, sep - dot - 1);
  const std::string value = body.substr(sep + 1);
  if (!std::all_of(category.begin(), category.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
    fail(fmt::format("'{}' is not a log category name", category), "letters, digits and _ (e.g. root, ker_actor)");
  const auto is_prefix = [&](const char* full) { return !setting.empty() && std::string(full).rfind(setting, 0) == 0; };
  std::string lower = value;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (is_prefix("threshold")) {
    if (!one_of({"trace", "debug", "verbose", "info", "warning", "error", "critical"})(lower).empty())
      fail(fmt::format("'{}' is not a log level", value), "trace, debug, verbose, info, warning, error or critical");
  } else if (is_prefix("appender")) {
    const bool file = value.rfind("file:", 0) == 0 || value.rfind("rollfile:", 0) == 0 || value.rfind("splitfile:", 0) == 0;
    if (!file && value != "stderr" && value != "stdout")
      fail(fmt::format("'{}' is not a log appender", value), "stdout, stderr or file:PATH");
  } else if (!is_prefix("additivity") && !is_prefix("fmt")) {
    fail(fmt::format("'{}' is not a log setting", setting), "thres(hold), add(itivity), app(ender) or fmt");
  }
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  size_t i = 0;
  while ((i = text.find_first_not_of(' ', i)) != std::string::npos) {
    const auto j = text.find(' ', i);
    words.push_back(text.substr(i, j - i));
    i = j;
  }
  return words;
}

}  // namespace

void check_simgrid_flags(const std::vector<std::string>& flags, const std::string& source) {
  for (const auto& f : flags) {
    if (f.rfind("--cfg=", 0) == 0)
      check_cfg(f, f.substr(6), source);
    else if (f.rfind("--log=", 0) == 0)
      for (const auto& word : split_words(f.substr(6)))  // SimGrid takes several settings separated by spaces
        check_log(f, word, source);
    else
      throw InputError({source, 0, 0, f}, "not a SimGrid flag", "--cfg=name:value or --log=category.setting:value");
  }
}

std::vector<std::string> supported_simgrid_options() {
  std::vector<std::string> lines;
  for (const auto& o : cfg_options())
    lines.push_back(fmt::format("  --cfg={}:VALUE\n      {}; {}", o.name, o.values, o.meaning));
  return lines;
}

}  // namespace modi::app
