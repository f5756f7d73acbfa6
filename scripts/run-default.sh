#!/usr/bin/env bash
# One command: install what is missing, build, run the default scenario (MODI's setting).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh --target modisim  # the simulator only, not the tests
./build/modisim run configs/default.yaml --out results/default "$@"
