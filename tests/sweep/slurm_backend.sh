#!/usr/bin/env bash
# The Slurm backend for real: start a single-node cluster on localhost, run a small sweep through
# it, check its results.csv equals the local backend's, stop the cluster.
set -euo pipefail
bin=${1:?usage: slurm_backend.sh MODISIM_BIN SOURCE_DIR}
src=${2:?usage: slurm_backend.sh MODISIM_BIN SOURCE_DIR [SCRATCH_DIR]}
scratch=${3:-/tmp}  # the build tree's test scratch directory under ctest
mkdir -p "$scratch"
work=$(mktemp -d "$scratch/slurm-XXXXXX")
cleanup() { bash "$src/scripts/slurm-localhost.sh" stop "$work/cluster" || true; rm -rf "$work"; }
trap cleanup EXIT
bash "$src/scripts/slurm-localhost.sh" start "$work/cluster"
export SLURM_CONF="$work/cluster/slurm.conf"
cd "$src/tests/data"
"$bin" sweep sweep_small.yaml --out "$work/local" -j 2 --progress never
"$bin" sweep sweep_small.yaml --out "$work/slurm" -j 2 --backend slurm --progress never
cmp "$work/local/results.csv" "$work/slurm/results.csv"
cmp "$work/local/aggregate.csv" "$work/slurm/aggregate.csv"
ls "$work/slurm/slurm/"*.out >/dev/null  # the runs really went through Slurm
echo "slurm backend: results.csv identical to the local backend's"
