"""Reading the MODI app's SQLite databases (table inference_results: one row per classified image,
times in milliseconds as text). Shared by scripts/derive_traces.py and `modisim-import modi-app`.
Standard library only.
"""
import os
import sqlite3


def flowers34_model_name(path):
    """Model name and variant of a flowers-34 asset path: .../mobilenet_0.25_128.pb ->
    mobilenet_v1_0.25_128, .../8bit/inception_v3.pb -> inception_v3_8bit."""
    base = os.path.basename(path)[:-3]
    eight = "/8bit/" in path
    if base.startswith("mobilenet_"):
        width, res = base[len("mobilenet_"):].split("_")
        name = f"mobilenet_v1_{width}_{res}"
    else:
        name = base
    return name + ("_8bit" if eight else ""), ("8bit" if eight else "float")


def pixel2_cold_variant(path):
    """The InceptionV3 variant of a Pixel 2 cold-run asset path (optimized_graph.pb, rounded_graph.pb)."""
    return "optimized" if "optimized" in path else "rounded"


def model_for_path(path):
    """The modisim model a MODI app asset path stands for, or None when the path follows neither
    naming: the Fig 2 variant graphs (.../optimized_graph.pb, .../rounded_graph.pb) or the
    flowers-34 models (.../[8bit/]mobilenet_W_R.pb, .../[8bit/]inception_v3.pb)."""
    base = os.path.basename(path)
    if base in ("optimized_graph.pb", "rounded_graph.pb"):
        return f"inception_v3_{pixel2_cold_variant(path)}"
    stem, ext = os.path.splitext(base)
    parts = stem.split("_")
    if ext == ".pb" and (stem == "inception_v3" or (len(parts) == 3 and parts[0] == "mobilenet")):
        return flowers34_model_name(path)[0]
    return None


def open_readonly(db_path):
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def columns(con):
    return [r[1] for r in con.execute("pragma table_info(inference_results)")]


def results(db_path, wanted):
    """Rows (tuples of `wanted` columns, in _id order) of inference_results."""
    con = open_readonly(db_path)
    try:
        return con.execute(f"select {', '.join(wanted)} from inference_results order by _id").fetchall()
    finally:
        con.close()
