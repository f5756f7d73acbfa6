#!/usr/bin/env bash
# Static analysis of sim/ and policies/: clang-tidy with the check set in .clang-tidy, and
# cppcheck (warning, performance, portability). Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --lint
cmake -S . -B build -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
status=0
cppcheck --std=c++20 --enable=warning,performance,portability --inline-suppr --quiet --error-exitcode=1 -I . \
  --suppress=missingIncludeSystem --suppress=unknownMacro sim policies || status=1
out=$(run-clang-tidy -p build -quiet "$(pwd)/(sim|policies)/" 2>&1 || true)
if grep -q "warning:\|error:" <<<"$out"; then
  grep "warning:\|error:" <<<"$out"
  status=1
fi
[ $status -eq 0 ] && echo "lint: clang-tidy and cppcheck clean on sim/ and policies/"
exit $status
