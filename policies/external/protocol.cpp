#include "policies/external/protocol.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace modi::policy::external {
namespace {

using nlohmann::json;

json option_json(const SiteOption& o) {
  json models = json::array();
  for (const auto& m : o.models)
    models.push_back({{"model", m.model}, {"accuracy", m.accuracy}, {"est_mean_s", m.est_mean_s},
                      {"est_sd_s", m.est_sd_s}, {"loaded", m.loaded}, {"est_energy_j", m.est_energy_j}});
  return {{"site", site_name(o.site)}, {"index", o.index}, {"tier", o.tier}, {"name", o.name},
          {"reachable", o.reachable}, {"est_network_s", o.est_network_s}, {"est_network_sd_s", o.est_network_sd_s},
          {"est_queue_s", o.est_queue_s}, {"est_radio_energy_j", o.est_radio_energy_j}, {"models", models}};
}

json reason_json(Reason r) { return r == Reason::EMPTY ? json(nullptr) : json(std::string(reason_name(r))); }

/// One reply's problem as bad input: the reply's number, the key, what it answers and the line.
InputError bad(const ReplyOrigin& o, std::string_view line, const std::string& key, const std::string& what,
               const std::string& expected) {
  return InputError({"external policy '" + printable(o.command, 60) + "' reply", o.reply, 0, key},
                    fmt::format("{} answering {}; line received: {}", what, o.about, printable(line, 100)), expected);
}

json parse_object(std::string_view line, const ReplyOrigin& o, const char* expected) {
  if (line.size() > MAX_REPLY_BYTES)
    throw bad(o, line.substr(0, 100), "", fmt::format("a line of {} bytes", line.size()),
              fmt::format("at most {} bytes", MAX_REPLY_BYTES));
  json j;
  try {
    j = json::parse(line);
  } catch (const json::exception& e) {
    throw bad(o, line, "", fmt::format("not JSON ({})", printable(e.what(), 80)), expected);
  }
  if (!j.is_object())
    throw bad(o, line, "", "not a JSON object", expected);
  return j;
}

/// A model id from j[key]: an unsigned integer.
ModelId model_id(const json& v, const ReplyOrigin& o, std::string_view line, const std::string& key) {
  if (!v.is_number_unsigned() || v.get<uint64_t>() >= NONE)
    throw bad(o, line, key, "model " + printable(v.dump(), 40), "a model id (an integer) from the offered models");
  return v.get<ModelId>();
}

SelectionDecision failure_reply(const json& reason, const ReplyOrigin& o, std::string_view line) {
  for (auto r : {Reason::NO_LOCAL_MODEL, Reason::NO_EDGE_MODEL, Reason::NO_MODEL})
    if (reason == true ? r == Reason::NO_MODEL : reason == std::string(reason_name(r)))
      return fail(r);
  throw bad(o, line, "fail", "unknown reason " + printable(reason.dump(), 40), "true, no_local_model, no_edge_model or no_model");
}

const SiteOption& chosen_site(const SelectionContext& ctx, const json& j, const ReplyOrigin& o, std::string_view line) {
  const auto site = j.find("site");
  if (site == j.end() || !site->is_string())
    throw bad(o, line, "site", "no site", "\"device\" or \"remote\"");
  if (*site == "device")
    return ctx.device;
  if (*site != "remote")
    throw bad(o, line, "site", "site " + printable(site->dump(), 40), "\"device\" or \"remote\"");
  const auto index = j.find("index");
  if (index == j.end() || !index->is_number_integer() || index->get<int64_t>() < 0 ||
      static_cast<uint64_t>(index->get<int64_t>()) >= ctx.remote.size())
    throw bad(o, line, "index", "no remote option " + printable(index == j.end() ? "(missing)" : index->dump(), 40),
              fmt::format("a position in the request's remote list (0 to {})", static_cast<int64_t>(ctx.remote.size()) - 1));
  return ctx.remote[index->get<size_t>()];
}

}  // namespace

std::string hello_line(std::string_view kind) {
  return json{{"type", "hello"}, {"protocol", "modisim-policy"}, {"version", PROTOCOL_VERSION}, {"kind", kind}}.dump();
}

std::string select_line(const SelectionContext& c) {
  json remote = json::array();
  for (const auto& r : c.remote)
    remote.push_back(option_json(r));
  return json{{"type", "select"},
              {"request", {{"id", c.request.id}, {"app", c.request.app}, {"accuracy_need", c.request.accuracy_need},
                           {"deadline_s", c.request.deadline_s}, {"input_bytes", c.request.input_bytes},
                           {"output_bytes", c.request.output_bytes}}},
              {"phone", {{"battery_fraction", c.phone.battery_fraction}, {"connected", c.phone.connected},
                         {"est_rtt_s", c.phone.est_rtt_s}}},
              {"device", option_json(c.device)},
              {"remote", remote},
              {"u", c.u}}
      .dump();
}

