// Placement policies: MODI's decision engines ask "which models should this phone (or edge)
// store" under its storage budget, given global usage statistics from the central manager. A
// policy is a pure function of a plain context; it returns the set of models to hold. The engine
// turns the difference into evictions (immediate) and pushes (real transfers).
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policies/registry.hpp"
#include "sim/core/error.hpp"
#include "sim/core/traces.hpp"

namespace modi::policy {

/// One model the target could hold.
struct PlacementCandidate {
  ModelId model = NONE;
  uint32_t task = 0;           ///< index into PlacementContext::tasks
  double size_bytes = 0;
  double accuracy = 0;         ///< newest version's top-1
  bool gzip = false;
  double decompress_s = 0;     ///< extra cold-load time on the target (gzip)
  double uses = 0;             ///< requests that ran this model (global statistics, last period)
};

struct TaskUsage {
  std::string name;
  double requests = 0;         ///< requests for this task (global, last period)
  double accuracy_need = 0;    ///< mean accuracy needed by those requests
  bool wanted = true;          ///< some app that uses the target issues requests for this task
};

struct PlacementContext {
  enum class Target { PHONE, EDGE };
  Target target = Target::PHONE;
  std::string_view name;                 ///< the edge, or the phone group (valid for the whole run)
  double storage_bytes = 0;              ///< budget
  std::vector<TaskUsage> tasks;
  std::vector<PlacementCandidate> candidates;  ///< every model the target can run, sorted by model id
  std::vector<ModelId> current;          ///< what it holds now (sorted)
  std::vector<ModelId> configured;       ///< the scenario's list for this target (static policy)
};

struct PlacementPlan {
  std::vector<ModelId> keep;  ///< models to hold after the plan (sorted); must fit the budget
};

class PlacementPolicy {
public:
  virtual ~PlacementPolicy() = default;
  virtual PlacementPlan plan(const PlacementContext& ctx) const = 0;
  /// A policy that broke the run's contract: an external policy's malformed reply (InputError:
  /// exit 2) or a policy process that died or went silent (SimulationError: exit 1). The engine
  /// finishes the run without results and rethrows it. Null: none.
  virtual std::exception_ptr broken() const { return nullptr; }
  /// The run has ended, before its results are written (see SelectionPolicy::finish).
  virtual void finish() const {}
};

/// The models of `v`, sorted and without duplicates (a plan's `keep`).
std::vector<ModelId> sorted_unique(std::vector<ModelId> v);
/// A task's weight in the value of a plan: its requests, plus a little so that an empty history
/// still places something.
double task_weight(const PlacementContext& ctx, uint32_t task);
/// Whether a model of `task` is worth holding at all: no app that uses the target asks for it.
inline bool wanted(const PlacementContext& ctx, uint32_t task) { return ctx.tasks[task].wanted; }

}  // namespace modi::policy
