#!/usr/bin/python3
"""Plots the paper-figure scenarios beside MODI's published numbers and writes the comparison
table docs/paper-figures.md. Reads configs/paper/reference.csv (the regression tests' expected
values) and the run outputs under --runs (fig2/, fig3/, fig4/ with requests.csv).
Usually called by scripts/paper-figures, which runs the scenarios first."""
import argparse
import csv
import os
import statistics as st

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEVICES = [("nexus5", "Nexus 5"), ("lg_g3", "LG G3"), ("moto_g5_plus", "Moto G5 Plus"), ("pixel2", "Pixel 2")]
NETWORKS = [("campus_wifi", "Campus WiFi"), ("public_wifi", "Public WiFi"), ("lte", "Cellular LTE"),
            ("home_wifi", "Home WiFi"), ("hotspot_lte", "Hotspot LTE")]
VARIANTS = [("retrained", "retrained"), ("optimized", "optimized"), ("rounded", "rounded"),
            ("8bit_quantized", "8-bit")]
PAPER_COLOR, SIM_COLORS = "#9e9e9e", ["#4c72b0", "#dd8452", "#55a868"]


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def reference():
    return {(r["figure"], r["key"], r["metric"]): r
            for r in read_csv(os.path.join(ROOT, "configs", "paper", "reference.csv"))}


def ms(rows, cols):
    return [sum(float(r[c]) for c in cols) * 1e3 for r in rows]


def by(rows, col, key, skip=0):
    out = [r for r in rows if r[col] == key]
    return out[skip:]


def models_csv():
    return {r["model"]: r for r in read_csv(os.path.join(ROOT, "traces", "models.csv"))}


def simulated(runs):
    """Every value the reference table names, computed from the runs."""
    sim = {}
    r3 = read_csv(os.path.join(runs, "fig3", "requests.csv"))
    for d, _ in DEVICES:
        g = by(r3, "device", d)
        sim[("fig3", d, "image_load_ms")] = st.mean(ms(g, ["image_load_s"]))
        sim[("fig3", d, "model_load_ms")] = st.mean(ms(g, ["model_load_s"]))
        sim[("fig3", d, "inference_ms")] = st.mean(ms(g, ["inference_s"]))
        sim[("fig3", d, "total_ms")] = st.mean(ms(g, ["latency_s"]))
        sim[("fig3", d, "total_sd_ms")] = st.stdev(ms(g, ["latency_s"]))
    r4 = read_csv(os.path.join(runs, "fig4", "requests.csv"))
    totals, shares = [], {}
    for n, _ in NETWORKS:
        g = by(r4, "network", n)
        tr, tot = ms(g, ["upload_s", "download_s"]), ms(g, ["latency_s"])
        sim[("fig4", n, "transfer_ms")] = st.mean(tr)
        sim[("fig4", n, "edge_inference_ms")] = st.mean(ms(g, ["inference_s"]))
        sim[("fig4", n, "total_ms")] = st.mean(tot)
        sim[("fig4", n, "transfer_share")] = shares[n] = st.mean(tr) / st.mean(tot)
        sim[("fig4", n, "transfer_sd_ms")] = st.stdev(tr)
        totals.append(st.mean(tot))
    sim[("fig4", "all", "total_min_ms")] = min(totals)
    sim[("fig4", "all", "total_max_ms")] = max(totals)
    sim[("fig4", "hotspot_lte", "largest_transfer_share")] = max(shares.values())
    cat = models_csv()
    size = lambda m: float(cat[m]["size_bytes"])  # noqa: E731
    sim[("fig2", "inception_v3_8bit_quantized", "storage_saving_plain")] = \
        1 - size("inception_v3_8bit_quantized") / size("inception_v3_retrained")
    sim[("fig2", "inception_v3_8bit_quantized", "storage_saving_gzip")] = \
        1 - size("inception_v3_8bit_quantized_gz") / size("inception_v3_retrained_gz")
    for m in ("inception_v3_retrained", "inception_v3_optimized", "inception_v3_rounded"):
        sim[("fig2", m, "gzip_saving")] = 1 - size(m + "_gz") / size(m)
    r2 = read_csv(os.path.join(runs, "fig2", "requests.csv"))
    sim[("fig2", "inception_v3_optimized", "warm_inference_ms")] = st.mean(ms(by(r2, "phone", "warm", 1), ["inference_s"]))
    load = {p: st.mean(ms(by(r2, "phone", p), ["model_load_s"])) for p, _ in VARIANTS}
    infer = {p: st.mean(ms(by(r2, "phone", p), ["inference_s"])) for p, _ in VARIANTS}
    total = {p + sfx: st.mean(ms(by(r2, "phone", p + sfx), ["latency_s"])) for p, _ in VARIANTS for sfx in ("", "-gzip")}
    sim[("fig2", "inception_v3_8bit_quantized", "lowest_model_load")] = float(min(load, key=load.get) == "8bit_quantized")
    sim[("fig2", "inception_v3_8bit_quantized", "inference_above_float")] = float(infer["8bit_quantized"] > infer["optimized"])
    sim[("fig2", "inception_v3_8bit_quantized", "fastest_end_to_end")] = float(min(total, key=total.get) == "8bit_quantized")
    return sim, r2, r3, r4


