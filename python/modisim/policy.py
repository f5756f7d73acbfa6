"""Helpers for external policies (docs/external-policies.md, protocol version 1).

modisim writes one JSON object per line to the policy's stdin and tells them apart by "type":
"hello" (first line), "select" (answer with one decision line), "place" (answer with one
{"keep": [...]} line), "completion" (no answer: how a request ended) and "end" (last line).
`serve(select=..., place=..., learn=...)` runs that loop: `select(ctx)` gets a select message as a
dict and returns a decision made with `device`, `remote` or `fail`; `place(ctx)` returns
`keep(models)`; `learn(completion)` is told every completion. Keep them deterministic (use
ctx["u"] for randomness): then runs are byte-identical.
"""
import json
import sys

PROTOCOL = "modisim-policy"
VERSION = 1


def device(model):
    """Run `model` (an id, or a model dict from ctx["device"]["models"]) on the phone."""
    return {"site": "device", "model": model["model"] if isinstance(model, dict) else model}


def remote(index, model, fallback_local=False):
    """Run `model` on ctx["remote"][index]; with fallback_local a resident model answers if the path fails."""
    return {"site": "remote", "index": index, "model": model["model"] if isinstance(model, dict) else model,
            "fallback_local": fallback_local}


def fail(reason=True):
    """Do not serve the request (reason: "no_local_model", "no_edge_model" or "no_model")."""
    return {"fail": reason}


def keep(models):
    """A placement plan: hold these models (ids or candidate dicts)."""
    return {"keep": [m["model"] if isinstance(m, dict) else m for m in models]}


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


def best_effort(site, deadline_s, min_accuracy=0.0):
    """Like modisim's best_effort: the most accurate adequate model in time, else the most accurate
    in time, else the fastest; None when the site has no model."""
    return (most_accurate_within(site, deadline_s, min_accuracy) or most_accurate_within(site, deadline_s)
            or fastest(site))


def first_remote(ctx, kind):
    """Position in ctx["remote"] of the nearest reachable site of that kind ("edge", "cloud") with
    models, or None."""
    for i, r in enumerate(ctx["remote"]):
        if r["site"] == kind and r["reachable"] and r["models"]:
            return i
    return None


def options(ctx):
    """Every choice a select message offers, flat: each resident model on the phone, then each model
    of each reachable server on the path (nearest first). Each is a dict with the site ("device",
    "edge", "cloud"), "index" (position in ctx["remote"], None on the phone), "tier", "name",
    "model", "accuracy", "predicted_s" (network + queue + service), "est_sd_s", "loaded",
    "est_energy_j" (the phone's: CPU on the phone, radio for a server) and "decision" (what to
    reply; a server's with MODI's on-device fallback)."""
    out = [_option(ctx["device"], None, m) for m in ctx["device"]["models"]]
    for i, site in enumerate(ctx["remote"]):
        if site["reachable"]:
            out += [_option(site, i, m) for m in site["models"]]
    return out


def _option(site, index, m):
    on_phone = index is None
    return {"site": site["site"], "index": index, "tier": site["tier"], "name": site["name"], "model": m["model"],
            "accuracy": m["accuracy"], "predicted_s": predicted_s(site, m), "est_sd_s": m["est_sd_s"],
            "loaded": m["loaded"], "est_energy_j": m["est_energy_j"] if on_phone else site["est_radio_energy_j"],
            "decision": device(m) if on_phone else remote(index, m, fallback_local=True)}


def option_policy(choose):
    """A select handler from `choose(request, options)`, which returns one of `options(ctx)` (or
    None: the request is not served):

        serve(select=option_policy(lambda request, opts: min(opts, key=lambda o: o["predicted_s"], default=None)))
    """
    def select(ctx):
        picked = choose(ctx["request"], options(ctx))
        return fail() if picked is None else picked["decision"]
    return select


class ProtocolError(Exception):
    """A message this helper cannot handle (an unknown protocol version or message type)."""


def _answer(msg, select, place, learn):
    kind = msg.get("type")
    if kind == "hello":
        if msg.get("protocol") != PROTOCOL or msg.get("version") != VERSION:
            raise ProtocolError(f"modisim speaks {msg.get('protocol')} version {msg.get('version')}; "
                                f"this helper speaks {PROTOCOL} version {VERSION}")
        return None
    if kind == "select" and select is not None:
        return select(msg)
    if kind == "place" and place is not None:
        return place(msg)
    if kind == "completion":
        if learn is not None:
            learn(msg)
        return None
    if kind == "end":
        return None
    raise ProtocolError(f"no handler for a {kind!r} message")


def serve(select=None, place=None, learn=None, stdin=None, stdout=None):
    """Answer modisim's questions until it closes the pipe (or sends "end")."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    for line in stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        reply = _answer(msg, select, place, learn)
        if reply is not None:
            stdout.write(json.dumps(reply, separators=(",", ":")) + "\n")
            stdout.flush()
        if msg.get("type") == "end":
            return
