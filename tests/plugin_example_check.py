#!/usr/bin/python3
"""Checks a run of the example plugin's `frugal` policy (tests/plugin_example.sh): every answered
request was answered by the least accurate model meeting its accuracy need among the models
stored where it could run (the phones' and the edges' models in run.yaml), or by the most accurate
one when none meets it; and both kinds of answer occur (phone and edge).

usage: plugin_example_check.py RUN_DIR MODELS_CSV"""
import csv
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "python"))
from modisim import load_run  # noqa: E402


def stored_models(run_dir):
    """Model names listed under run.yaml's edges and phones sections."""
    config = load_run(run_dir).config
    return {m for section in ("edges", "phones") for entry in config.get(section, []) for m in entry.get("models", [])}


def main():
    run_dir, models_csv = sys.argv[1], sys.argv[2]
    top1 = {r["model"]: float(r["top1"]) for r in csv.DictReader(open(models_csv, encoding="utf-8"))}
    stored = stored_models(run_dir)
    if not stored or not stored <= top1.keys():
        sys.exit(f"unexpected stored models {sorted(stored)}")
    accuracies = sorted(top1[m] for m in stored)
    answered, sites, bad = 0, set(), []
    for r in csv.DictReader(open(f"{run_dir}/requests.csv", encoding="utf-8")):
        if r["status"] != "ok":
            continue
        answered += 1
        need = float(r["accuracy_need"])
        adequate = [a for a in accuracies if a >= need]
        expected = adequate[0] if adequate else accuracies[-1]
        if top1[r["model"]] != expected:
            bad.append(f"request {r['request_id']}: need {need}, {r['model']} ({top1[r['model']]}), expected top-1 {expected}")
        sites.add(r["site"])
    if answered == 0:
        sys.exit("no request was answered")
    if bad:
        sys.exit(f"{len(bad)} of {answered} answers break the rule, first: {bad[0]}")
    if sites != {"device", "edge"}:
        sys.exit(f"answers came from {sorted(sites)}, expected the phone and the edge")
    print(f"{answered} answers follow frugal's rule")


if __name__ == "__main__":
    main()
