#!/usr/bin/env python3
"""Derive modisim's shipped trace tables (traces/*.csv) from the reference figures and the
MODI app's raw measurements. Run from anywhere:

    python3 scripts/derive_traces.py [--shared ../shared] [--out traces]

Inputs (read only, never copied into the repo):
  shared/reference/modi_fig3_devices.csv         MODI Fig 3 (per-device cold-start InceptionV3)
  shared/reference/modi_fig4_networks.csv        MODI Fig 4 (edge inference per connection type)
  shared/reference/mdinference_server_models.csv MDInference server inference times
  shared/reference/radio_power_huang2012.csv     radio power model (Huang et al. 2012)
  shared/data/modi-app/flowers_34_models.db      34 flower models measured on one phone
  shared/data/modi-app/pixel2_cold_inception_v3.db  Pixel 2, InceptionV3 variants, cold runs
Every assumption made here is also stated in traces/README.md.
"""
import argparse
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modi_app_db  # noqa: E402  (reading the MODI app databases, scripts/modi_app_db.py)
import phone_power  # noqa: E402  (the Pixel 2 drain calibration, scripts/phone_power.py)
from trace_tables import (DEVICE_COLUMNS, POWER_COLUMNS, QUANTILE_COLUMNS, TIMING_COLUMNS, fmt, mean,  # noqa: E402
                          measured_quantile_rows, measured_rows, write_table)

# MobileNet v1 parameter counts by width multiplier (Howard et al. 2017, "MobileNets", Table 6/7).
MOBILENET_PARAMS = {"1.0": 4.2e6, "0.75": 2.6e6, "0.50": 1.3e6, "0.25": 0.5e6}
# Multiply-adds per inference (millions), the regression profiler's feature. MobileNet v1 per width
# and input size: TF-slim research/slim/nets/mobilenet_v1.md (Howard et al. 2017, Tables 6-7, give
# 569/325/149/41 M at 224). InceptionV3 at 299x299: 5734.5 M (11.469 GFLOPs, OpenVINO's description
# of the TF-slim model; Szegedy et al. 2016: "5 billion multiply-adds"). 8-bit graphs do the same MACs.
MOBILENET_MACS_M = {("1.0", 224): 569, ("1.0", 192): 418, ("1.0", 160): 291, ("1.0", 128): 186,
                    ("0.75", 224): 317, ("0.75", 192): 233, ("0.75", 160): 162, ("0.75", 128): 104,
                    ("0.50", 224): 150, ("0.50", 192): 110, ("0.50", 160): 77, ("0.50", 128): 49,
                    ("0.25", 224): 41, ("0.25", 192): 34, ("0.25", 160): 21, ("0.25", 128): 14}
