#include "sim/core/trace_layers.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <map>

#include "sim/core/error.hpp"
#include "sim/core/paths.hpp"

namespace modi {

TraceLayers::TraceLayers(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {
  for (const auto& d : dirs_)
    if (!is_dir(d))
      throw InputError({d, 0, 0, "traces"},
                       fmt::format("trace directory '{}' {}", d, std::filesystem::exists(d) ? "is not a directory" : "does not exist"),
                       "a directory of trace CSV files");
}

std::vector<const csv::Table*> TraceLayers::copies(const std::string& file, const std::vector<std::string>& columns,
                                                   bool required) const {
  std::vector<const csv::Table*> out;
  for (size_t i = 0; i < dirs_.size(); ++i) {
    const auto path = (std::filesystem::path(dirs_[i]) / file).string();
    const auto why = why_not_a_file(path);
    if (why == "does not exist") {
      if (i == 0 && required)
        throw InputError({path, 0, 0, ""}, "trace file does not exist", "a readable CSV file");
      continue;
    }
    tables_.push_back(csv::Table::read_file(path));
    tables_.back().require_columns(columns);
    out.push_back(&tables_.back());
  }
  return out;
}

std::vector<TableRow> TraceLayers::rows(const std::string& file, const std::vector<std::string>& columns,
                                        const std::vector<std::string>& key, bool required) const {
  std::vector<TableRow> out;
  std::map<std::vector<std::string>, size_t> at;
  for (const auto* t : copies(file, columns, required))
    for (const auto& row : t->rows()) {
      std::vector<std::string> k;
      for (const auto& col : key)
        k.push_back(t->cell(row, col));
      const auto [it, fresh] = at.emplace(std::move(k), out.size());
      if (fresh)
        out.push_back({t, &row});
      else if (out[it->second].table == t)
        t->fail(row, key.front(), "duplicate row", fmt::format("one row per {}", fmt::join(key, ", ")));
      else
        out[it->second] = {t, &row};  // a later layer replaces the row in place
    }
  return out;
}

std::vector<TableRow> TraceLayers::grouped_rows(const std::string& file, const std::vector<std::string>& columns,
                                                const std::string& group) const {
  std::vector<std::vector<TableRow>> groups;
  std::map<std::string, size_t> at;
  for (const auto* t : copies(file, columns, true)) {
    std::map<std::string, bool> replaced;  // groups this layer has started
    for (const auto& row : t->rows()) {
      const auto& g = t->cell(row, group);
      const auto [it, fresh] = at.emplace(g, groups.size());
      if (fresh)
        groups.emplace_back();
      else if (!replaced[g])
        groups[it->second].clear();
      replaced[g] = true;
      groups[it->second].push_back({t, &row});
    }
  }
  std::vector<TableRow> out;
  for (const auto& g : groups)
    out.insert(out.end(), g.begin(), g.end());
  return out;
}

}  // namespace modi
