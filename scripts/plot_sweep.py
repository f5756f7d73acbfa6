#!/usr/bin/env python3
"""Plots a sweep's aggregate.csv: a metric against a swept parameter, one line per value of
another (e.g. the policy) with its 95% confidence band (none where a point has one run),
optionally one panel per value of a third; several --metric give one row of panels each.

    scripts/plot-sweep DIR --x PATH --by PATH [--facet PATH] [--where PATH=VALUE]... \\
        --metric NAME [--metric NAME]... [--xlabel TEXT] [--ylabel TEXT]... [--size WxH] \\
        [--log-x] [--out FILE.png]

Labels default to the key's last part with its unit ("deadline (ms)", "latency_mean_s (s)").
Numeric x values (with or without units: 300ms, 2GB, 54Mbps) are drawn to scale in one unit;
other values are categories. Points without a sample (an empty mean) are skipped and listed on
stderr, never drawn as zero. A metric that aggregate.csv does not have is exit 2 with the list.
"""
import argparse
import csv
import math
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# value units by kind: (unit, factor to the kind's base unit)
UNITS = {"ns": ("time", 1e-9), "us": ("time", 1e-6), "ms": ("time", 1e-3), "s": ("time", 1), "min": ("time", 60),
         "h": ("time", 3600), "B": ("size", 1), "kB": ("size", 1e3), "KB": ("size", 1e3), "MB": ("size", 1e6),
         "GB": ("size", 1e9), "KiB": ("size", 1024), "MiB": ("size", 2 ** 20), "GiB": ("size", 2 ** 30),
         "bps": ("rate", 1), "kbps": ("rate", 1e3), "Mbps": ("rate", 1e6), "Gbps": ("rate", 1e9)}
METRIC_UNITS = {"_s": "s", "_j": "J", "_bytes": "bytes", "_w": "W"}


def parse(v):
    """(number, unit) of a value such as 300ms or 0.2; None when it is not numeric."""
    m = re.fullmatch(r"\s*([-+0-9.eE]+)\s*([A-Za-z]*)\s*", v)
    if not m or (m.group(2) and m.group(2) not in UNITS):
        return None
    try:
        return float(m.group(1)), m.group(2)
    except ValueError:
        return None


def magnitude(v):
    """A value's size in its kind's base unit (categories sort after numbers)."""
    p = parse(v)
    return (0, p[0] * (UNITS[p[1]][1] if p[1] else 1), v) if p else (1, 0, v)


def x_axis(values):
    """Positions of the x values, their label unit, and whether they are numeric."""
    parsed = [parse(v) for v in values]
    if all(parsed):
        units = {u for _, u in parsed}
        if units == {""}:
            return {v: p[0] for v, p in zip(values, parsed)}, "", True
        kinds = {UNITS[u][0] for u in units if u}
        if len(kinds) == 1 and "" not in units:
            # the unit of the smallest value, so that the axis reads 50 ... 1000 ms, not 0.05 ... 1 s
            smallest = min(parsed, key=lambda p: p[0] * UNITS[p[1]][1])[1]
            scale = UNITS[smallest][1]
            return {v: p[0] * UNITS[p[1]][1] / scale for v, p in zip(values, parsed)}, smallest, True
    return {v: i for i, v in enumerate(values)}, "", False


def label_of(path, unit=""):
    name = path.rsplit(".", 1)[-1]
    return f"{name} ({unit})" if unit else name


def metric_label(metric):
    for suffix, unit in METRIC_UNITS.items():
        if metric.endswith(suffix):
            return f"{metric} ({unit})"
    return metric


def number(cell):
    return float(cell) if cell not in ("", None) else math.nan


