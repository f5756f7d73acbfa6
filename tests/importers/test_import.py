"""scripts/modisim-import (ctest importers.*): hand-computed layers from samples, a TFLite
benchmark_model fixture, the MODI app databases, bad input, and an imported phone in a real run.
Everything is written under MODISIM_TEST_TMP (the build tree) and removed."""
import csv
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

import pytest

SRC = os.environ.get("MODISIM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
TMP_ROOT = os.environ.get("MODISIM_TEST_TMP", tempfile.gettempdir())
IMPORT = os.path.join(SRC, "scripts", "modisim-import")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
SHARED_DB = os.path.join(SRC, "..", "shared", "data", "modi-app")
NEW_DEVICE_FACTS = ["--label", "Lab phone", "--year", "2022", "--battery-mah", "4000", "--battery-v", "3.87",
                    "--powers-like", "pixel2"]


@pytest.fixture
def tmp():
    os.makedirs(TMP_ROOT, exist_ok=True)
    d = tempfile.mkdtemp(prefix="importers-", dir=TMP_ROOT)
    yield d
    shutil.rmtree(d)


def run_import(*args):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, IMPORT, *args], capture_output=True, text=True, env=env)


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def samples_csv(path, device, groups):
    """groups: {(model, phase): [ms]} -> a samples file, rows interleaved as a logger would write."""
    lines = ["device,model,phase,milliseconds"]
    longest = max(len(v) for v in groups.values())
    for i in range(longest):
        for (model, phase), v in groups.items():
            if i < len(v):
                lines.append(f"{device},{model},{phase},{v[i]:g}")
    return write(path, "\n".join(lines) + "\n")


M = "mobilenet_v1_1.0_224"
UNIFORM = [100 + 2 * i for i in range(101)]   # 100, 102, ..., 300 ms: quantile p is exactly 100 + 200 p


def test_samples_hand_computed(tmp):
    groups = {(M, "inference"): UNIFORM, (M, "model_load"): [10, 20, 40, 80], ("*", "image_load"): [4, 5, 6]}
    path = samples_csv(os.path.join(tmp, "s.csv"), "lab_phone", groups)
    out = os.path.join(tmp, "layer")
    r = run_import("samples", path, "--out", out, *NEW_DEVICE_FACTS)
    assert r.returncode == 0, r.stderr
    t = {(x["model"], x["phase"]): x for x in rows(os.path.join(out, "device_timings.csv"))}
    assert set(t) == {("*", "image_load"), (M, "model_load"), (M, "inference")}
    assert [t[(M, "inference")][k] for k in ("dist", "mean_ms", "sd_ms", "shape")] == \
        ["empirical", "200", "", f"lab_phone/{M}/inference"]
    assert t[(M, "model_load")]["mean_ms"] == "37.5"        # (10 + 20 + 40 + 80) / 4
    assert t[("*", "image_load")]["mean_ms"] == "5"
    q = {}
    for x in rows(os.path.join(out, "quantiles.csv")):
        q.setdefault(x["shape"], []).append((float(x["p"]), float(x["value_ms"])))
    inf = q[f"lab_phone/{M}/inference"]
    assert [p for p, _ in inf] == pytest.approx([i / 100 for i in range(101)])
    assert all(v == pytest.approx(100 + 200 * p) for p, v in inf)
    load = dict(q[f"lab_phone/{M}/model_load"])
    # order statistics 10, 20, 40, 80 at h = 3p: p = 0.5 -> h = 1.5 -> 20 + 0.5 (40 - 20)
    assert (load[0], load[0.5], load[1]) == (10, 30, 80)
    assert load[0.25] == pytest.approx(10 + 0.75 * 10)
    assert dict(q["lab_phone/image_load"])[0.5] == 5


