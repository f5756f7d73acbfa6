#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer + UndefinedBehaviorSanitizer, SimGrid on
# thread contexts (raw contexts confuse ASan). Called by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMODISIM_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export MODISIM_SIMGRID_ARGS="--cfg=contexts/factory:thread"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build-asan
ctest --output-on-failure -j"$(nproc)"
