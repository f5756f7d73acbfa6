#include "sim/app/sweep_check.hpp"

#include <fmt/format.h>

#include <map>

#include "sim/core/digest.hpp"
#include "sim/model/population.hpp"

namespace modi::app {
namespace {

/// The --set path an error from an override names ("command line (--set PATH)"), or "".
std::string overridden_path(const InputError& e) {
  const std::string prefix = "command line (--set ";
  const auto& file = e.where().file;
  if (file.rfind(prefix, 0) != 0 || file.back() != ')')
    return "";
  return file.substr(prefix.size(), file.size() - prefix.size() - 1);
}

InputError located(const sweep::Plan& plan, uint32_t point, const InputError& e) {
  const auto path = overridden_path(e);
  const std::string context = fmt::format("point {} ({})", point, plan.describe(point));
  if (!path.empty())
    return InputError(plan.where(point, path), fmt::format("{}: {}: {}", context, e.where().key, e.problem()),
                      e.expected());
  return InputError(e.where(), fmt::format("{} (in sweep {}, {})", e.problem(), plan.spec.file, context), e.expected());
}

}  // namespace

void check_points(sweep::Plan& plan, const std::vector<std::string>& plugins) {
  std::map<std::string, std::string> digests;  // inputs shared by many points are read once
  for (uint32_t p = 0; p < plan.points; ++p) {
    std::vector<std::string> files;
    try {
      const auto s = config::load(plan.spec.base_config, plan.overrides(p));
      model::check_run_inputs(s);
      files = config::input_files(s);
      files.insert(files.end(), plugins.begin(), plugins.end());
    } catch (const InputError& e) {
      throw located(plan, p, e);
    }
    std::string text;
    for (const auto& f : files) {
      auto it = digests.find(f);
      if (it == digests.end())
        it = digests.emplace(f, file_digest(f)).first;
      text += fmt::format("input {} {}\n", f, it->second);
    }
    plan.point_inputs[p] = text;
  }
}

}  // namespace modi::app
