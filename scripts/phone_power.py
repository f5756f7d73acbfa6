#!/usr/bin/env python3
"""Phone phase powers: the Pixel 2 calibrated against the battery drain the MODI app logged, the
other phones scaled by the same recipe applied to their own Android power profiles.

    python3 scripts/phone_power.py [--shared ../shared]      prints the derivation

derive_traces.py imports it to write traces/devices.csv and the calibration layer
traces/modi-app-pixel2/. Standard library only. Every constant's source is given where it is
defined; the method is explained in traces/README.md ("Phone power").
"""
import argparse
import math
import os
import sqlite3

# --- Pixel 2 battery and fuel gauge ----------------------------------------------------------
BATT_MAH = 2700.0   # Pixel 2 battery, manufacturer specification
BATT_V = 3.85       # nominal voltage, manufacturer specification (modisim's capacity_j convention)
J_PER_MAH = 3.6 * BATT_V
# Pixel 2 kernel (android_kernel_google_wahoo, qpnp-fg-gen3.c, fg_get_msoc): the displayed percent
# is DIV_ROUND_CLOSEST(msoc_raw * 100, 255) of the fuel gauge's 8-bit state of charge, so one
# percent step is 2 or 3 raw steps of 1/255 of the charge.
FULL_SOC_RAW = 255
J_PER_RAW = BATT_MAH / FULL_SOC_RAW * J_PER_MAH
# The app logs battery_level = 2700 x BATTERY_PROPERTY_CAPACITY / 100 (MODI app, MobileInference.java
# getBattery()): whole percents times 27.
LEVEL_PER_PERCENT = 27.0
GAP_S = 0.020            # assumed idle time per run the app does not log (SQLite insert, UI update)
CAPACITY_SYSTEMATIC = 0.03  # assumed +-3%: fuel-gauge gain and learned capacity vs the 2700 mAh design
BRIGHTNESS = 0.5         # assumed screen brightness (screen.on + brightness x screen.full)

# --- Android power_profile.xml values (mA from the battery) ------------------------------------
# Pixel 2 (walleye): AOSP device/google/muskie, walleye/overlay/frameworks/base/core/res/res/xml/
# power_profile.xml. idle = cpu.idle + cpu.awake; one big core (cluster1) at 2457.6 MHz.
PIXEL2 = dict(idle_ma=15.0 + 14.38, screen_on_ma=118.46, screen_full_ma=88.27, core_ma=342.99, cores=4, v=BATT_V)
# name: (nominal V, idle mA, screen.on, screen.full, core mA at fmax, cores busy in inference)
OTHERS = {
    # Nexus 5 (Snapdragon 800): AOSP device/lge/hammerhead power_profile.xml, "measured with Vout 4.0V"
    "nexus5": (3.8, 3.2 + 17.4, 82.75, 201.16, 386.2, 4),
    # LG G3 (Snapdragon 801): LineageOS android_device_lge_g3-common power_profile.xml
    "lg_g3": (3.8, 3.57 + 34.40, 136.43, 228.00, 338.2, 4),
    # Moto G5 Plus (Snapdragon 625, 8 cores): no public profile; the same SoC's cores from LineageOS
    # android_device_xiaomi_mido; screen from the Nexus 5 (5" 1080p LCD), assumed
    "moto_g5_plus": (3.8, 4.9 + 8.1, 82.75, 201.16, 113.6, 8),
}


def watts(ma, volts):
    return ma * volts / 1000.0


def _solve3(a, b):
    """Solves the 3x3 system a x = b (Gaussian elimination with partial pivoting)."""
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(3):
        p = max(range(c, 3), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, 3):
            f = m[r][c] / m[c][c]
            for k in range(c, 4):
                m[r][k] -= f * m[c][k]
    x = [0.0] * 3
    for r in (2, 1, 0):
        x[r] = (m[r][3] - sum(m[r][k] * x[k] for k in range(r + 1, 3))) / m[r][r]
    return x


