#!/usr/bin/env python3
"""A run's report (modisim report DIR): PNGs and one Markdown page, DIR/report/report.md.

  latency.png     latency CDF of answered requests, per site that answered (device, edge, cloud)
  goals.png       deadline and goal attainment over time (requests binned by issue time)
  servers.png     per server: requests waiting for a core and cores busy over time, from each
                  answered remote request's recorded arrival, wait and service
  battery.png     the phones' mean state of charge over time: each request's energy counted when
                  it finished, the idle and unattributed energy spread evenly over the phone's horizon
                  (requests.csv does not record when within a request its energy was drawn)

Everything is derived from the run's CSV files; nothing is simulated again.
"""
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BINS = 60


def load(d, name):
    with open(os.path.join(d, name)) as f:
        return list(csv.DictReader(f))


def fnum(x):
    return float(x) if x not in ("", None) else math.nan


def latency_cdf(reqs, out):
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for site in sorted({r["site"] for r in reqs if r["status"] == "ok"}):
        xs = sorted(1000 * float(r["latency_s"]) for r in reqs if r["status"] == "ok" and r["site"] == site)
        ax.step(xs, [(i + 1) / len(xs) for i in range(len(xs))], where="post", label=f"{site} ({len(xs)})")
    ax.set_xlabel("latency (ms)")
    ax.set_ylabel("fraction of answered requests")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def over_time(reqs, end, out):
    width = end / BINS
    issued, slo, goal = [0] * BINS, [0] * BINS, [0] * BINS
    for r in reqs:
        b = min(BINS - 1, int(float(r["issued_at_s"]) / width))
        issued[b] += 1
        slo[b] += int(r["slo_met"])
        goal[b] += int(r["goal_met"])
    t = [(b + 0.5) * width for b in range(BINS) if issued[b]]
    fig, ax = plt.subplots(figsize=(5, 3.6))
    ax.plot(t, [slo[b] / issued[b] for b in range(BINS) if issued[b]], label="deadline met")
    ax.plot(t, [goal[b] / issued[b] for b in range(BINS) if issued[b]], label="goal met (deadline and accuracy)")
    ax.set_xlabel("issue time (s)")
    ax.set_ylabel("fraction of requests issued")
    ax.set_ylim(-0.02, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def server_load(reqs, servers, end, out):
    """Step functions of waiting and busy counts per server from [arrival, start) and [start, end)."""
    cores = {s["server"]: int(s["cores"]) for s in servers}
    events = {s: [] for s in cores}
    for r in reqs:
        if r["status"] != "ok" or r["site"] == "device" or r["host"] not in events:
            continue
        arrive = float(r["issued_at_s"]) + float(r["image_load_s"]) + float(r["upload_s"])
        start = arrive + float(r["queue_s"])
        done = start + float(r["model_load_s"]) + float(r["inference_s"])
        # at equal times a core is freed first, then a request arrives, then one starts
        events[r["host"]] += [(arrive, 1, 1, 0), (start, 2, -1, 1), (done, 0, 0, -1)]
    shown = [s for s in cores if events[s]][:6]
    fig, axes = plt.subplots(len(shown) or 1, 1, figsize=(6, 2.2 * max(1, len(shown))), squeeze=False, sharex=True)
    for ax, s in zip(axes[:, 0], shown):
        t, wait, busy, w, b = [0.0], [0], [0], 0, 0
        for when, _, dw, db in sorted(events[s]):
            w, b = w + dw, b + db
            t.append(when)
            wait.append(w)
            busy.append(b)
        ax.step(t, wait, where="post", label="waiting for a core")
        ax.step(t, busy, where="post", label=f"cores busy (of {cores[s]})")
        ax.set_title(s, fontsize=9)
        ax.set_xlim(0, end)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="upper right")
    axes[-1][0].set_xlabel("time (s)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return {s: sum(1 for e in events[s] if e[1] == 1) for s in shown}


def battery(reqs, phones, end, out):
    ts = [end * i / BINS for i in range(BINS + 1)]
    drawn = {p["phone"]: [0.0] * len(ts) for p in phones}
    for p in phones:
        horizon = max(fnum(p["horizon_s"]), 1e-9)
        background = fnum(p["idle_energy_j"]) + fnum(p["unattributed_energy_j"])
        for i, t in enumerate(ts):
            drawn[p["phone"]][i] += background * min(t, horizon) / horizon
    for r in reqs:
        if r["phone"] in drawn:
            done = float(r["finished_at_s"])
            for i, t in enumerate(ts):
                if t >= done:
                    drawn[r["phone"]][i] += float(r["energy_j"])
    soc = []
    for i in range(len(ts)):
        fractions = [100 * max(0.0, 1 - drawn[p["phone"]][i] / fnum(p["battery_start_j"])) for p in phones]
        soc.append(sum(fractions) / len(fractions))
    fig, ax = plt.subplots(figsize=(5, 3.6))
    ax.plot(ts, soc)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("mean state of charge (% of start)")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: modisim report DIR")
    d = sys.argv[1]
    for f in ("requests.csv", "summary.csv", "servers.csv", "phones.csv"):
        if not os.path.isfile(os.path.join(d, f)):
            print(f"modisim: error: {d}: no {f} (expected the output directory of a finished run)", file=sys.stderr)
            sys.exit(2)
    reqs, summary = load(d, "requests.csv"), load(d, "summary.csv")[0]
    servers, phones = load(d, "servers.csv"), load(d, "phones.csv")
    end = max(float(summary["sim_end_s"]), 1e-9)
    out = os.path.join(d, "report")
    os.makedirs(out, exist_ok=True)
    latency_cdf(reqs, os.path.join(out, "latency.png"))
    over_time(reqs, end, os.path.join(out, "goals.png"))
    served = server_load(reqs, servers, end, os.path.join(out, "servers.png"))
    battery(reqs, phones, end, os.path.join(out, "battery.png"))
    pct = lambda k: "-" if summary[k] == "" else f"{100 * float(summary[k]):.1f}%"
    lines = [f"# Run report: {os.path.abspath(d)}", "",
             f"{summary['requests']} requests ({summary['ok']} answered, {summary['failed']} failed) over "
             f"{float(summary['sim_end_s']):.1f} s; deadlines met {pct('slo_attainment')}, goals met "
             f"{pct('goal_attainment')}, answered {pct('availability')}, offloaded {pct('offload_fraction')}.", "",
             "## Latency of answered requests, per site", "", "![latency](latency.png)", "",
             "## Deadline and goal attainment over time", "", "![goals](goals.png)", "",
             "## Servers: waiting requests and busy cores", "",
             "Answered remote requests per server: " + ", ".join(f"{s} {n}" for s, n in served.items()), "",
             "![servers](servers.png)", "", "## Phones' battery", "",
             "Requests' energy counted when they finished, idle energy spread over each phone's horizon.", "",
             "![battery](battery.png)", ""]
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"report: {out}/report.md and 4 PNGs")


if __name__ == "__main__":
    main()
