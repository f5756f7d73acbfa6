"""`modisim-import samples`: a CSV of raw per-run measurements (columns device, model, phase,
milliseconds; one row per measured run) -> the device's measured timing rows and quantile shapes."""
import csv

from trace_tables import PHASES, mean

from .device_facts import device_row
from .errors import BadInput, number
from .layer import check_plausible, measured_device_layer

COLUMNS = ("device", "model", "phase", "milliseconds")
KEYS = {"model_load": "load", "inference": "infer"}


def read(path):
    """(device, first line of the device, {(model, phase): [ms]}, {(model, phase): first line})."""
    try:
        f = open(path, newline="")
    except OSError as e:
        raise BadInput(path, 0, "samples", f"cannot read: {e.strerror}") from None
    with f:
        lines = ((n, text) for n, text in enumerate(f, 1) if text.strip() and not text.lstrip().startswith("#"))
        numbered = list(lines)
    if not numbered:
        raise BadInput(path, 1, "header", "empty file", f"a header {','.join(COLUMNS)} and one row per run")
    header_line, header_text = numbered[0]
    header = [h.strip() for h in next(csv.reader([header_text]))]
    for c in COLUMNS:
        if c not in header:
            raise BadInput(path, header_line, c, "missing column", f"a header with {', '.join(COLUMNS)}")
    col = {c: header.index(c) for c in COLUMNS}
    device, device_line, values, first = None, 0, {}, {}
    for n, text in numbered[1:]:
        cells = next(csv.reader([text]))
        if len(cells) != len(header):
            raise BadInput(path, n, "row", f"{len(cells)} cells for {len(header)} columns")
        dev, model, phase, ms = (cells[col[c]].strip() for c in COLUMNS)
        if device is None:
            device, device_line = dev, n
        elif dev != device:
            raise BadInput(path, n, "device", f"'{dev}' differs from '{device}' (line {device_line})",
                           "one device class per samples file")
        if phase not in PHASES:
            raise BadInput(path, n, "phase", f"unknown phase '{phase}'", "image_load, model_load or inference")
        if phase == "image_load" and model not in ("*", ""):
            raise BadInput(path, n, "model", f"image_load samples apply to every model, not '{model}'", "model '*'")
        key = ("*" if phase == "image_load" else model, phase)
        values.setdefault(key, []).append(number(ms, path, n, "milliseconds", zero=True))
        first.setdefault(key, n)
    if device is None:
        raise BadInput(path, header_line, "header", "no samples after the header", "one row per measured run")
    return device, device_line, values, first


def build(args, base):
    path = args.input
    device, device_line, values, first = read(path)
    if args.device is not None and args.device != device:
        raise BadInput(path, device_line, "device", f"'{device}' is not --device '{args.device}'")
    runs = {}
    for (model, phase), v in values.items():
        check_plausible(phase, mean(v), path, first[(model, phase)], "milliseconds", f"{phase} of {model}")
        if phase == "image_load":
            continue
        if model not in base.models:
            raise BadInput(path, first[(model, phase)], "model", f"unknown model '{model}'",
                           f"a model in models.csv of {base.names()}")
        runs.setdefault(model, {})[KEYS[phase]] = v
    for model, r in sorted(runs.items()):
        for phase, key in KEYS.items():
            if key not in r:
                other = "inference" if phase == "model_load" else "model_load"
                raise BadInput(path, first[(model, other)], "phase",
                               f"model '{model}' has {other} samples but no {phase} samples",
                               "both model_load and inference samples for each model")
    image = values.get(("*", "image_load"))
    if image is None and args.image_load_ms is not None:
        image = number(args.image_load_ms, "command line", 0, "--image-load-ms")
    if image is None and device not in base.image_load:
        raise BadInput(path, device_line, "phase", f"new device class '{device}' has no image_load samples",
                       "image_load rows (model '*') or --image-load-ms")
    prefix = args.shape_prefix or device
    source = args.source or f"modisim-import samples {args.input_name}"
    return measured_device_layer(device, runs, prefix, source, image, device_row=device_row(args, device, base, path, device_line))