def stacked(ax, x, parts, colors, labels, width, err=None, hatch=None, edge=None):
    bottom = [0.0] * len(x)
    for vals, c, lab in zip(parts, colors, labels):
        ax.bar(x, vals, width, bottom=bottom, color=c, label=lab, hatch=hatch, edgecolor=edge or c)
        bottom = [b + v for b, v in zip(bottom, vals)]
    if err is not None:
        ax.errorbar(x, bottom, yerr=err, fmt="none", ecolor="black", capsize=3, lw=1)


def fig3(ref, r3, out):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    xs = range(len(DEVICES))
    w = 0.38
    paper = [[float(ref[("fig3", d, m)]["paper_value"]) for d, _ in DEVICES]
             for m in ("image_load_ms", "model_load_ms", "inference_ms")]
    perr = [float(ref[("fig3", d, "total_sd_ms")]["paper_value"]) for d, _ in DEVICES]
    simv = [[st.mean(ms(by(r3, "device", d), [c])) for d, _ in DEVICES]
            for c in ("image_load_s", "model_load_s", "inference_s")]
    serr = [st.stdev(ms(by(r3, "device", d), ["latency_s"])) for d, _ in DEVICES]
    stacked(ax, [x - w / 2 for x in xs], paper, ["#d0d0d0", "#a0a0a0", "#606060"],
            ["paper: image load", "paper: model load", "paper: inference"], w, perr)
    stacked(ax, [x + w / 2 for x in xs], simv, ["#c6dbef", "#6baed6", "#2171b5"],
            ["modisim: image load", "modisim: model load", "modisim: inference"], w, serr)
    ax.set_xticks(list(xs), [lab for _, lab in DEVICES])
    ax.set_ylabel("end-to-end classification time (ms)")
    ax.set_title("MODI Fig 3: cold-start InceptionV3 on each phone (left: paper, right: modisim)")
    ax.legend(fontsize=8, ncol=2, loc="upper right")
    ax.set_ylim(0, 4300)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fig3.png"), dpi=110)


def fig4(ref, r4, out):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    xs = range(len(NETWORKS))
    w = 0.38
    paper = [[float(ref[("fig4", n, m)]["paper_value"]) for n, _ in NETWORKS] for m in ("transfer_ms", "edge_inference_ms")]
    perr = [float(ref[("fig4", n, "transfer_sd_ms")]["paper_value"]) for n, _ in NETWORKS]
    simv = [[st.mean(ms(by(r4, "network", n), c)) for n, _ in NETWORKS]
            for c in (["upload_s", "download_s"], ["inference_s"])]
    serr = [st.stdev(ms(by(r4, "network", n), ["upload_s", "download_s"])) for n, _ in NETWORKS]
    stacked(ax, [x - w / 2 for x in xs], paper, ["#a0a0a0", "#606060"], ["paper: transfer", "paper: inference"], w, perr)
    stacked(ax, [x + w / 2 for x in xs], simv, ["#fdae6b", "#e6550d"], ["modisim: transfer", "modisim: inference"], w, serr)
    ax.set_xticks(list(xs), [lab for _, lab in NETWORKS])
    ax.set_ylabel("edge classification time (ms)")
    ax.set_title("MODI Fig 4: edge inference per connection type (left: paper, right: modisim)")
    ax.legend(fontsize=8, loc="upper left")
    ax.set_ylim(0, 950)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fig4.png"), dpi=110)


