#!/usr/bin/env bash
# examples/plugin out of tree, as a user would: install modisim into a prefix under the build
# tree, configure and build the example against it with find_package(modisim), run the default
# scenario with the plugin's policy, and check that every answer follows its rule
# (tests/plugin_example_check.py) and that `modisim list` names the plugin file.
set -euo pipefail
src=$1 build=$2 tmp=$3 cxx=$4 build_type=$5
dir="$tmp/plugin-example-$$"
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"
cmake --install "$build" --prefix "$dir/prefix" >/dev/null
cmake -S "$src/examples/plugin" -B "$dir/build" -DCMAKE_PREFIX_PATH="$dir/prefix" -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
cmake --build "$dir/build" >/dev/null
plugin="$dir/build/libfrugal.so"
modisim="$dir/prefix/bin/modisim"

# The edge holds three models; the phones of default.yaml two more. Needs 0.75 and 0.87: frugal
# answers on the phone and on the edge.
"$modisim" run "$src/configs/default.yaml" --plugin "$plugin" --out "$dir/run" --progress never \
  --set selection.policy=frugal --set simulation.duration=2min --set cloud.enabled=false \
  --set 'edges.0.models=[mobilenet_v1_0.25_224, mobilenet_v1_1.0_128, inception_v3]' >/dev/null
/usr/bin/python3 "$src/tests/plugin_example_check.py" "$dir/run" "$src/traces/models.csv"

"$modisim" list --policies --plugin "$plugin" > "$dir/list.txt"
grep -qxF "  frugal ($plugin)" "$dir/list.txt" || { echo "modisim list does not show frugal from $plugin"; exit 1; }
echo "plugin_example: installed, built against the install, rule followed, listed with its origin"