def test_new_device_row_and_known_device(tmp):
    path = samples_csv(os.path.join(tmp, "s.csv"), "lab_phone", {(M, "inference"): [40, 50], (M, "model_load"): [20],
                                                                ("*", "image_load"): [3]})
    out = os.path.join(tmp, "new")
    assert run_import("samples", path, "--out", out, *NEW_DEVICE_FACTS).returncode == 0
    (dev,) = rows(os.path.join(out, "devices.csv"))
    pixel2 = {r["device"]: r for r in rows(os.path.join(SRC, "traces", "devices.csv"))}["pixel2"]
    assert (dev["device"], dev["label"], dev["year"], dev["battery_mah"], dev["battery_v"]) == \
        ("lab_phone", "Lab phone", "2022", "4000", "3.87")
    for c in ("idle_power_w", "screen_power_w", "image_load_power_w", "model_load_power_w", "inference_power_w",
              "inflate_bps"):
        assert dev[c] == pixel2[c]
    # a known device inherits its row (no devices.csv) unless a fact is given; then only that fact changes
    known = samples_csv(os.path.join(tmp, "k.csv"), "pixel2", {(M, "inference"): [40, 50], (M, "model_load"): [20]})
    assert run_import("samples", known, "--out", os.path.join(tmp, "k")).returncode == 0
    assert sorted(os.listdir(os.path.join(tmp, "k"))) == ["device_timings.csv", "quantiles.csv"]
    assert run_import("samples", known, "--out", os.path.join(tmp, "k2"), "--battery-mah", "2600").returncode == 0
    (row,) = rows(os.path.join(tmp, "k2", "devices.csv"))
    assert row["battery_mah"] == "2600"
    assert {k: v for k, v in row.items() if k not in ("battery_mah", "source")} == \
        {k: v for k, v in pixel2.items() if k not in ("battery_mah", "source")}


def tflite_rows(out):
    return {(x["model"], x["phase"]): x for x in rows(os.path.join(out, "device_timings.csv"))}


def test_tflite_fixture(tmp):
    out = os.path.join(tmp, "tf")
    r = run_import("tflite", os.path.join(DATA, "benchmark_mobilenet_v1_1.0_224.txt"), "--device", "pixel2", "--out", out)
    assert r.returncode == 0, r.stderr
    t = tflite_rows(out)
    # two runs: Init 31250 and 28750 us; timed runs 50 x (42000 +- 1500) and 50 x (44000 +- 2000) us
    load, inf = t[(M, "model_load")], t[(M, "inference")]
    assert (load["dist"], float(load["mean_ms"])) == ("lognormal", 30.0)
    assert float(load["sd_ms"]) == pytest.approx(2.5 / math.sqrt(2), rel=1e-5)   # sample sd of 31.25, 28.75
    assert (inf["dist"], float(inf["mean_ms"])) == ("lognormal", 43.0)
    # law of total variance: (1.5^2 + 1^2 + 2^2 + 1^2) / 2 = 4.125 ms^2
    assert float(inf["sd_ms"]) == pytest.approx(math.sqrt(4.125), rel=1e-5)
    assert ("*", "image_load") not in t            # pixel2 keeps its own image_load row


def test_tflite_old_format_several_files_and_first_inference(tmp):
    out = os.path.join(tmp, "tf")
    old = os.path.join(DATA, "benchmark_mobilenet_v1_0.25_128_quant.txt")
    r = run_import("tflite", old, "--model", "mobilenet_v1_0.25_128_8bit", "--device", "pixel2", "--out", out)
    assert r.returncode == 0, r.stderr
    t = tflite_rows(out)
    q = "mobilenet_v1_0.25_128_8bit"
    assert [t[(q, "model_load")][k] for k in ("dist", "mean_ms", "sd_ms")] == ["fixed", "2.5", ""]   # one run
    assert [t[(q, "inference")][k] for k in ("dist", "mean_ms", "sd_ms")] == ["lognormal", "2.45", "0.04"]
    out2 = os.path.join(tmp, "tf2")
    r = run_import("tflite", os.path.join(DATA, "benchmark_mobilenet_v1_1.0_224.txt"), "--device", "lab_phone",
                   "--image-load-ms", "7", "--first-inference-into-load", "--out", out2, *NEW_DEVICE_FACTS)
    assert r.returncode == 0, r.stderr
    t = tflite_rows(out2)
    # Init + (First inference - Inference (avg)): 31.25 + 6.12 and 28.75 + 7.06 ms
    assert float(t[(M, "model_load")]["mean_ms"]) == pytest.approx((37.37 + 35.81) / 2)
    assert [t[("*", "image_load")][k] for k in ("dist", "mean_ms")] == ["fixed", "7"]


