#include "sim/app/profile_cmd.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "sim/core/error.hpp"
#include "sim/core/profile_regression.hpp"
#include "sim/core/trace_layers.hpp"

namespace modi::app {

int cmd_profile_cv(const ProfileCvOptions& o) {
  const auto ts = TraceSet::load(o.traces_dir);
  const auto dev = ts->device_id(o.device);
  if (dev == NONE)
    throw InputError({"command line", 0, 0, "--device"}, fmt::format("unknown device '{}'", printable(o.device)),
                     "a device of the trace set (modisim list)");
  if (o.csv)
    std::puts("phase,model,measured_ms,predicted_ms,error_pct");
  for (const auto& [phase, label] : {std::pair{Phase::MODEL_LOAD, "model_load"}, std::pair{Phase::INFERENCE, "inference"}}) {
    const auto cv = leave_one_model_out(*ts, dev, phase, o.task);
    double abs_err = 0, abs_pct = 0;
    for (const auto& r : cv) {
      const double pct = 100 * (r.predicted_s - r.measured_s) / r.measured_s;
      abs_err += std::fabs(r.predicted_s - r.measured_s);
      abs_pct += std::fabs(pct);
      if (o.csv)
        std::printf("%s,%s,%.6g,%.6g,%.4g\n", label, r.model.c_str(), r.measured_s * 1e3, r.predicted_s * 1e3, pct);
    }
    if (cv.empty())
      throw InputError({"command line", 0, 0, "--task"},
                       fmt::format("no model of task '{}' on '{}' has the features to fit", printable(o.task), o.device),
                       "a task whose models.csv rows give macs");
    if (!o.csv)
      std::printf("%-11s %zu models of %s on %s: leave-one-model-out MAE %.1f ms, MAPE %.1f%%\n", label, cv.size(),
                  o.task.c_str(), o.device.c_str(), abs_err / static_cast<double>(cv.size()) * 1e3,
                  abs_pct / static_cast<double>(cv.size()));
  }
  return 0;
}

}  // namespace modi::app