def fig2(ref, r2, out):
    cat = models_csv()
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.5))
    xs = range(len(VARIANTS))
    w = 0.38
    plain = [float(cat["inception_v3_" + v]["size_bytes"]) / 1e6 for v, _ in VARIANTS]
    gz = [float(cat["inception_v3_" + v + "_gz"]["size_bytes"]) / 1e6 for v, _ in VARIANTS]
    a1.bar([x - w / 2 for x in xs], plain, w, color="#4c72b0", label="plain")
    a1.bar([x + w / 2 for x in xs], gz, w, color="#55a868", label="gzip")
    base = plain[0]
    claims = {"8bit_quantized": (0.25 * base, 0.25 * base * 0.93), "rounded": (None, base * (1 - 0.726))}
    for i, (v, _) in enumerate(VARIANTS):
        p, g = claims.get(v, (None, base * 0.93))
        if p:
            a1.plot([i - w / 2 - w / 2, i], [p, p], color="black", lw=2)
        if g:
            a1.plot([i, i + w], [g, g], color="black", lw=2)
    a1.plot([], [], color="black", lw=2, label="paper's stated saving")
    a1.set_xticks(list(xs), [lab for _, lab in VARIANTS])
    a1.set_ylabel("model size (MB)")
    a1.set_title("Fig 2(a): storage, plain vs gzip")
    a1.legend(fontsize=8)
    labels, loads, infs, errs, accs = [], [], [], [], []
    for v, lab in VARIANTS:
        for sfx, sl in (("", ""), ("-gzip", "\n+gzip")):
            g = by(r2, "phone", v + sfx)
            labels.append(lab + sl)
            loads.append(st.mean(ms(g, ["image_load_s", "model_load_s"])))
            infs.append(st.mean(ms(g, ["inference_s"])))
            errs.append(st.stdev(ms(g, ["latency_s"])))
            accs.append(float(g[0]["accuracy"]) * 100)
    x2 = range(len(labels))
    stacked(a2, list(x2), [loads, infs], ["#6baed6", "#2171b5"], ["image + model load (cold)", "inference"], 0.6, errs)
    warm = float(ref[("fig2", "inception_v3_optimized", "warm_inference_ms")]["paper_value"])
    a2.axhline(warm, color="black", ls="--", lw=1, label=f"paper: Pixel 2 warm inference {warm:.0f} ms")
    for x, t, acc in zip(x2, [a + b for a, b in zip(loads, infs)], accs):
        a2.text(x, t + 60, f"{acc:.1f}%", ha="center", fontsize=7)
    a2.set_xticks(list(x2), labels, fontsize=7)
    a2.set_ylabel("time per cold request (ms); labels: top-1 accuracy")
    a2.set_title("Fig 2(b): Pixel 2, per request (modisim)")
    a2.set_ylim(0, 2600)
    a2.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fig2.png"), dpi=110)


def table(ref, sim, out):
    lines = ["# MODI paper figures: paper vs modisim", "",
             "Generated by `scripts/paper-figures` from the run outputs and `configs/paper/reference.csv`; "
             "do not edit by hand. The same values and tolerances are asserted by the ctest label `paper`.", "",
             "![Fig 2](figures/fig2.png)", "", "![Fig 3](figures/fig3.png)", "", "![Fig 4](figures/fig4.png)", "",
             "| figure | item | metric | paper | modisim | difference | tolerance | within |",
             "|---|---|---|---|---|---|---|---|"]
    for key, r in ref.items():
        p, s, tol, kind = float(r["paper_value"]), sim[key], float(r["tolerance"]), r["tolerance_kind"]
        if kind == "claim":
            ok = s == p
            lines.append(f"| {key[0]} | {key[1]} | {key[2]} | holds | {'holds' if s else 'does not hold'} | | claim | "
                         f"{'yes' if ok else 'NO'} |")
            continue
        diff = (s - p) / p if kind == "rel" else s - p
        ok = abs(diff) <= tol
        dtxt = f"{diff * 100:+.1f}%" if kind == "rel" else f"{diff:+.3f}"
        ttxt = f"±{tol * 100:.0f}%" if kind == "rel" else f"±{tol}"
        lines.append(f"| {key[0]} | {key[1]} | {key[2]} | {p:g} | {s:.4g} | {dtxt} | {ttxt} | {'yes' if ok else 'NO'} |")
    lines += ["", "Sources of every paper value: `configs/paper/reference.csv` (column `source`); "
              "trace derivation and assumptions: `traces/README.md`.", ""]
    with open(os.path.join(out, "paper-figures.md"), "w") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", default=os.path.join(ROOT, "results", "paper"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs"))
    a = ap.parse_args()
    figdir = os.path.join(a.out, "figures")
    os.makedirs(figdir, exist_ok=True)
    ref = reference()
    sim, r2, r3, r4 = simulated(a.runs)
    fig2(ref, r2, figdir)
    fig3(ref, r3, figdir)
    fig4(ref, r4, figdir)
    table(ref, sim, a.out)
    print(f"paper-figures: wrote {figdir}/fig2.png, fig3.png, fig4.png and {a.out}/paper-figures.md")


if __name__ == "__main__":
    main()
