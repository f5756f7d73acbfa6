"""`modisim-import tflite`: TensorFlow Lite's benchmark_model output -> a device's timing rows.

benchmark_model (tensorflow/lite/tools/benchmark) logs, per run, the graph it loaded
(`Graph: [path]`), a statistics line for the warm-up runs and one for the timed runs
(`count=N first=.. curr=.. min=.. max=.. avg=.. std=..`, microseconds, std over the timed
invocations) and a summary `Inference timings in us: Init: I, First inference: F, Warmup (avg): W,
Inference (avg): A` (before 2020: `Average inference timings in us: Warmup: W, Init: I, Inference: A`,
or `no stats: A`, without the first inference), each line possibly behind a log prefix (`INFO: `,
`I tflite  : `). A file may hold
several runs (outputs appended); a model's runs are pooled. Mapping (traces/README.md):
model_load <- Init (mean over runs; lognormal with their sd from two runs on, else fixed);
inference <- the timed invocations pooled over runs (mean, and sd by the law of total variance;
lognormal, fixed when the sd is 0); with --first-inference-into-load the first invocation's extra
time over the steady state (F - A) is added to model_load.
"""
import math
import os
import re

from trace_tables import DEVICE_COLUMNS, TIMING_COLUMNS, fmt, mean

from .device_facts import device_row
from .errors import BadInput, number
from .layer import Layer, check_plausible, image_load_rows

NUM = r"([-+0-9.eE]+|nan|inf)"
SUMMARY = re.compile(r"Inference timings in us: Init: " + NUM + r", First inference: " + NUM +
                     r", Warmup \(avg\): " + NUM + r", Inference \(avg\): " + NUM + r"\s*$")
STATS = re.compile(r"count=(\d+)(?: first=\S+)? curr=\S+(?: min=\S+ max=\S+ avg=(\S+) std=(\S+))?")
OLD_SUMMARY = re.compile(r"Average inference timings in us: Warmup: " + NUM + r", Init: " + NUM +
                         r", (?:no stats|Inference): " + NUM + r"\s*$")
GRAPH = re.compile(r"Graph: \[(.*)\]\s*$")
ERROR = re.compile(r"(^|\s)(ERROR|E tflite)\b|Failed to")


class Run:
    def __init__(self, where, line, model):
        self.where, self.line, self.model = where, line, model
        self.stats = []  # (line, count, avg_us or None, std_us or None)


def _summary(line, where, n, run):
    """Reads the summary line into run.summary (times in ms), or BadInput."""
    if (m := SUMMARY.search(line)) is not None:
        keys, values = ("Init", "First inference", "Warmup (avg)", "Inference (avg)"), m.groups()
    elif (m := OLD_SUMMARY.search(line)) is not None:
        keys, values = ("Init", "Inference"), (m.group(2), m.group(3))
    else:
        raise BadInput(where, n, "Inference timings", "malformed summary line",
                       "Init: <us>, First inference: <us>, Warmup (avg): <us>, Inference (avg): <us>")
    parsed = {k: number(x, where, n, k, positive=k != "Init") for k, x in zip(keys, values)}
    init, first, avg = parsed["Init"], parsed.get("First inference"), parsed[keys[-1]]
    if init < 0:
        raise BadInput(where, n, "Init", f"{fmt(init)} us is negative")
    count, std = 1, 0.0
    if run.stats:
        _, c, a, s = run.stats[-1]  # the timed runs' line comes last, just before the summary
        if a is not None and c > 0 and abs(float(a) - avg) <= 1e-5 * avg:
            count, std = c, float(s)
    run.summary = dict(line=n, init_ms=init / 1e3, first_ms=None if first is None else first / 1e3,
                       avg_ms=avg / 1e3, count=count, std_ms=std / 1e3)


def _unfinished(run, last_error):
    said = f" (the tool reported on line {last_error[0]}: {last_error[1][:120]})" \
        if last_error is not None and last_error[0] > run.line else ""
    return BadInput(run.where, run.line, "Graph",
                    f"the run of '{run.model}' has no 'Inference timings in us' line{said}", "one per run")


