"""Helpers for an external selection policy (docs/external-policies.md).

modisim writes one JSON line per request (the selection context) to the policy's stdin and reads
one JSON line back (the decision). `serve(choose)` runs that loop: `choose(ctx)` gets the context
as a dict and returns a decision made with `device`, `remote` or `fail`. Keep `choose`
deterministic (use ctx["u"] for randomness): then runs are byte-identical.
"""
import json
import sys


def device(model):
    """Run `model` (an id from ctx["device"]["models"]) on the phone."""
    return {"site": "device", "model": model["model"] if isinstance(model, dict) else model}


def remote(index, model, fallback_local=False):
    """Run `model` on ctx["remote"][index]; with fallback_local a resident model answers if the path fails."""
    return {"site": "remote", "index": index, "model": model["model"] if isinstance(model, dict) else model,
            "fallback_local": fallback_local}


def fail(reason=True):
    """Do not serve the request (reason: "no_local_model", "no_edge_model" or "no_model")."""
    return {"fail": reason}


def predicted_s(site, model):
    """The time modisim predicts for `model` at `site`: network + queue + service (its own sum)."""
    return site["est_network_s"] + site["est_queue_s"] + model["est_mean_s"]


def most_accurate_within(site, budget_s, min_accuracy=0.0):
    """The most accurate model predicted within budget_s (first of equals), or None."""
    best = None
    for m in site["models"]:
        if m["accuracy"] < min_accuracy or predicted_s(site, m) > budget_s:
            continue
        if best is None or m["accuracy"] > best["accuracy"]:
            best = m
    return best


def fastest(site):
    """The model with the smallest predicted service time (first of equals), or None."""
    best = None
    for m in site["models"]:
        if best is None or m["est_mean_s"] < best["est_mean_s"]:
            best = m
    return best


def serve(choose, stdin=None, stdout=None):
    """Answer modisim's requests until it closes the pipe."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(json.dumps(choose(json.loads(line)), separators=(",", ":")) + "\n")
        stdout.flush()