def test_modi_app_reproduces_the_shipped_layer(tmp):
    """The shipped layer traces/modi-app-pixel2/ (derive_traces.py) from the same database: the same
    measured rows and shapes, byte for byte."""
    db = os.path.join(SHARED_DB, "pixel2_cold_inception_v3.db")
    assert os.path.exists(db), f"{db} is missing (../shared must sit beside the checkout)"
    out = os.path.join(tmp, "p2")
    r = run_import("modi-app", db, "--device", "pixel2", "--shape-prefix", "pixel2cold", "--source",
                   "MODI app Pixel 2 cold runs", "--out", out)
    assert r.returncode == 0, r.stderr
    mine = open(os.path.join(out, "device_timings.csv")).read().splitlines()
    shipped = open(os.path.join(SRC, "traces", "modi-app-pixel2", "device_timings.csv")).read().splitlines()
    assert mine[0] == shipped[0] and mine[2:] == shipped[2:]
    # image_load: the mean preprocess_time of every run (the shipped layer averages the fitted window)
    con = sqlite3.connect(db)
    (avg,) = con.execute("select avg(cast(preprocess_time as real)) from inference_results").fetchone()
    con.close()
    assert float(mine[1].split(",")[4]) == pytest.approx(avg, rel=1e-5)
    mine_q = open(os.path.join(out, "quantiles.csv")).read().splitlines()[1:]
    shipped_q = [x for x in open(os.path.join(SRC, "traces", "quantiles.csv")).read().splitlines()
                 if x.startswith("pixel2cold/")]
    assert mine_q == shipped_q


def test_modi_app_own_database(tmp):
    db = os.path.join(tmp, "app.db")
    con = sqlite3.connect(db)
    con.execute("create table inference_results (_id integer primary key, model_path text, load_time text, "
                "infer_time text, infer_answer text, true_answer text, confidence text)")
    for i, (load, infer) in enumerate([(30, 90), (50, 110), (40, 100)], 1):
        con.execute("insert into inference_results values (?, ?, ?, ?, 'a', 'a', '0.9')",
                    (i, "file:///android_asset/mobilenet_1.0_224.pb", str(load), str(infer)))
    con.commit()
    con.close()
    out = os.path.join(tmp, "own")
    r = run_import("modi-app", db, "--device", "pixel2", "--out", out)
    assert r.returncode == 0, r.stderr
    t = tflite_rows(out)
    assert (t[(M, "model_load")]["mean_ms"], t[(M, "inference")]["mean_ms"]) == ("40", "100")
    q = {(x["shape"], x["p"]): x["value_ms"] for x in rows(os.path.join(out, "quantiles.csv"))}
    assert q[(f"pixel2/{M}/inference", "0.25")] == "95"   # 90, 100, 110 at h = 0.5


def test_plausible_ranges_match_the_simulator():
    sys.path.insert(0, os.path.join(SRC, "scripts"))
    from trace_tables import PLAUSIBLE_MEAN_MS
    hpp = open(os.path.join(SRC, "sim", "core", "trace_sanity.hpp")).read()
    for phase, name in (("image_load", "kImageLoadMs"), ("model_load", "kModelLoadMs"),
                        ("inference", "kPhoneInferenceMs")):
        lo, hi = re.search(name + r"\{([0-9.e]+), ([0-9.e]+),", hpp).groups()
        assert PLAUSIBLE_MEAN_MS[phase][:2] == (float(lo), float(hi))


# --- bad input: one line FILE:LINE: key: problem, exit 2, nothing written --------------------------

SAMPLE_HEAD = "device,model,phase,milliseconds\n"
OK_MODEL = f"lab_phone,{M},model_load,50\nlab_phone,{M},inference,200\n"
SAMPLE_CASES = [
    ("missing-column", "device,model,milliseconds\nx,y,1\n", "s.csv:1: phase: missing column"),
    ("not-a-number", SAMPLE_HEAD + OK_MODEL + f"lab_phone,{M},inference,fast\n", "s.csv:4: milliseconds: 'fast' is not a number"),
    ("negative", SAMPLE_HEAD + OK_MODEL + f"lab_phone,{M},inference,-3\n", "s.csv:4: milliseconds: -3 is negative"),
    ("unknown-phase", SAMPLE_HEAD + f"lab_phone,{M},load,50\n", "s.csv:2: phase: unknown phase 'load'"),
    ("two-devices", SAMPLE_HEAD + OK_MODEL + f"pixel2,{M},inference,200\n", "s.csv:4: device: 'pixel2' differs from 'lab_phone'"),
    ("unknown-model", SAMPLE_HEAD + OK_MODEL + "lab_phone,resnet,inference,200\n", "s.csv:4: model: unknown model 'resnet'"),
    ("half-a-model", SAMPLE_HEAD + "# comment\n" + f"lab_phone,{M},inference,200\n",
     "s.csv:3: phase: model 'mobilenet_v1_1.0_224' has inference samples but no model_load samples"),
    ("seconds", SAMPLE_HEAD + f"lab_phone,{M},model_load,50\nlab_phone,{M},inference,0.2\n",
     "s.csv:3: milliseconds: mean 0.2 ms of inference of mobilenet_v1_1.0_224 is outside 0.5 to 60000 ms"),
    ("image-per-model", SAMPLE_HEAD + OK_MODEL + f"lab_phone,{M},image_load,5\n", "s.csv:4: model: image_load samples apply to every model"),
    ("empty", "", "s.csv:1: header: empty file"),
    ("header-only", SAMPLE_HEAD, "s.csv:1: header: no samples after the header"),
    ("ragged", SAMPLE_HEAD + f"lab_phone,{M},inference\n", "s.csv:2: row: 3 cells for 4 columns"),
]


