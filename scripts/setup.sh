#!/usr/bin/env bash
# Installs what modisim needs from Debian 12 packages (only what is missing), as root.
set -euo pipefail
pkgs=(g++ cmake make pkg-config libsimgrid-dev libyaml-cpp-dev libfmt-dev libeigen3-dev libboost-test-dev
      libboost-dev libcli11-dev nlohmann-json3-dev libjemalloc-dev python3 time)
# `setup.sh --plots` adds what the plotting scripts need; `--python` the python package's tests
# (pytest; numpy and PyYAML for the results reader's checks; venv, pip and setuptools for its
# install test); `--sweep` what the sweep backends' tests need (a local Slurm cluster, GNU
# parallel); `--fuzz` clang and libFuzzer; `--lint` the static analysers; `--bench` what
# bench/run-scale's --callgrind and --by-library modes run (valgrind, perf).
for arg in "$@"; do
  case "$arg" in
    --plots) pkgs+=(python3-matplotlib) ;;
    --python) pkgs+=(python3-pytest python3-numpy python3-yaml python3-venv python3-pip python3-setuptools) ;;
    --sweep) pkgs+=(slurmctld slurmd slurm-client munge parallel) ;;
    --fuzz) pkgs+=(clang libclang-rt-14-dev) ;;
    --lint) pkgs+=(clang-tidy cppcheck) ;;
    --bench) pkgs+=(valgrind linux-perf) ;;
  esac
done
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
