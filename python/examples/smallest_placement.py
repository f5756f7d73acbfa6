#!/usr/bin/env python3
"""The built-in `smallest` placement policy written as an external one: the smallest variant of
every wanted task that fits, most used tasks first. A run with it is byte-identical to one with
placement policy `smallest` (tests/sim/test_external.cpp):

    management: {phones: {policy: external, params: {command: "python3 python/examples/smallest_placement.py"}}}
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from modisim.policy import keep, serve  # noqa: E402


def plan(ctx):
    tasks = sorted(range(len(ctx["tasks"])), key=lambda t: -ctx["tasks"][t]["requests"])  # stable, like C++
    used, chosen = 0.0, []
    for t in tasks:
        if not ctx["tasks"][t]["wanted"]:
            continue
        best = None
        for c in ctx["candidates"]:
            if c["task"] == t and not c["gzip"] and (best is None or c["size_bytes"] < best["size_bytes"]):
                best = c
        if best is not None and used + best["size_bytes"] <= ctx["storage_bytes"]:
            chosen.append(best)
            used += best["size_bytes"]
    return keep(sorted(c["model"] for c in chosen))


if __name__ == "__main__":
    serve(place=plan)