def assert_refused(r, tmp, where_and_problem):
    lines = r.stderr.splitlines()
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("modisim-import: error: "), lines[0]
    assert where_and_problem in lines[0], lines[0]
    assert not os.path.exists(os.path.join(tmp, "out"))
    assert not [n for n in os.listdir(tmp) if n.startswith(".modisim-import-")]   # no temporary left


@pytest.mark.parametrize("name,text,expect", SAMPLE_CASES, ids=[c[0] for c in SAMPLE_CASES])
def test_samples_bad_input(tmp, name, text, expect):
    path = write(os.path.join(tmp, "s.csv"), text)
    facts = NEW_DEVICE_FACTS + ["--image-load-ms", "5"]
    assert_refused(run_import("samples", path, "--out", os.path.join(tmp, "out"), *facts), tmp, expect)


def test_samples_new_device_needs_facts(tmp):
    path = write(os.path.join(tmp, "s.csv"), SAMPLE_HEAD + "# lab notes\n" + OK_MODEL)
    r = run_import("samples", path, "--out", os.path.join(tmp, "out"), "--label", "Lab phone", "--image-load-ms", "5")
    assert_refused(r, tmp, "s.csv:3: device: new device class 'lab_phone'")
    assert "--year" in r.stderr and "--battery-mah" in r.stderr and "--label" not in r.stderr.split("needs")[1]
    r = run_import("samples", path, "--out", os.path.join(tmp, "out"), *NEW_DEVICE_FACTS)
    assert_refused(r, tmp, "s.csv:3: phase: new device class 'lab_phone' has no image_load samples")


TFLITE_CASES = [
    ("no-timings", "hello\nthis is not benchmark output\n", [], "x.txt:2: Inference timings: no 'Inference timings in us"),
    ("failed-run", open(os.path.join(DATA, "benchmark_failed.txt")).read(), [],
     "x.txt:3: Graph: the run of 'missing' has no 'Inference timings in us' line (the tool reported on line 4: ERROR"),
    ("malformed", "Graph: [m.tflite]\nInference timings in us: Init: 5, First inference: soon\n", [],
     "x.txt:2: Inference timings: malformed summary line"),
    ("unknown-model", "Graph: [/sdcard/resnet.tflite]\nInference timings in us: Init: 5, First inference: 9, "
     "Warmup (avg): 8, Inference (avg): 7000\n", [], "x.txt:1: Graph: unknown model 'resnet'"),
    ("no-first-inference", open(os.path.join(DATA, "benchmark_mobilenet_v1_0.25_128_quant.txt")).read(),
     ["--model", "mobilenet_v1_0.25_128_8bit", "--first-inference-into-load"],
     "x.txt:24: First inference: this output format does not give the first inference"),
    ("new-device-no-image", open(os.path.join(DATA, "benchmark_mobilenet_v1_1.0_224.txt")).read(),
     ["--device", "lab_phone"] + NEW_DEVICE_FACTS, "command line: --image-load-ms: new device class 'lab_phone'"),
]


@pytest.mark.parametrize("name,text,extra,expect", TFLITE_CASES, ids=[c[0] for c in TFLITE_CASES])
def test_tflite_bad_input(tmp, name, text, extra, expect):
    path = write(os.path.join(tmp, "x.txt"), text)
    device = [] if "--device" in extra else ["--device", "pixel2"]
    assert_refused(run_import("tflite", path, *device, *extra, "--out", os.path.join(tmp, "out")), tmp, expect)


