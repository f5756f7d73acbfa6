"""An imported trace layer: its tables are built in memory, then written into a temporary
directory beside the destination and renamed into place, so bad input or a failed write leaves no
partial directory behind."""
import os
import shutil
import tempfile

from trace_tables import (DEVICE_COLUMNS, PLAUSIBLE_MEAN_MS, QUANTILE_COLUMNS, TIMING_COLUMNS, fmt, mean,
                          measured_quantile_rows, measured_rows, quantile_rows, write_table)

from .errors import BadInput


class Layer:
    def __init__(self):
        self.tables = {}  # file name -> (columns, rows)

    def add(self, name, columns, rows):
        if rows:
            self.tables[name] = (columns, rows)

    def write(self, out, replace=False):
        out = os.path.abspath(out)
        if os.path.lexists(out) and not replace:
            raise BadInput("command line", 0, "--out", f"'{out}' already exists", "a new directory, or --replace")
        parent = os.path.dirname(out)
        os.makedirs(parent, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".modisim-import-", dir=parent)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp's 0700 would make the layer private
        old = None
        try:
            for name, (columns, rows) in self.tables.items():
                write_table(os.path.join(tmp, name), columns, rows)
            if os.path.lexists(out):
                old = tmp + ".old"
                os.rename(out, old)
            os.rename(tmp, out)
        except BaseException:
            if old is not None and os.path.lexists(old) and not os.path.lexists(out):
                os.rename(old, out)  # --replace failed: the previous layer comes back
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old)


def image_load_rows(device, image, shape_prefix, source):
    """The image_load row (and its quantile rows) of `image`: measured samples (a list of ms) are
    replayed as an empirical shape; a single number (ms) is a fixed time; None writes no row."""
    if image is None:
        return [], []
    if isinstance(image, list):
        shape = f"{shape_prefix}/image_load"
        return ([[device, "*", "image_load", "empirical", fmt(mean(image)), "", shape, source]],
                quantile_rows(shape, image))
    return [[device, "*", "image_load", "fixed", fmt(image), "", "", source]], []


def measured_device_layer(device, runs, shape_prefix, source, image=None, image_source=None, device_row=None):
    """A layer replaying measured runs ({model: {"load": [ms], "infer": [ms]}}) of one device."""
    timings, shapes = image_load_rows(device, image, shape_prefix, image_source or source)
    layer = Layer()
    layer.add("device_timings.csv", TIMING_COLUMNS, timings + measured_rows(device, runs, shape_prefix, source))
    layer.add("quantiles.csv", QUANTILE_COLUMNS, shapes + measured_quantile_rows(runs, shape_prefix))
    layer.add("devices.csv", DEVICE_COLUMNS, [device_row] if device_row else [])
    return layer


def check_plausible(phase, mean_ms, where, line, key, what):
    """modisim refuses a mean outside the physical range of the phase; say so at the input."""
    lo, hi, kind = PLAUSIBLE_MEAN_MS[phase]
    if not lo <= mean_ms <= hi:
        raise BadInput(where, line, key, f"mean {fmt(mean_ms)} ms of {what} is outside {fmt(lo)} to {fmt(hi)} ms, "
                       f"{kind} (seconds instead of milliseconds?)")
