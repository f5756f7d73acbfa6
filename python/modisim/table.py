"""One CSV file of modisim's results with typed columns.

Column kinds and units come from the declarations in sim/output/outputs.cpp, shipped as
outputs.json (``modisim list --outputs --json``; a test keeps it current). A cell becomes
``str`` (text), ``int`` (integer), ``float`` (real) or ``bool`` (flag, written 0/1); an empty
cell is ``None`` whatever the kind, never 0.
"""
import csv
import json
import os
import re

from . import quantities

KINDS = ("text", "integer", "real", "flag")
# and for files outputs.json does not declare: "value" (a config or sweep value, as
# quantities.value_of) and "auto" (int, else float, else str)
# units by name suffix, for columns that outputs.json does not declare
_SUFFIX_UNITS = (("_s", "s"), ("_j", "J"), ("_bytes", "bytes"), ("_bps", "bps"), ("_w", "W"))
_INTEGER = re.compile(r"[-+]?\d+")


def _load_declarations():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "outputs.json"), encoding="utf-8") as f:
        files = json.load(f)["files"]
    return {f["file"]: {c["name"]: (c["kind"], c["unit"]) for c in f["columns"]} for f in files}


DECLARED = _load_declarations()
"""{file name: {column: (kind, unit)}} for every file ``modisim run`` writes."""


def unit_from_name(column):
    """The unit a column's name ends with ("latency_s" -> "s"), "" when none."""
    for suffix, unit in _SUFFIX_UNITS:
        if column.endswith(suffix):
            return unit
    return ""


def typed(cell, kind, where):
    """``cell`` (a CSV string) as ``kind``; ``where`` names it in a ValueError."""
    if cell == "":
        return None
    if kind == "text":
        return cell
    if kind == "integer" and _INTEGER.fullmatch(cell):
        return int(cell)
    if kind == "real":
        try:
            return float(cell)
        except ValueError:
            pass
    if kind == "flag" and cell in ("0", "1"):
        return cell == "1"
    if kind == "value":
        return quantities.value_of(cell)
    if kind == "auto":
        if _INTEGER.fullmatch(cell):
            return int(cell)
        try:
            return float(cell)
        except ValueError:
            return cell
    raise ValueError(f"{where}: '{cell}' is not {'a' if kind != 'integer' else 'an'} {kind}")


class Table:
    """Rows of one CSV file as dicts {column: value}, with each column's kind and unit.

    ``columns``: names in file order; ``kinds`` / ``units``: {column: kind / unit} ("" when it
    has none); ``rows``: list of dicts; ``len(table)`` and iteration go over the rows."""

    def __init__(self, path, columns, kinds, units, rows):
        self.path, self.columns, self.kinds, self.units, self.rows = path, columns, kinds, units, rows

    @classmethod
    def read(cls, path, kind_of):
        """Reads ``path``; ``kind_of(column)`` gives (kind, unit) for each header name."""
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            try:
                columns = next(reader)
            except StopIteration:
                raise ValueError(f"{path}: empty file (no header)") from None
            kinds, units = {}, {}
            for c in columns:
                kinds[c], units[c] = kind_of(c)
            rows = []
            for line, cells in enumerate(reader, start=2):
                if len(cells) != len(columns):
                    raise ValueError(f"{path}:{line}: {len(cells)} cells for {len(columns)} columns")
                rows.append({c: typed(cell, kinds[c], f"{path}:{line}: column {c}") for c, cell in zip(columns, cells)})
        return cls(path, columns, kinds, units, rows)

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def values(self, name):
        """The column as a list (None for empty cells)."""
        self._check(name)
        return [r[name] for r in self.rows]

    def column(self, name):
        """The column as a numpy array when numpy is importable, else as a list.

        Arrays: real -> float64 and integer -> int64 (float64 with NaN where a cell is empty),
        flag -> bool (object where a cell is empty), text -> object with None for empty cells."""
        values = self.values(name)
        try:
            import numpy as np
        except ImportError:
            return values
        kind = self.kinds[name]
        empty = any(v is None for v in values)
        if kind == "real" or (kind == "integer" and empty):
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        if kind == "integer":
            return np.array(values, dtype=np.int64)
        if kind == "flag" and not empty:
            return np.array(values, dtype=bool)
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out

    def _check(self, name):
        if name not in self.kinds:
            raise KeyError(f"{self.path} has no column '{name}' (columns: {', '.join(self.columns)})")

    def __repr__(self):
        return f"Table({self.path!r}, {len(self.rows)} rows x {len(self.columns)} columns)"
