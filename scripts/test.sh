#!/usr/bin/env bash
# One command: install what is missing, build, run every test (ctest prints the summary last):
# the normal build, then the same suite built with AddressSanitizer + UBSan (skip that second
# pass with MODISIM_SKIP_SANITIZE=1 for a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --sweep --plots --python  # plot and python tests need matplotlib and pytest
bash scripts/build.sh
(cd build && ctest --output-on-failure -j"$(nproc)")
if [ "${MODISIM_SKIP_SANITIZE:-0}" != "1" ]; then
  bash scripts/test-sanitize.sh
fi
