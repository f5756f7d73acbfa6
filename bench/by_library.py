"""CPU time per request split by library: the grouping of perf's samples and the ratios, shared by
bench/run-scale (which measures) and bench/report-scale (which writes the README's table)."""

# "modisim" is the measured executable, whatever its file is called (run-scale --binary).
LIBRARY_GROUPS = [("SimGrid", ("libsimgrid",)), ("modisim", ()),
                  ("C/C++ runtime", ("libc.", "libc-", "libstdc++", "libm.", "libgcc", "libjemalloc", "ld-linux")),
                  ("fmt", ("libfmt",)), ("kernel", ("[kernel", "[vdso]"))]
# Below this many microseconds per request a part holds too few samples for its growth to mean
# anything: no growth is shown.
GROWTH_MIN_US = 0.5


def library_group(dso, executable):
    if dso == executable:
        return "modisim"
    for name, prefixes in LIBRARY_GROUPS:
        if prefixes and dso.startswith(prefixes):
            return name
    return "other"


def period_by_group(report, executable):
    """Sums `perf report -F period,dso` lines ("<period> <dso>") per library group."""
    ns = {name: 0 for name, _ in LIBRARY_GROUPS + [("other", ())]}
    for line in report.splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2 and parts[0].isdigit():
            ns[library_group(parts[1].strip(), executable)] += int(parts[0])
    return ns


def growth(small_us, large_us):
    """large / small, or None when the part is too small at the smaller size to tell."""
    return large_us / small_us if small_us >= GROWTH_MIN_US else None


def ratio_if_only_simgrid_grew(small, large):
    """The per-request ratio had nothing but SimGrid cost more at the larger size; `small` and
    `large` map groups (and "total") to microseconds per request."""
    return (small["total"] - small["SimGrid"] + large["SimGrid"]) / small["total"]
