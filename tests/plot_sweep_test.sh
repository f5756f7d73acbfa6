#!/usr/bin/env bash
# scripts/plot-sweep on a hand-made aggregate.csv: a point without a sample is skipped and listed,
# never drawn as zero; an unknown metric is exit 2 with the list of metrics; the PNG is written.
set -euo pipefail
src=$1 tmp=$2
dir="$tmp/plot-sweep-$$"
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"
cat > "$dir/aggregate.csv" <<'CSV'
point,selection.policy,phones.0.apps.0.deadline,runs,ok,slo_attainment_mean,slo_attainment_sd,slo_attainment_ci95,slo_attainment_n
0,local,100ms,2,2,0.5,0.1,0.9,2
1,local,1s,2,0,,,,0
2,edge,100ms,2,2,0.25,,,1
3,edge,1s,2,2,0.75,0.05,0.45,2
CSV
export MODISIM_PYTHON=${MODISIM_PYTHON:-/usr/bin/python3}
err=$("$src/scripts/plot-sweep" "$dir" --x phones.0.apps.0.deadline --by selection.policy --metric slo_attainment \
      --out "$dir/p.png" 2>&1 >/dev/null)
[ -s "$dir/p.png" ] || { echo "no PNG written"; exit 1; }
grep -q "1 point(s) without a sample not drawn: policy=local, deadline=1s\|1 point(s) without a sample not drawn: selection.policy=local, phones.0.apps.0.deadline=1s" <<<"$err" \
  || { echo "the empty point is not reported: $err"; exit 1; }
set +e
err=$("$src/scripts/plot-sweep" "$dir" --x phones.0.apps.0.deadline --by selection.policy --metric nope 2>&1 >/dev/null)
rc=$?
set -e
[ "$rc" = 2 ] || { echo "unknown metric: exit $rc, expected 2"; exit 1; }
grep -q "metrics: slo_attainment" <<<"$err" || { echo "the valid metrics are not listed: $err"; exit 1; }
echo "plot_sweep_test: empty point skipped and listed, unknown metric refused"
