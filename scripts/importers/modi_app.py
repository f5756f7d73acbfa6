"""`modisim-import modi-app`: the MODI app's SQLite databases (table inference_results, one row per
classified image: model_path, load_time, infer_time, optional preprocess_time, in ms) -> the
device's measured timing rows and quantile shapes, in the format of the shipped layer
traces/modi-app-pixel2/ (scripts/derive_traces.py writes that layer with the same code)."""
import sqlite3

from trace_tables import mean

from modi_app_db import columns, model_for_path, open_readonly

from .device_facts import device_row
from .errors import BadInput, number
from .layer import check_plausible, measured_device_layer

REQUIRED = ("model_path", "load_time", "infer_time")


def model_map(args):
    """--model-map ASSET=MODEL pairs: ASSET is a full model_path or its file name."""
    out = {}
    for item in args.model_map or []:
        asset, sep, model = item.partition("=")
        if not sep or not asset or not model:
            raise BadInput("command line", 0, "--model-map", f"'{item}' is not ASSET=MODEL")
        out[asset] = model
    return out


def read(path, mapping, runs, first, images):
    try:
        con = open_readonly(path)
        have = columns(con)
    except sqlite3.Error as e:
        raise BadInput(path, 0, "inference_results", f"not a readable MODI app database ({e})") from None
    try:
        for c in REQUIRED:
            if c not in have:
                raise BadInput(path, 0, c, "missing column of table inference_results",
                               "a MODI app database (model_path, load_time, infer_time)")
        image_col = ", preprocess_time" if "preprocess_time" in have else ""
        for row in con.execute(f"select _id, model_path, load_time, infer_time{image_col} from inference_results order by _id"):
            rid, asset = row[0], row[1] or ""
            model = mapping.get(asset) or mapping.get(asset.rsplit("/", 1)[-1]) or model_for_path(asset)
            if model is None:
                raise BadInput(path, rid, "model_path", f"no modisim model for '{asset}'", "--model-map ASSET=MODEL")
            r = runs.setdefault(model, {"load": [], "infer": []})
            r["load"].append(number(row[2], path, rid, "load_time", zero=True))
            r["infer"].append(number(row[3], path, rid, "infer_time", zero=True))
            first.setdefault(model, (path, rid))
            if image_col:
                images.append(number(row[4], path, rid, "preprocess_time", zero=True))
    except sqlite3.Error as e:
        raise BadInput(path, 0, "inference_results", f"not a readable MODI app database ({e})") from None
    finally:
        con.close()


def build(args, base):
    runs, first, images = {}, {}, []
    mapping = model_map(args)
    for path in args.inputs:
        read(path, mapping, runs, first, images)
    if not runs:
        raise BadInput(args.inputs[-1], 0, "inference_results", "no rows", "one row per classified image")
    for model, r in runs.items():
        where, rid = first[model]
        if model not in base.models:
            raise BadInput(where, rid, "model_path", f"unknown model '{model}'",
                           f"a model in models.csv of {base.names()} (or --model-map)")
        check_plausible("model_load", mean(r["load"]), where, rid, "load_time", f"model_load of {model}")
        check_plausible("inference", mean(r["infer"]), where, rid, "infer_time", f"inference of {model}")
    device, source = args.device, args.source or "MODI app database"
    if args.image_load_ms is not None:
        image, image_source = number(args.image_load_ms, "command line", 0, "--image-load-ms"), f"{source}: --image-load-ms"
    elif images:
        image, image_source = mean(images), f"{source}: mean preprocess_time"
        check_plausible("image_load", image, args.inputs[0], 0, "preprocess_time", "image_load")
    else:
        image, image_source = None, None
    if image is None and device not in base.image_load:
        raise BadInput("command line", 0, "--image-load-ms", f"new device class '{device}' needs an image load time",
                       "--image-load-ms (the databases have no preprocess_time)")
    return measured_device_layer(device, runs, args.shape_prefix or device, f"{source} (measured)", image,
                                 image_source, device_row(args, device, base, "command line", 0))
