#!/usr/bin/env bash
# One command: install what is missing, build, run every test (ctest prints the summary last).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --sweep
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"
