"""The shipped trace tables' formats, shared by scripts/derive_traces.py (which makes the shipped
tables) and scripts/modisim-import (which makes a researcher's trace layer): the quantile points,
the number formatting, the column orders and the rows of a measured timing. Standard library only.
The formats are described in traces/README.md.
"""
import csv
import os

# A measured distribution is kept as its quantiles at p = 0, 0.01, ..., 1.
QUANTILE_POINTS = [i / 100 for i in range(101)]

TIMING_COLUMNS = ["device", "model", "phase", "dist", "mean_ms", "sd_ms", "shape", "source"]
QUANTILE_COLUMNS = ["shape", "p", "value_ms"]
# devices.csv: the five phase powers (W; the phases above idle) in the order of the table
POWER_COLUMNS = ["idle_power_w", "screen_power_w", "image_load_power_w", "model_load_power_w", "inference_power_w"]
DEVICE_COLUMNS = ["device", "label", "year"] + POWER_COLUMNS + ["battery_mah", "battery_v", "inflate_bps", "source"]
PHASES = ("image_load", "model_load", "inference")


def quantiles(values, points):
    """Linear interpolation between order statistics (the sample quantile with h = p (n - 1))."""
    xs = sorted(values)
    n = len(xs)
    out = []
    for p in points:
        h = p * (n - 1)
        lo = int(h)
        hi = min(lo + 1, n - 1)
        out.append(xs[lo] + (h - lo) * (xs[hi] - xs[lo]))
    return out


def mean(v):
    return sum(v) / len(v)


def fmt(x):
    """Every number the tables hold: six significant digits, no trailing zeros."""
    return f"{x:.6g}"


def writer(f):
    return csv.writer(f, lineterminator="\n")


def write_table(path, columns, rows):
    """One CSV table: header, then rows (lists of cells)."""
    with open(path, "w", newline="") as f:
        w = writer(f)
        w.writerow(columns)
        w.writerows(rows)


def quantile_rows(shape, values):
    """The quantiles.csv rows of one measured distribution."""
    return [[shape, fmt(p), fmt(q)] for p, q in zip(QUANTILE_POINTS, quantiles(values, QUANTILE_POINTS))]


def measured_timing_row(device, model, phase, values, shape, source):
    """A device_timings.csv row replaying measurements as they are: the measured shape at the
    measured mean, sd left empty so the shape keeps its own coefficient of variation."""
    return [device, model, phase, "empirical", fmt(mean(values)), "", shape, source]


def measured_rows(device, runs, shape_prefix, source):
    """device_timings.csv rows replaying measured runs ({model: {"load": [ms], "infer": [ms]}}) as
    they are, models in name order; shapes are named <shape_prefix>/<model>/<phase>."""
    rows = []
    for m in sorted(runs):
        for phase, key in (("model_load", "load"), ("inference", "infer")):
            rows.append(measured_timing_row(device, m, phase, runs[m][key], f"{shape_prefix}/{m}/{phase}", source))
    return rows


def measured_quantile_rows(runs, shape_prefix, order=None):
    """quantiles.csv rows of measured runs, named like measured_rows' shapes."""
    rows = []
    for m in order or sorted(runs):
        for phase, key in (("model_load", "load"), ("inference", "infer")):
            rows += quantile_rows(f"{shape_prefix}/{m}/{phase}", runs[m][key])
    return rows


def read_table(path):
    """Rows of a trace table as dicts (comment and blank lines skipped), or [] if it is absent."""
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


# Plausible mean times of a phone's phases (ms, lowest and highest) and what they are, as
# sim/core/trace_sanity.hpp declares them (kImageLoadMs, kModelLoadMs, kPhoneInferenceMs); a test
# (tests/importers/test_import.py) checks that the two agree.
PLAUSIBLE_MEAN_MS = {"image_load": (0.2, 10000, "a phone's image load time"),
                     "model_load": (1, 120000, "a phone's model load time"),
                     "inference": (0.5, 60000, "a phone's inference time")}
