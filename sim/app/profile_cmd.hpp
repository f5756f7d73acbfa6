// `modisim profile-cv`: the regression profiler's leave-one-model-out error on a device's
// measured models (each model predicted from the others), per phase, with MAE and MAPE.
#pragma once

#include <string>

namespace modi::app {

struct ProfileCvOptions {
  std::string traces_dir;
  std::string device = "pixel2";
  std::string task = "flowers";
  bool csv = false;  ///< one CSV row per model and phase instead of the table
};

int cmd_profile_cv(const ProfileCvOptions& o);

}  // namespace modi::app
