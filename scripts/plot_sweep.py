#!/usr/bin/python3
"""Plots a sweep's aggregate.csv: a metric against a swept parameter, one line per value of
another (e.g. the policy) with its 95% confidence band (none where a point has one run),
optionally one panel per value of a third; several --metric give one row of panels each.
Values with units (300ms, 2GB) are ordered by magnitude.

    scripts/plot-sweep DIR --x PATH --by PATH [--facet PATH] [--where PATH=VALUE]... \\
        --metric NAME [--metric NAME]... [--out FILE.png]
"""
import argparse
import csv
import math
import os
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "min": 60, "h": 3600, "B": 1, "kB": 1e3, "KB": 1e3, "MB": 1e6,
         "GB": 1e9, "KiB": 1024, "MiB": 2 ** 20, "GiB": 2 ** 30, "bps": 1, "kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9}


def magnitude(v):
    m = re.fullmatch(r"\s*([-+0-9.eE]+)\s*([A-Za-z/]*)\s*", v)
    if m:
        try:
            return float(m.group(1)) * UNITS.get(m.group(2), 1), v
        except ValueError:
            pass
    return math.inf, v


def number(cell):
    return float(cell) if cell not in ("", None) else math.nan


def plot_panel(ax, rows, a, metric, facet, xs_all):
    for s in dict.fromkeys(r[a.by] for r in rows):
        pts = [r for r in rows if r[a.by] == s and (facet is None or r[a.facet] == facet)]
        pts.sort(key=lambda r: xs_all.index(r[a.x]))
        x = [xs_all.index(r[a.x]) for r in pts]
        m = [number(r[metric + "_mean"]) for r in pts]
        ci = [number(r.get(metric + "_ci95")) for r in pts]
        line, = ax.plot(x, m, marker="o", ms=3, label=s)
        if not all(math.isnan(c) for c in ci):
            ax.fill_between(x, [u - c for u, c in zip(m, ci)], [u + c for u, c in zip(m, ci)], color=line.get_color(),
                            alpha=0.2, lw=0)
    ax.set_xticks(range(len(xs_all)), xs_all, rotation=90 if len(xs_all) > 8 else 0, fontsize=8)
    ax.set_xlabel(a.x)
    if facet is not None:
        ax.set_title(f"{a.facet} = {facet}", fontsize=9)
    ax.grid(alpha=0.3)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--x", required=True)
    ap.add_argument("--by", required=True)
    ap.add_argument("--facet")
    ap.add_argument("--where", action="append", default=[])
    ap.add_argument("--metric", required=True, action="append")
    ap.add_argument("--out")
    a = ap.parse_args()
    with open(os.path.join(a.dir, "aggregate.csv")) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise SystemExit("plot-sweep: aggregate.csv is empty")
    for col in [a.x, a.by, a.facet] + [m + "_mean" for m in a.metric]:
        if col and col not in rows[0]:
            raise SystemExit(f"plot-sweep: no column '{col}' in {a.dir}/aggregate.csv")
    for w in a.where:
        k, v = w.split("=", 1)
        rows = [r for r in rows if r.get(k) == v]
    facets = list(dict.fromkeys(r[a.facet] for r in rows)) if a.facet else [None]
    fig, axes = plt.subplots(len(a.metric), len(facets), figsize=(3.4 * len(facets) + 1.5, 3.4 * len(a.metric) + 0.4),
                             sharey="row", squeeze=False)
    xs_all = sorted({r[a.x] for r in rows}, key=magnitude)
    for row_axes, metric in zip(axes, a.metric):
        for ax, facet in zip(row_axes, facets):
            plot_panel(ax, rows, a, metric, facet, xs_all)
        row_axes[0].set_ylabel(metric + " (mean, 95% CI)")
    axes[0][-1].legend(title=a.by, fontsize=8, title_fontsize=8, loc="best")
    fig.tight_layout()
    out = a.out or os.path.join(a.dir, f"{'-'.join(a.metric)}.png")
    fig.savefig(out, dpi=110)
    print(f"plot-sweep: wrote {out}")


if __name__ == "__main__":
    main()