def test_modi_app_bad_input(tmp):
    notdb = write(os.path.join(tmp, "notes.db"), "not a database, just text\n" * 50)
    assert_refused(run_import("modi-app", notdb, "--device", "pixel2", "--out", os.path.join(tmp, "out")), tmp,
                   "notes.db: inference_results: not a readable MODI app database")
    db = os.path.join(tmp, "app.db")
    con = sqlite3.connect(db)
    con.execute("create table inference_results (_id integer primary key, model_path text, load_time text, infer_time text)")
    con.execute("insert into inference_results values (1, 'file:///android_asset/mobilenet_1.0_224.pb', '40', '100')")
    con.execute("insert into inference_results values (7, 'file:///android_asset/yolo.pb', '40', '100')")
    con.commit()
    con.close()
    assert_refused(run_import("modi-app", db, "--device", "pixel2", "--out", os.path.join(tmp, "out")), tmp,
                   "app.db:7: model_path: no modisim model for 'file:///android_asset/yolo.pb'")
    assert_refused(run_import("modi-app", db, "--device", "pixel2", "--model-map", "yolo.pb", "--out",
                              os.path.join(tmp, "out")), tmp, "command line: --model-map: 'yolo.pb' is not ASSET=MODEL")


def test_existing_out_is_refused_and_kept(tmp):
    path = samples_csv(os.path.join(tmp, "s.csv"), "pixel2", {(M, "inference"): [40], (M, "model_load"): [20]})
    out = os.path.join(tmp, "out")
    os.makedirs(out)
    write(os.path.join(out, "keep.txt"), "mine")
    r = run_import("samples", path, "--out", out)
    assert r.returncode == 2 and r.stderr.startswith("modisim-import: error: command line: --out:")
    assert os.listdir(out) == ["keep.txt"]
    assert run_import("samples", path, "--out", out, "--replace").returncode == 0
    assert sorted(os.listdir(out)) == ["device_timings.csv", "quantiles.csv"]


# --- end to end: an imported phone in a real run ------------------------------------------------

SCENARIO = """\
traces: [default, lab-phone]
simulation: {seed: 1, duration: 10min}
selection: {policy: local}
edges:
  - {name: edge, server: t2.medium, models: [inception_v3]}
cloud: {enabled: false}
cells:
  - {name: lab, network: campus_wifi, edge: edge}
phones:
  - name: lab
    device: lab_phone
    cell: lab
    storage: 200MB
    memory: 1MB              # smaller than the model: every request loads it (a cold run)
    models: [mobilenet_v1_1.0_224]
    apps:
      - {name: run, task: flowers, accuracy_need: 0, deadline: 10s,
         arrival: {kind: periodic, interval: 1s, max_requests: 400}}
"""


def test_imported_phone_runs_with_its_timings(tmp):
    """Inference uniform on [100, 300] ms, model load uniform on [50, 60] ms, image load on [4, 6] ms
    (quantiles exactly linear): every request of the new device must draw from those."""
    groups = {(M, "inference"): UNIFORM, (M, "model_load"): [50 + 0.1 * i for i in range(101)],
              ("*", "image_load"): [4 + 0.02 * i for i in range(101)]}
    path = samples_csv(os.path.join(tmp, "s.csv"), "lab_phone", groups)
    assert run_import("samples", path, "--out", os.path.join(tmp, "lab-phone"), *NEW_DEVICE_FACTS).returncode == 0
    write(os.path.join(tmp, "lab.yaml"), SCENARIO)
    res = os.path.join(tmp, "results")
    r = subprocess.run([os.environ["MODISIM_BIN"], "run", os.path.join(tmp, "lab.yaml"), "--out", res],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    req = rows(os.path.join(res, "requests.csv"))
    assert len(req) == 400 and {x["device"] for x in req} == {"lab_phone"} and {x["site"] for x in req} == {"device"}
    inf = [1e3 * float(x["inference_s"]) for x in req]
    load = [1e3 * float(x["model_load_s"]) for x in req]
    img = [1e3 * float(x["image_load_s"]) for x in req]
    eps = 1e-6
    assert 100 - eps <= min(inf) and max(inf) <= 300 + eps
    assert 50 - eps <= min(load) and max(load) <= 60 + eps
    assert 4 - eps <= min(img) and max(img) <= 6 + eps
    # uniform on [100, 300]: mean 200, sd 57.7; 400 draws: the mean within 3.5 standard errors
    assert abs(sum(inf) / len(inf) - 200) < 3.5 * 57.7 / math.sqrt(len(inf))
    below = sum(v < 150 for v in inf) / len(inf)              # P(X < 150) = 0.25
    assert abs(below - 0.25) < 3.5 * math.sqrt(0.25 * 0.75 / len(inf))
    assert abs(sum(load) / len(load) - 55) < 3.5 * 2.89 / math.sqrt(len(load))