INCEPTION_MACS_M = 5734.5
INCEPTION_INPUT_PX = 299
# Retrained InceptionV3 graph (TensorFlow for Poets) is about 87 MB; 8-bit keeps 25% (MODI text).
INCEPTION_FLOAT_BYTES = 87e6
# Batteries: manufacturers' specifications (mAh, nominal V). Phase powers: scripts/phone_power.py
# (Android power profiles, the Pixel 2 calibrated against the MODI app's battery drain).
DEVICES = [
    # name, label, fig3 name, year, battery_mah, battery_v
    ("nexus5", "LG Nexus 5", "Nexus 5", 2013, 2300, 3.8),
    ("lg_g3", "LG G3", "LG G3", 2014, 3000, 3.8),
    ("moto_g5_plus", "Motorola Moto G5 Plus", "Moto G5 Plus", 2016, 3000, 3.8),
    ("pixel2", "Google Pixel 2", "Pixel 2", 2017, 2700, 3.85),
]
# devices.csv power column -> phone_power.powers() key
POWER_KEYS = dict(zip(POWER_COLUMNS, ("idle", "screen", "image_load", "model_load", "inference")))
# Servers: power of the whole host idle and with every core busy (assumed, traces/README.md).
SERVER_POWER = {"t2.medium": (10.0, 30.0), "c5": (40.0, 120.0), "p2": (80.0, 250.0)}
# Connection types of MODI Fig 4. Link parameters are assumptions (the measured transfer time is
# reproduced regardless: the remainder becomes a calibrated extra delay).
NETWORKS = [
    # name, fig4 label, radio, uplink_bps, downlink_bps, one-way latency ms
    ("campus_wifi", "Campus WiFi", "wifi", 50e6, 50e6, 10.5),
    ("public_wifi", "Public WiFi", "wifi", 10e6, 20e6, 20.0),
    ("lte", "Cellular LTE", "lte", 10e6, 30e6, 35.0),
    ("home_wifi", "Home WiFi", "wifi", 20e6, 50e6, 15.0),
    ("hotspot_lte", "Cellular Hotspot LTE", "lte", 5e6, 10e6, 50.0),
]
REF_UPLOAD_BYTES = 25000   # MODI app: 299x299 JPEG at quality 90, about 20-30 KB
REF_DOWNLOAD_BYTES = 200   # label and confidence
T2_MEDIUM_INCEPTION_MS = 207.0  # MODI Fig 4 edge inference
T2_MEDIUM_INCEPTION_ERR_MS = 6.0
SERVER_MODEL_LOAD_BPS = 800e6   # assumed: 100 MB/s from local storage into memory
# gzip decompression on the phone (decompressed bytes per second): assumed 150 MB/s on the Pixel 2,
# other devices scaled by their Fig 3 model-load time relative to the Pixel 2.
PIXEL2_INFLATE_BPS = 150e6 * 8
# MODI Fig 2 variants of the retrained InceptionV3 (task flowers_inception_variants).
GZIP_FACTOR_FLOAT = 0.93     # MODI text: gzip saves about 7% on the unquantized models
GZIP_FACTOR_ROUNDED = 0.274  # MODI text: rounded model 72.6% smaller after gzip
EIGHT_BIT_FACTOR = 0.25      # MODI text: 8-bit saves 75% with or without gzip


# TF Lite hosted models (tensorflow/lite/g3doc/guide/hosted_models.md, "Floating point models"):
# file size in MB of the float models MDInference serves (its top-1 values equal that table's).
TFLITE_FLOAT_MB = {"densenet": 43.6, "inception_resnet_v2": 121.0, "inception_v3": 95.3, "inception_v4": 170.7,
                   "nasnet_large": 355.3, "nasnet_mobile": 21.4, "squeezenet": 5.0,
                   "mobilenet_v1_0.25": 1.9, "mobilenet_v1_0.5": 5.3, "mobilenet_v1_0.75": 10.3, "mobilenet_v1_1.0": 16.9}


def read_rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def write_mdinference_layer(out, ref):
    """A trace layer for MDInference's simulation (Ogden & Guo, IC2E 2020): its 23 ImageNet models
    (task imagenet) with their p2 and c5 service times, and its three networks as one normal
    one-way draw per request, truncated at zero and used for both legs, on links that add no time."""
    os.makedirs(out, exist_ok=True)
    rows = read_rows(os.path.join(ref, "mdinference_server_models.csv"))
    name = lambda m: "imagenet_" + m.replace("_0.5_", "_0.50_")
    models = []
    for r in rows:
        m = r["model"]
        family = "mobilenet_v1" if m.startswith("mobilenet_v1") else m
        mb = TFLITE_FLOAT_MB[m.rsplit("_", 1)[0] if family == "mobilenet_v1" else m]
        models.append(["imagenet", name(m), family, "float", fmt(float(r["top1_pct"]) / 100), fmt(mb * 1e6),
                       "top1: MDInference Shared.py; size: TF Lite hosted models (float)"])
    write_table(os.path.join(out, "models.csv"),
                ["task", "model", "family", "variant", "top1", "size_bytes", "source"], models)
    write_table(os.path.join(out, "server_timings.csv"), ["server", "model", "dist", "mean_ms", "sd_ms", "shape", "source"],
                [[server, name(r["model"]), "normal", r[col + "_mean_ms"], r[col + "_sd_ms"], "",
                  f"MDInference Shared.py ({server})"]
                 for server, col in (("p2", "gpu_p2"), ("c5", "cpu_c5")) for r in rows])
    networks = []
    for r in read_rows(os.path.join(ref, "mdinference_networks.csv")):
        mu, sd = float(r["one_way_mean_ms"]), float(r["one_way_sd_ms"])
        radio = "lte" if r["network"] == "LTE" else "wifi"
        # the round trip is twice the one-way draw: its mean and sd are twice the draw's
        networks.append(["mdi_" + r["network"].lower(), "MDInference " + r["network"], radio, "1e+12", "1e+12", "0",
                         f"{2 * mu:.10g}", f"{2 * sd:.10g}", "0", "0", "normal", "same",
                         "MDInference Shared.py: one-way normal draw redrawn while <= 0, used up and down; "
                         "links add no time"])
    write_table(os.path.join(out, "networks.csv"),
                ["network", "label", "radio", "uplink_bps", "downlink_bps", "latency_ms", "transfer_mean_ms",
                 "transfer_sd_ms", "ref_upload_bytes", "ref_download_bytes", "delay_dist", "delay_correlation",
                 "source"], networks)


