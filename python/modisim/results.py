"""Read modisim's results: one run directory (``modisim run ... --out DIR``) with ``load_run``, a
sweep directory (``modisim sweep ... --out DIR``) with ``load_sweep``.

Columns are typed from their declarations (docs/outputs.md lists them): text -> str,
integer -> int, real -> float, flag -> bool; an empty cell is None, never 0. Each table's
``units`` maps its columns to units ("s", "J", "bytes", "fraction", "" for names and counts).
Swept values become numbers in SI units ("300ms" -> 0.3 s, see modisim.quantities); values
that are not numbers ("modi", "lte") stay strings.
"""
import csv
import os

from . import quantities, yaml_subset
from .table import DECLARED, Table, unit_from_name

RUN_FILES = tuple(DECLARED)
"""The CSV files a run writes (requests.csv, summary.csv, phones.csv, ...)."""


def _declared_kind(file):
    declared = DECLARED[file]
    return lambda column: declared.get(column, ("auto", unit_from_name(column)))


class Run:
    """One finished run: ``summary`` (dict), ``config`` (run.yaml as dicts, lists and strings,
    its ``provenance`` block included), and each CSV file as a Table: ``requests``, ``phones``,
    ``servers``, ``pushes``, ``stats`` (read on first use; ``table("requests.csv")`` likewise)."""

    def __init__(self, path):
        self.path = path
        self._tables = {}
        missing = [f for f in ("summary.csv", "requests.csv", "run.yaml") if not os.path.isfile(os.path.join(path, f))]
        if missing:
            raise FileNotFoundError(f"{path}: not a finished modisim run (no {', '.join(missing)})")
        self.summary_table = self.table("summary.csv")
        self.summary = _only_row(self.summary_table)
        with open(os.path.join(path, "run.yaml"), encoding="utf-8") as f:
            self.config = yaml_subset.parse(f.read(), os.path.join(path, "run.yaml"))
        self.provenance = self.config.get("provenance", {})

    def table(self, file):
        """The Table of ``file`` ("requests.csv", ...); FileNotFoundError when the run has none."""
        if file not in self._tables:
            kind_of = _declared_kind(file) if file in DECLARED else (lambda c: ("auto", unit_from_name(c)))
            self._tables[file] = Table.read(os.path.join(self.path, file), kind_of)
        return self._tables[file]

    requests = property(lambda self: self.table("requests.csv"), doc="requests.csv: one row per request")
    phones = property(lambda self: self.table("phones.csv"), doc="phones.csv: one row per phone")
    servers = property(lambda self: self.table("servers.csv"), doc="servers.csv: edges and the cloud")
    pushes = property(lambda self: self.table("pushes.csv"), doc="pushes.csv: model pushes and evictions")
    stats = property(lambda self: self.table("stats.csv"), doc="stats.csv: the central manager's reports")

    def __repr__(self):
        return f"Run({self.path!r})"


def _only_row(table):
    """A summary table's one row."""
    if len(table) != 1:
        raise ValueError(f"{table.path}: {len(table)} rows, expected one")
    return table.rows[0]


def load_run(path):
    """The run in directory ``path`` (what ``modisim run SCENARIO --out PATH`` wrote)."""
    return Run(os.fspath(path))


class SweepRun:
    """One run of a sweep: ``run_id``, ``point``, ``replication``, ``seed``, ``values`` {swept
    path: value}, ``status`` ("ok" or "failed"), ``ok``, ``error``, ``path`` (its run directory)
    and ``summary`` (its summary.csv as a dict; None for a failed run). ``load()`` reads the whole
    run (load_run)."""

    def __init__(self, sweep_dir, row, swept):
        self.run_id, self.point, self.replication, self.seed = row["run_id"], row["point"], row["replication"], row["seed"]
        self.values = {p: row[p] for p in swept}
        self.status, self.error = row["status"], row["error"]
        self.ok = self.status == "ok"
        self.path = os.path.join(sweep_dir, "runs", self.run_id)
        self.summary = None
        if self.ok:
            self.summary = _only_row(Table.read(os.path.join(self.path, "summary.csv"), _declared_kind("summary.csv")))

    def load(self):
        return load_run(self.path)

    def __repr__(self):
        return f"SweepRun({self.run_id!r}, {self.values!r}, {self.status})"


class Sweep:
    """A finished sweep: ``swept`` (the varied paths in order), ``units`` {swept path: SI unit of
    its values, "" when plain numbers or names}, ``runs`` (SweepRun, in run order), and its
    tables: ``results`` (results.csv: one row per run), ``aggregate`` (aggregate.csv: one row per
    point) and ``paired`` (paired.csv, None without ``--baseline``)."""

    def __init__(self, path):
        self.path = path
        results = os.path.join(path, "results.csv")
        if not os.path.isfile(results):
            raise FileNotFoundError(f"{path}: no results.csv (not a sweep directory, or the sweep has not finished: "
                                    "running the same command again completes it)")
        with open(results, newline="", encoding="utf-8") as f:
            raw = list(csv.reader(f))  # the header, and the swept cells as written (for their units)
        header = raw[0] if raw else []
        if "seed" not in header or "status" not in header:
            raise ValueError(f"{results}: not a sweep's results.csv (no seed or status column)")
        self.swept = header[header.index("seed") + 1:header.index("status")]
        kind_of = self._kinds()
        self.results = Table.read(results, kind_of)
        self.aggregate = Table.read(os.path.join(path, "aggregate.csv"), kind_of)
        paired = os.path.join(path, "paired.csv")
        self.paired = Table.read(paired, kind_of) if os.path.isfile(paired) else None
        self.units = self._swept_units(header, [r for r in raw[1:] if r])
        for table in (self.results, self.aggregate, self.paired):
            if table is not None:
                table.units.update({p: u for p, u in self.units.items() if p in table.units})
        self.runs = [SweepRun(path, row, self.swept) for row in self.results]

    def _kinds(self):
        fixed = {"run_id": "text", "point": "integer", "replication": "integer", "seed": "integer", "status": "text",
                 "exit_code": "integer", "error": "text", "runs": "integer", "ok": "integer",
                 "baseline_point": "integer"}
        summary = DECLARED["summary.csv"]
        statistics = {"_mean": "real", "_sd": "real", "_ci95": "real", "_n": "integer",
                      "_diff_mean": "real", "_diff_ci95": "real", "_diff_n": "integer"}

        def kind_of(column):
            if column in self.swept:
                return "value", ""
            if column in fixed:
                return fixed[column], ""
            if column in summary:
                return summary[column]
            for suffix, kind in statistics.items():
                metric = column[:-len(suffix)]
                if column.endswith(suffix) and metric in summary:
                    return kind, summary[metric][1] if kind == "real" else ""
            return "auto", unit_from_name(column)
        return kind_of

    def _swept_units(self, header, rows):
        units = {}
        for p in self.swept:
            column = header.index(p)
            found = {quantities.unit_of(r[column]) for r in rows}
            units[p] = found.pop() if len(found) == 1 and None not in found else ""
        return units

    def __repr__(self):
        return f"Sweep({self.path!r}, {len(self.runs)} runs over {', '.join(self.swept)})"


def load_sweep(path):
    """The sweep in directory ``path`` (what ``modisim sweep FILE --out PATH`` wrote)."""
    return Sweep(os.fspath(path))
