#!/usr/bin/env bash
# `pip install ./python` works offline with Debian's python3-venv, python3-pip and
# python3-setuptools (scripts/setup.sh --python): the installed package (not the source tree)
# imports, ships outputs.json and reads a run. Everything is written under TMP and removed.
set -euo pipefail
src=$1 tmp=$2 bin=$3
dir="$tmp/python-install-$$"
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/tmp"
export TMPDIR="$dir/tmp" PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
unset PYTHONPATH
# a copy: pip builds in the directory it installs from
cp -r "$src/python" "$dir/src"
/usr/bin/python3 -m venv --system-site-packages "$dir/venv"
"$dir/venv/bin/pip" install --quiet --no-index --no-build-isolation "$dir/src"
rm -rf "$dir/src"
"$bin" run "$src/tests/data/fixed.yaml" --out "$dir/run" --progress never >/dev/null
cd "$dir"
"$dir/venv/bin/python" - "$dir/venv" "$dir/run" <<'PY'
import os
import sys

import modisim
from modisim import load_run

venv, run_dir = sys.argv[1:]
assert os.path.realpath(modisim.__file__).startswith(os.path.realpath(venv)), modisim.__file__
run = load_run(run_dir)
assert len(run.requests) == run.summary["requests"] > 0, (len(run.requests), run.summary["requests"])
assert run.requests.units["latency_s"] == "s"
print(f"installed modisim at {os.path.dirname(modisim.__file__)} read {len(run.requests)} requests")
PY