def write_pixel2_layer(out, drain, pixel2):
    """A trace layer replaying the MODI app's Pixel 2 cold runs (its own measured times and
    shapes) and the whole-phone energy per run that the battery drain gives (calibration.csv)."""
    os.makedirs(out, exist_ok=True)
    rows = [["pixel2", "*", "image_load", "fixed", fmt(drain["t_img_s"] * 1e3), "", "",
             "MODI app Pixel 2 cold runs: mean preprocess_time"]]
    rows += measured_rows("pixel2", {f"inception_v3_{v}": pixel2[v] for v in pixel2}, "pixel2cold",
                          "MODI app Pixel 2 cold runs (measured)")
    write_table(os.path.join(out, "device_timings.csv"), TIMING_COLUMNS, rows)
    with open(os.path.join(out, "calibration.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["device", "energy_per_run_j", "u_j", "image_ms", "load_ms", "inference_ms", "gap_ms", "source"])
        w.writerow(["pixel2", f"{drain['e_run_j']:.4f}", f"{drain['u_j']:.4f}", fmt(drain["t_img_s"] * 1e3),
                    f"{drain['t_load_s'] * 1e3:.2f}", f"{drain['t_inf_s'] * 1e3:.2f}", fmt(drain["gap_s"] * 1e3),
                    "battery drain of 2000 cold InceptionV3 runs (scripts/phone_power.py)"])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--out", default=os.path.join(here, "..", "traces"))
    a = ap.parse_args()
    ref = os.path.join(a.shared, "reference")
    data = os.path.join(a.shared, "data", "modi-app")
    for f in (os.path.join(data, "flowers_34_models.db"), os.path.join(ref, "modi_fig3_devices.csv")):
        if not os.path.exists(f):
            sys.exit(f"derive_traces: missing input {f}")

    # --- measurements of the flowers-34 phone ---------------------------------------
    runs = {}
    for path, load, infer, ans, true in modi_app_db.results(
            os.path.join(data, "flowers_34_models.db"), ["model_path", "load_time", "infer_time", "infer_answer", "true_answer"]):
        runs.setdefault(path, []).append((float(load), float(infer), ans == true))
    models = {}
    for path, rows in runs.items():
        name, variant = modi_app_db.flowers34_model_name(path)
        models[name] = {
            "variant": variant,
            "family": "inception_v3" if name.startswith("inception") else "mobilenet_v1",
            "load": [r[0] for r in rows],
            "infer": [r[1] for r in rows],
            "top1": sum(r[2] for r in rows) / len(rows),
        }
    pixel2 = {}
    for path, load, infer in modi_app_db.results(os.path.join(data, "pixel2_cold_inception_v3.db"),
                                                 ["model_path", "load_time", "infer_time"]):
        v = modi_app_db.pixel2_cold_variant(path)
        pixel2.setdefault(v, {"load": [], "infer": []})
        pixel2[v]["load"].append(float(load))
        pixel2[v]["infer"].append(float(infer))

    order = sorted(models, key=lambda m: (models[m]["family"], models[m]["variant"], m))
    f_top1 = models["inception_v3"]["top1"]
    variants = [
        # (name, variant, top1, plain size, gzip factor)
        # retrained and optimized share weights: same accuracy; sizes assumed equal (weights dominate)
        ("inception_v3_retrained", "retrained", f_top1, INCEPTION_FLOAT_BYTES, GZIP_FACTOR_FLOAT),
        ("inception_v3_optimized", "optimized", f_top1, INCEPTION_FLOAT_BYTES, GZIP_FACTOR_FLOAT),
        # rounding keeps float storage; MODI reports a small accuracy increase: assumed one more image of 367
        ("inception_v3_rounded", "rounded", f_top1 + 1 / 367, INCEPTION_FLOAT_BYTES, GZIP_FACTOR_ROUNDED),
        ("inception_v3_8bit_quantized", "8bit", models["inception_v3_8bit"]["top1"],
         INCEPTION_FLOAT_BYTES * EIGHT_BIT_FACTOR, GZIP_FACTOR_FLOAT),
    ]
    os.makedirs(a.out, exist_ok=True)

    flowers = {m: models[m] for m in order}
    write_table(os.path.join(a.out, "quantiles.csv"), QUANTILE_COLUMNS,
                measured_quantile_rows(flowers, "flowers34", order) +
                measured_quantile_rows({f"inception_v3_{v}": pixel2[v] for v in pixel2}, "pixel2cold"))

    with open(os.path.join(a.out, "models.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["task", "model", "family", "variant", "top1", "size_bytes", "compression", "decompressed_bytes",
                    "macs", "input_px", "source"])
        inception_macs = fmt(INCEPTION_MACS_M * 1e6)
        for m in order:
            info = models[m]
            if info["family"] == "mobilenet_v1":
                width, res = re.match(r"mobilenet_v1_([0-9.]+)_([0-9]+)", m).groups()
                size = MOBILENET_PARAMS[width] * (1 if info["variant"] == "8bit" else 4)
                macs, px = fmt(MOBILENET_MACS_M[(width, int(res))] * 1e6), res
            else:
                size = INCEPTION_FLOAT_BYTES * (0.25 if info["variant"] == "8bit" else 1.0)
                macs, px = inception_macs, INCEPTION_INPUT_PX
            w.writerow(["flowers", m, info["family"], info["variant"], fmt(info["top1"]), fmt(size), "none", "",
                        macs, px, "top1: flowers-34 DB (367 images); size, macs: see traces/README.md"])
        for name, variant, top1, plain, gz in variants:
            w.writerow(["flowers_inception_variants", name, "inception_v3", variant, fmt(top1), fmt(plain), "none", "",
                        inception_macs, INCEPTION_INPUT_PX, "MODI Fig 2 variant; see traces/README.md"])
            w.writerow(["flowers_inception_variants", name + "_gz", "inception_v3", variant + "+gzip", fmt(top1),
                        fmt(plain * gz), "gzip", fmt(plain), inception_macs, INCEPTION_INPUT_PX,
                        "MODI Fig 2 variant, gzipped; see traces/README.md"])

    fig3 = {r["device"]: r for r in read_rows(os.path.join(ref, "modi_fig3_devices.csv"))}
    ref_load = mean(models["inception_v3"]["load"])
    ref_infer = mean(models["inception_v3"]["infer"])
    drain = phone_power.measure_pixel2(os.path.join(data, "pixel2_cold_inception_v3.db"))
    power, _ = phone_power.powers(drain)
    with open(os.path.join(a.out, "devices.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(DEVICE_COLUMNS)
        for name, label, f3, year, mah, volts in DEVICES:
            inflate = PIXEL2_INFLATE_BPS * float(fig3["Pixel 2"]["model_load_ms"]) / float(fig3[f3]["model_load_ms"])
            w.writerow([name, label, year] + [f"{power[name][k]:.4g}" for k in POWER_KEYS.values()] +
                       [mah, volts, fmt(inflate), "battery: manufacturer; powers: Android power profile, Pixel 2 "
                        "calibrated to the MODI app's drain (traces/README.md); inflate_bps assumed"])
    write_pixel2_layer(os.path.join(a.out, "modi-app-pixel2"), drain, pixel2)
    write_mdinference_layer(os.path.join(a.out, "mdinference"), ref)
    with open(os.path.join(a.out, "device_timings.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["device", "model", "phase", "dist", "mean_ms", "sd_ms", "shape", "source"])
        def cv(v):
            mu = mean(v)
            return (sum((x - mu) ** 2 for x in v) / (len(v) - 1)) ** 0.5 / mu

        infer_cv_ref = cv(models["inception_v3"]["infer"])
        opt = pixel2["optimized"]
        rnd = pixel2["rounded"]
        for name, label, f3, year, mah, volts in DEVICES:
            r = fig3[f3]
            load_ms, infer_ms = float(r["model_load_ms"]), float(r["inference_ms"])
            load_err, total_err = float(r["model_load_err_ms"]), float(r["total_err_ms"])
            load_scale = load_ms / ref_load
            infer_scale = infer_ms / ref_infer
            # Fig 3's error bars are not consistent as sds of independent parts (the model-load bar
            # can exceed the total's): keep the parts' relative spread (load: its bar; inference:
            # the measured shape's CV) and scale both so the total's spread is the total's bar.
            k = total_err / (load_err ** 2 + (infer_cv_ref * infer_ms) ** 2) ** 0.5
            load_cv = k * load_err / load_ms
            w.writerow([name, "*", "image_load", "fixed", fmt(float(r["image_load_ms"])), "", "", "MODI Fig 3"])
            for m in order:
                lm = mean(models[m]["load"]) * load_scale
                im = mean(models[m]["infer"]) * infer_scale
                w.writerow([name, m, "model_load", "empirical", fmt(lm), fmt(lm * load_cv),
                            f"flowers34/{m}/model_load", "flowers-34 shape scaled to MODI Fig 3"])
                w.writerow([name, m, "inference", "empirical", fmt(im), fmt(im * k * cv(models[m]["infer"])),
                            f"flowers34/{m}/inference", "flowers-34 shape scaled to MODI Fig 3"])
            # Fig 2 variants: shapes of the Pixel 2 cold runs (8-bit: flowers-34), means anchored to
            # this device's Fig 3 InceptionV3 through measured variant/float ratios.
            for vname, variant, top1, plain, gz in variants:
                if variant == "rounded":
                    lshape, ishape = "pixel2cold/inception_v3_rounded/model_load", "pixel2cold/inception_v3_rounded/inference"
                    lm = load_ms * mean(rnd["load"]) / mean(opt["load"])
                    im = infer_ms * mean(rnd["infer"]) / mean(opt["infer"])
                    icv = cv(rnd["infer"])
                    src = "Pixel 2 cold runs (rounded/optimized ratio) scaled to MODI Fig 3"
                elif variant == "8bit":
                    lshape, ishape = "flowers34/inception_v3_8bit/model_load", "flowers34/inception_v3_8bit/inference"
                    lm = load_ms * mean(models["inception_v3_8bit"]["load"]) / ref_load
                    im = infer_ms * mean(models["inception_v3_8bit"]["infer"]) / ref_infer
                    icv = cv(models["inception_v3_8bit"]["infer"])
                    src = "flowers-34 8-bit/float ratio scaled to MODI Fig 3"
                else:
                    lshape, ishape = "pixel2cold/inception_v3_optimized/model_load", "pixel2cold/inception_v3_optimized/inference"
                    lm, im = load_ms, infer_ms
                    icv = cv(opt["infer"])
                    src = "Pixel 2 cold-run shape at MODI Fig 3 means"
                for mname in (vname, vname + "_gz"):
                    w.writerow([name, mname, "model_load", "empirical", fmt(lm), fmt(lm * load_cv), lshape, src])
                    w.writerow([name, mname, "inference", "empirical", fmt(im), fmt(im * k * icv), ishape, src])

    fig4 = {r["network"]: r for r in read_rows(os.path.join(ref, "modi_fig4_networks.csv"))}
    with open(os.path.join(a.out, "networks.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["network", "label", "radio", "uplink_bps", "downlink_bps", "latency_ms", "transfer_mean_ms",
                    "transfer_sd_ms", "ref_upload_bytes", "ref_download_bytes", "source"])
        for name, label, radio, up, down, lat in NETWORKS:
            r = fig4[label]
            w.writerow([name, label, radio, fmt(up), fmt(down), fmt(lat), r["transfer_ms"], r["transfer_err_ms"],
                        REF_UPLOAD_BYTES, REF_DOWNLOAD_BYTES, "transfer: MODI Fig 4; link parameters assumed"])

    srv = {r["model"]: r for r in read_rows(os.path.join(ref, "mdinference_server_models.csv"))}
    t2_scale = T2_MEDIUM_INCEPTION_MS / float(srv["inception_v3"]["cpu_c5_mean_ms"])
    with open(os.path.join(a.out, "servers.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["server", "label", "model_load_bps", "idle_power_w", "busy_power_w", "source"])
        for server, label, src in (("t2.medium", "AWS t2.medium (MODI's edge server), CPU", "MODI Fig 4"),
                                   ("c5", "AWS c5 CPU instance (MDInference)", "MDInference"),
                                   ("p2", "AWS p2 GPU instance (MDInference)", "MDInference")):
            idle, busy = SERVER_POWER[server]
            w.writerow([server, label, fmt(SERVER_MODEL_LOAD_BPS), idle, busy, src + "; load rate and power assumed"])
    with open(os.path.join(a.out, "server_timings.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["server", "model", "dist", "mean_ms", "sd_ms", "shape", "source"])
        variant_names = [v[0] + sfx for v in variants for sfx in ("", "_gz")]
        for server in ("t2.medium", "c5", "p2"):
            for m in order + variant_names:
                base = m[:-len("_8bit")] if m.endswith("_8bit") else m
                if m in variant_names:
                    base = "inception_v3"
                r = srv[base.replace("_0.50_", "_0.5_")]
                if server == "p2":
                    mean_ms, sd_ms, src = float(r["gpu_p2_mean_ms"]), float(r["gpu_p2_sd_ms"]), "MDInference p2"
                elif server == "c5":
                    mean_ms, sd_ms, src = float(r["cpu_c5_mean_ms"]), float(r["cpu_c5_sd_ms"]), "MDInference c5"
                elif base == "inception_v3":
                    mean_ms, sd_ms, src = T2_MEDIUM_INCEPTION_MS, T2_MEDIUM_INCEPTION_ERR_MS, "MODI Fig 4"
                else:
                    mean_ms = float(r["cpu_c5_mean_ms"]) * t2_scale
                    sd_ms = float(r["cpu_c5_sd_ms"]) * t2_scale
                    src = "MDInference c5 scaled by MODI Fig 4 InceptionV3 (207/262)"
                if base != m:
                    src += "; 8-bit runs as its float model on servers"
                w.writerow([server, m, "lognormal", fmt(mean_ms), fmt(sd_ms), "", src])

    with open(os.path.join(a.out, "radio_power.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        rows = read_rows(os.path.join(ref, "radio_power_huang2012.csv"))
        cols = ["promotion_power_mw", "promotion_time_ms", "tail_power_mw", "tail_time_ms", "idle_power_mw",
                "uplink_mw_per_mbps", "downlink_mw_per_mbps", "base_power_mw"]
        w.writerow(["radio"] + cols + ["source"])
        for r in rows:
            w.writerow([r["radio"].lower()] + [r[c] for c in cols] + ["Huang et al. MobiSys 2012"])
    print(f"derive_traces: wrote {len(order) + 2 * len(variants)} models, {len(DEVICES)} devices, {len(NETWORKS)} networks to {a.out}")


if __name__ == "__main__":
    main()