def plot_panel(ax, rows, a, metric, facet, pos, skipped):
    for s in dict.fromkeys(r[a.by] for r in rows):
        pts = [r for r in rows if r[a.by] == s and (facet is None or r[a.facet] == facet)]
        pts.sort(key=lambda r: pos[r[a.x]])
        for r in pts:
            if number(r[metric + "_mean"]) != number(r[metric + "_mean"]):
                skipped.append(f"{a.by}={s}, {a.x}={r[a.x]}" + (f", {a.facet}={facet}" if facet else ""))
        pts = [r for r in pts if not math.isnan(number(r[metric + "_mean"]))]
        x = [pos[r[a.x]] for r in pts]
        m = [number(r[metric + "_mean"]) for r in pts]
        ci = [number(r.get(metric + "_ci95")) for r in pts]
        line, = ax.plot(x, m, marker="o", ms=3, label=s)
        if any(not math.isnan(c) for c in ci):
            ax.fill_between(x, [u - (0 if math.isnan(c) else c) for u, c in zip(m, ci)],
                            [u + (0 if math.isnan(c) else c) for u, c in zip(m, ci)], color=line.get_color(), alpha=0.2, lw=0)
    if facet is not None:
        ax.set_title(f"{label_of(a.facet)} = {facet}", fontsize=9)
    ax.grid(alpha=0.3)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--x", required=True)
    ap.add_argument("--by", required=True)
    ap.add_argument("--facet")
    ap.add_argument("--where", action="append", default=[])
    ap.add_argument("--metric", required=True, action="append")
    ap.add_argument("--xlabel")
    ap.add_argument("--ylabel", action="append", default=[])
    ap.add_argument("--size", help="figure size in inches, WxH")
    ap.add_argument("--log-x", action="store_true")
    ap.add_argument("--out")
    a = ap.parse_args()
    with open(os.path.join(a.dir, "aggregate.csv")) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit("plot-sweep: aggregate.csv is empty")
    metrics = sorted(c[: -len("_mean")] for c in rows[0] if c.endswith("_mean"))
    for m in a.metric:
        if m not in metrics:
            print(f"plot-sweep: no metric '{m}' in {a.dir}/aggregate.csv; metrics: {', '.join(metrics)}", file=sys.stderr)
            sys.exit(2)
    for col in [a.x, a.by, a.facet]:
        if col and col not in rows[0]:
            swept = [c for c in rows[0] if c not in ("point", "runs", "ok") and not c.endswith(("_mean", "_sd", "_ci95", "_n"))]
            print(f"plot-sweep: '{col}' is not swept in {a.dir}; swept: {', '.join(swept)}", file=sys.stderr)
            sys.exit(2)
    for w in a.where:
        k, v = w.split("=", 1)
        rows = [r for r in rows if r.get(k) == v]
    facets = list(dict.fromkeys(r[a.facet] for r in rows)) if a.facet else [None]
    values = sorted({r[a.x] for r in rows}, key=magnitude)
    pos, unit, numeric = x_axis(values)
    w, h = (float(t) for t in a.size.split("x")) if a.size else (3.4 * len(facets) + 1.5, 3.4 * len(a.metric) + 0.4)
    fig, axes = plt.subplots(len(a.metric), len(facets), figsize=(w, h), sharey="row", sharex=True, squeeze=False)
    skipped = []
    for i, metric in enumerate(a.metric):
        for ax, facet in zip(axes[i], facets):
            plot_panel(ax, rows, a, metric, facet, pos, skipped)
        axes[i][0].set_ylabel(a.ylabel[i] if i < len(a.ylabel) else metric_label(metric))
    for ax in axes[-1]:
        if not numeric:
            ax.set_xticks(range(len(values)), values, rotation=90 if len(values) > 8 else 0, fontsize=8)
        if a.log_x:
            ax.set_xscale("log")
            if numeric:  # log ticks at the swept values themselves
                ax.set_xticks([pos[v] for v in values], [f"{pos[v]:g}" for v in values], fontsize=8)
                ax.minorticks_off()
        ax.set_xlabel(a.xlabel or label_of(a.x, unit))
    axes[0][-1].legend(title=label_of(a.by), fontsize=8, title_fontsize=8, loc="best")
    fig.tight_layout()
    out = a.out or os.path.join(a.dir, f"{'-'.join(a.metric)}.png")
    fig.savefig(out, dpi=110)
    if skipped:
        print(f"plot-sweep: {len(skipped)} point(s) without a sample not drawn: " + "; ".join(skipped), file=sys.stderr)
    print(f"plot-sweep: wrote {out}")


if __name__ == "__main__":
    main()