def ols3(rows, y):
    """Least squares with three columns; returns coefficients and their standard errors."""
    xtx = [[sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    xty = [sum(r[i] * yi for r, yi in zip(rows, y)) for i in range(3)]
    b = _solve3(xtx, xty)
    resid = [yi - sum(bi * ri for bi, ri in zip(b, r)) for r, yi in zip(rows, y)]
    s2 = sum(e * e for e in resid) / (len(y) - 3)
    inv = [_solve3(xtx, [1.0 if i == j else 0.0 for i in range(3)]) for j in range(3)]
    return b, [math.sqrt(s2 * inv[i][i]) for i in range(3)]


def percent_of_raw(raw):
    return (raw * 100 + FULL_SOC_RAW // 2) // FULL_SOC_RAW


def measure_pixel2(db_path):
    """Whole-phone energy per cold InceptionV3 run from the logged battery level: each 1% step is
    placed at the run during which it happened and converted to the fuel gauge's raw steps; the
    cumulative drain is fitted against the run count with an offset for the pause between the two
    1000-run batches. Returns the energy per run, its uncertainty and the mean logged times."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = con.execute("select _id, load_time, preprocess_time, infer_time, battery_level "
                       "from inference_results order by _id").fetchall()
    con.close()
    ids = [r[0] for r in rows]
    level = [round(float(r[4]) / LEVEL_PER_PERCENT) for r in rows]
    steps = [i for i in range(1, len(rows)) if level[i] < level[i - 1]]
    assert all(level[i - 1] - level[i] == 1 for i in steps), "every logged step is one percent"
    raw_min = {p: min(r for r in range(FULL_SOC_RAW + 1) if percent_of_raw(r) == p) for p in set(level)}
    first = level[steps[0] - 1]
    drop_j = [(raw_min[first] - raw_min[level[i - 1]]) * J_PER_RAW for i in steps]
    x = [[1.0, ids[i] - 0.5, 1.0 if ids[i] > 1000 else 0.0] for i in steps]
    b, se = ols3(x, drop_j)
    e_run = b[1]
    window = range(steps[0], steps[-1])
    mean = lambda k: sum(float(rows[i][k]) for i in window) / len(window) / 1000.0
    return dict(e_run_j=e_run, stat_se_j=se[1], u_j=e_run * math.hypot(se[1] / e_run, CAPACITY_SYSTEMATIC),
                t_img_s=mean(2), t_load_s=mean(1), t_inf_s=mean(3), gap_s=GAP_S, pause_j=b[2],
                transitions=len(steps))


def powers(m):
    """Per-device phase powers (W). Pixel 2: idle, screen and one big core from its profile; the
    inference power is what makes one replayed run draw the measured energy. Others: the same
    recipe on their own profiles, times the Pixel 2's calibration factor for inference."""
    p = PIXEL2
    idle = watts(p["idle_ma"], p["v"])
    screen = watts(p["screen_on_ma"] + BRIGHTNESS * p["screen_full_ma"], p["v"])
    core = watts(p["core_ma"], p["v"])
    cycle = m["t_img_s"] + m["t_load_s"] + m["t_inf_s"] + m["gap_s"]
    inf = (m["e_run_j"] - (idle + screen) * cycle - core * (m["t_img_s"] + m["t_load_s"])) / m["t_inf_s"]
    k_inf = inf / (p["cores"] * core)
    out = {"pixel2": dict(idle=idle, screen=screen, image_load=core, model_load=core, inference=inf)}
    for name, (v, idle_ma, son, sfull, core_ma, cores) in OTHERS.items():
        c = watts(core_ma, v)
        out[name] = dict(idle=watts(idle_ma, v), screen=watts(son + BRIGHTNESS * sfull, v), image_load=c,
                         model_load=c, inference=k_inf * cores * c)
    return out, k_inf


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    a = ap.parse_args()
    m = measure_pixel2(os.path.join(a.shared, "data", "modi-app", "pixel2_cold_inception_v3.db"))
    print(f"Pixel 2 cold InceptionV3: {m['e_run_j']:.3f} J per run (statistical SE {m['stat_se_j']:.3f} J, "
          f"u {m['u_j']:.3f} J with +-{CAPACITY_SYSTEMATIC:.0%} capacity), {m['transitions']} battery steps, "
          f"pause between batches {m['pause_j']:.0f} J")
    print(f"mean logged times: image {m['t_img_s']*1e3:.2f} ms, load {m['t_load_s']*1e3:.1f} ms, "
          f"inference {m['t_inf_s']*1e3:.1f} ms (+ {m['gap_s']*1e3:.0f} ms assumed gap)")
    table, k_inf = powers(m)
    print(f"inference calibration factor (calibrated / 4 big cores of the profile): {k_inf:.3f}")
    for name, pw in table.items():
        print(f"  {name:13s} " + "  ".join(f"{k} {v:.3f} W" for k, v in pw.items()))


if __name__ == "__main__":
    main()