def parse(where, text, model_override):
    """The runs (with their summaries) of one benchmark_model output file."""
    runs, run, last_error = [], None, None
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        if (g := GRAPH.search(line)) is not None:
            if run is not None and not hasattr(run, "summary"):
                raise _unfinished(run, last_error)
            run = Run(where, n, model_override or os.path.splitext(os.path.basename(g.group(1)))[0])
        elif (s := STATS.search(line)) is not None and run is not None:
            run.stats.append((n, int(s.group(1)), s.group(2), s.group(3)))
        elif "nference timings in us" in line:
            if run is None or hasattr(run, "summary"):
                if model_override is None:
                    raise BadInput(where, n, "Graph", "no 'Graph: [...]' line names the model of this run",
                                   "benchmark_model's parameter lines, or --model")
                run = Run(where, n, model_override)
            _summary(line, where, n, run)
            runs.append(run)
        elif ERROR.search(line) and (last_error is None or (run is not None and last_error[0] < run.line)):
            last_error = (n, line.strip())
    if run is not None and not hasattr(run, "summary"):
        raise _unfinished(run, last_error)
    if not runs:
        n, why = last_error or (max(len(lines), 1), "")
        raise BadInput(where, n, "Inference timings",
                       "no 'Inference timings in us: Init: ..., Inference (avg): ...' line" +
                       (f" (the tool reported: {why[:120]})" if why else " up to the end of the file"),
                       "benchmark_model's output")
    return runs


def pooled_inference(runs):
    """Mean and sd of every timed invocation of the runs (each run gives count, mean, sd)."""
    total = sum(r.summary["count"] for r in runs)
    mu = sum(r.summary["count"] * r.summary["avg_ms"] for r in runs) / total
    var = sum(r.summary["count"] * (r.summary["std_ms"] ** 2 + (r.summary["avg_ms"] - mu) ** 2) for r in runs) / total
    return mu, math.sqrt(var), total


def load_ms(run, first_into_load):
    s = run.summary
    if not first_into_load:
        return s["init_ms"]
    if s["first_ms"] is None:
        raise BadInput(run.where, s["line"], "First inference", "this output format does not give the first inference",
                       "benchmark_model from 2020 on, or no --first-inference-into-load")
    return s["init_ms"] + max(s["first_ms"] - s["avg_ms"], 0.0)


def model_rows(device, model, runs, args, source):
    loads = [load_ms(r, args.first_inference_into_load) for r in runs]
    lm = mean(loads)
    lsd = math.sqrt(sum((x - lm) ** 2 for x in loads) / (len(loads) - 1)) if len(loads) > 1 else 0.0
    im, isd, total = pooled_inference(runs)
    first = runs[0]
    check_plausible("model_load", lm, first.where, first.summary["line"], "Init", f"model_load of {model}")
    check_plausible("inference", im, first.where, first.summary["line"], "Inference (avg)", f"inference of {model}")
    dist = lambda sd: "lognormal" if sd > 0 else "fixed"  # noqa: E731
    sd_cell = lambda sd: fmt(sd) if sd > 0 else ""  # noqa: E731
    load_what = "Init + (First inference - Inference (avg))" if args.first_inference_into_load else "Init"
    return [[device, model, "model_load", dist(lsd), fmt(lm), sd_cell(lsd), "",
             f"{source}: {load_what}, {len(runs)} run(s)"],
            [device, model, "inference", dist(isd), fmt(im), sd_cell(isd), "",
             f"{source}: Inference (avg), {total} timed invocations in {len(runs)} run(s)"]]


def build(args, base):
    by_model = {}
    for path in args.inputs:
        try:
            with open(path, errors="replace") as f:
                text = f.read()
        except OSError as e:
            raise BadInput(path, 0, "input", f"cannot read: {e.strerror}") from None
        for run in parse(path, text, args.model):
            if run.model not in base.models:
                raise BadInput(path, run.line, "Graph" if args.model is None else "--model",
                               f"unknown model '{run.model}'", f"a model in models.csv of {base.names()} (or --model)")
            by_model.setdefault(run.model, []).append(run)
    device = args.device
    image = None if args.image_load_ms is None else number(args.image_load_ms, "command line", 0, "--image-load-ms")
    if image is None and device not in base.image_load:
        raise BadInput("command line", 0, "--image-load-ms", f"new device class '{device}' needs an image load time",
                       "--image-load-ms (benchmark_model does not measure image decoding)")
    source = args.source or "TFLite benchmark_model"
    rows, _ = image_load_rows(device, image, "", f"{source}: --image-load-ms")
    for model in sorted(by_model):
        rows += model_rows(device, model, by_model[model], args, source)
    layer = Layer()
    layer.add("device_timings.csv", TIMING_COLUMNS, rows)
    dev = device_row(args, device, base, "command line", 0)
    if dev:
        layer.add("devices.csv", DEVICE_COLUMNS, [dev])
    return layer
