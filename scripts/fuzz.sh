#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS (default 600).
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: config traces events units sweep cli protocol
# Seeds: tests/fuzz/corpus/<target>/; the growing corpus and any crash land in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --fuzz
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config traces events units sweep cli protocol)
CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMODISIM_FUZZ=ON >/dev/null
for t in "${targets[@]}"; do cmake --build build-fuzz --target "fuzz_$t" -j"$(nproc)" >/dev/null; done
status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/artifacts/$t"
  echo "fuzz: $t for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1 "build-fuzz/tests/fuzz/fuzz_$t" "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="build-fuzz/artifacts/$t/" >"build-fuzz/fuzz_$t.log" 2>&1; then
    echo "fuzz: $t FOUND A PROBLEM: see build-fuzz/fuzz_$t.log and build-fuzz/artifacts/$t/"; status=1
  else
    echo "fuzz: $t ran clean ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/fuzz_$t.log" | grep -o '[0-9]*$') inputs)"
  fi
done
exit $status
