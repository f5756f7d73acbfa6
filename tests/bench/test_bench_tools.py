"""The grouping of perf samples (bench/by_library.py, which bench/run-scale measures with) and
bench/report-scale's by-library table, on hand-made inputs (the tools themselves run perf and the
simulator: bench/, never ctest)."""
import csv
import importlib.machinery
import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))  # as for the scripts, which run from bench/
import by_library  # noqa: E402


def load_script(name):
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), str(ROOT / "bench" / name))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


report_scale = load_script("report-scale")


def test_debian_libraries_fall_in_their_groups():
    expected = {"libsimgrid.so.3.32": "SimGrid", "modisim": "modisim", "libc.so.6": "C/C++ runtime",
                "libstdc++.so.6.0.30": "C/C++ runtime", "libm.so.6": "C/C++ runtime",
                "libgcc_s.so.1": "C/C++ runtime", "libjemalloc.so.2": "C/C++ runtime",
                "ld-linux-x86-64.so.2": "C/C++ runtime", "libfmt.so.9.1.0": "fmt",
                "[kernel.kallsyms]": "kernel", "[vdso]": "kernel", "libyaml-cpp.so.0.7": "other",
                "libcrypto.so.3": "other"}
    for dso, group in expected.items():
        assert by_library.library_group(dso, "modisim") == group, dso


def test_the_measured_executable_counts_as_modisim_whatever_its_name():
    assert by_library.library_group("modisim-old", "modisim-old") == "modisim"
    assert by_library.library_group("modisim", "modisim-old") == "other"


def test_perf_periods_are_summed_per_group():
    report = """     578289000  libsimgrid.so.3.32
     218609250  modisim
      48024000  libjemalloc.so.2
      21010500  libc.so.6
      14007000  libfmt.so.9.1.0
       1000000  [kernel.kallsyms]
        500000  libyaml-cpp.so.0.7
"""
    ns = by_library.period_by_group(report, "modisim")
    assert ns == {"SimGrid": 578289000, "modisim": 218609250, "C/C++ runtime": 48024000 + 21010500,
                  "fmt": 14007000, "kernel": 1000000, "other": 500000}


def by_library_rows(tmp_path, values):
    path = tmp_path / "by-library.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["phones", "requests", "library", "cpu_us_per_request"])
        for (phones, library), us in values.items():
            w.writerow([phones, phones * 10, library, us])
    return report_scale.read_rows(path)


def test_would_be_ratio_and_excess_split_are_computed_by_hand(tmp_path):
    # total 10 -> 16: SimGrid 6 -> 9, modisim 3 -> 6, kernel 0.4 -> 0.6 (too small for a growth)
    # and the runtime 0.6 -> 0.4. If only SimGrid grew: (10 - 6 + 9) / 10 = 1.30.
    rows = by_library_rows(tmp_path, {
        (1000, "SimGrid"): 6, (1000, "modisim"): 3, (1000, "kernel"): 0.4, (1000, "C/C++ runtime"): 0.6,
        (1000, "total"): 10, (100000, "SimGrid"): 9, (100000, "modisim"): 6, (100000, "kernel"): 0.6,
        (100000, "C/C++ runtime"): 0.4, (100000, "total"): 16})
    table = report_scale.by_library_table(rows, "by-library.csv").splitlines()
    assert "| SimGrid | 6.00 | 9.00 | 1.50x |" in table
    assert "| modisim | 3.00 | 6.00 | 2.00x |" in table
    assert "| kernel | 0.40 | 0.60 |  |" in table
    assert "| C/C++ runtime | 0.60 | 0.40 | 0.67x |" in table
    assert "If only SimGrid's time per request grew, the ratio would be 1.30x (1.60x measured)." in table
    assert ("Of the 0.60 by which the measured ratio exceeds 1, SimGrid's growth makes 0.30 and "
            "modisim's 0.30.") in table