std::string place_line(const PlacementContext& c) {
  json tasks = json::array(), candidates = json::array();
  for (const auto& t : c.tasks)
    tasks.push_back({{"name", t.name}, {"requests", t.requests}, {"accuracy_need", t.accuracy_need}, {"wanted", t.wanted}});
  for (const auto& m : c.candidates)
    candidates.push_back({{"model", m.model}, {"task", m.task}, {"size_bytes", m.size_bytes}, {"accuracy", m.accuracy},
                          {"gzip", m.gzip}, {"decompress_s", m.decompress_s}, {"uses", m.uses}});
  return json{{"type", "place"},
              {"target", c.target == PlacementContext::Target::PHONE ? "phone" : "edge"},
              {"name", c.name},
              {"storage_bytes", c.storage_bytes},
              {"tasks", tasks},
              {"candidates", candidates},
              {"current", c.current},
              {"configured", c.configured}}
      .dump();
}

std::string completion_line(const Completion& c) {
  const auto opt = [&](double v) { return c.answered ? json(v) : json(nullptr); };
  return json{{"type", "completion"},
              {"request", c.request},
              {"t_s", c.finished_at_s},
              {"answered", c.answered},
              {"site", site_name(c.site)},
              {"index", c.site_index},
              {"model", c.model == NONE ? json(nullptr) : json(c.model)},
              {"latency_s", opt(c.latency_s)},
              {"accuracy", opt(c.accuracy)},
              {"energy_j", c.energy_j},
              {"deadline_met", c.deadline_met},
              {"accuracy_met", c.accuracy_met},
              {"goal_met", c.goal_met},
              {"failure", reason_json(c.failure)},
              {"fallback", reason_json(c.fallback)}}
      .dump();
}

std::string end_line() { return json{{"type", "end"}}.dump(); }

SelectionDecision read_selection_reply(const SelectionContext& ctx, std::string_view line, const ReplyOrigin& o) {
  const json j = parse_object(line, o, "{\"site\": ..., \"model\": ...} or {\"fail\": ...}");
  if (const auto f = j.find("fail"); f != j.end())
    return failure_reply(*f, o, line);
  const SiteOption& site = chosen_site(ctx, j, o, line);
  const auto m = j.find("model");
  if (m == j.end())
    throw bad(o, line, "model", "no model", "a model id from the chosen site's models");
  const ModelId id = model_id(*m, o, line, "model");
  const auto fb = j.find("fallback_local");
  if (fb != j.end() && !fb->is_boolean())
    throw bad(o, line, "fallback_local", printable(fb->dump(), 40), "true or false");
  for (const auto& option : site.models)
    if (option.model == id) {
      auto d = choose(site, option);
      d.fallback_local = fb != j.end() && fb->get<bool>();
      return d;
    }
  const auto where = site.site == Site::DEVICE ? std::string("the phone") : fmt::format("{} {}", site_name(site.site), site.name);
  throw bad(o, line, "model", fmt::format("model {} is not offered at {}", id, where),
            "a model id from the chosen site's models");
}

PlacementPlan read_placement_reply(const PlacementContext& ctx, std::string_view line, const ReplyOrigin& o) {
  const json j = parse_object(line, o, "{\"keep\": [model ids]}");
  const auto keep = j.find("keep");
  if (keep == j.end() || !keep->is_array())
    throw bad(o, line, "keep", "no list of models", "{\"keep\": [model ids]}");
  PlacementPlan plan;
  double bytes = 0;
  for (const auto& v : *keep) {
    const ModelId id = model_id(v, o, line, "keep");
    const auto c = std::find_if(ctx.candidates.begin(), ctx.candidates.end(), [&](const auto& x) { return x.model == id; });
    if (c == ctx.candidates.end())
      throw bad(o, line, "keep", fmt::format("model {} is not a candidate", id), "model ids from the candidates");
    if (std::find(plan.keep.begin(), plan.keep.end(), id) != plan.keep.end())
      throw bad(o, line, "keep", fmt::format("model {} twice", id), "each model once");
    plan.keep.push_back(id);
    bytes += c->size_bytes;
  }
  if (bytes > ctx.storage_bytes * (1 + 1e-12))
    throw bad(o, line, "keep", fmt::format("{:.6g} bytes of models", bytes),
              fmt::format("at most the storage budget, {:.6g} bytes", ctx.storage_bytes));
  plan.keep = sorted_unique(std::move(plan.keep));
  return plan;
}

}  // namespace modi::policy::external
