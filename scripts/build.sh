#!/usr/bin/env bash
# Configures and builds modisim into build/ (Release with debug info; -Werror under CI).
# Arguments go to cmake --build (scripts/build.sh --target modisim: the simulator alone).
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMODISIM_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)" "$@"
