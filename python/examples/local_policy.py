#!/usr/bin/env python3
"""The built-in `local` policy written as an external one: the most accurate resident model
predicted to meet the deadline, else the fastest. A run with it is byte-identical to one with
selection.policy: local (tests/sim/test_external.cpp).

    selection: {policy: external, params: {command: "python3 python/examples/local_policy.py"}}
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from modisim.policy import device, fail, fastest, most_accurate_within, serve  # noqa: E402


def choose(ctx):
    phone = ctx["device"]
    if not phone["models"]:
        return fail("no_local_model")
    m = most_accurate_within(phone, ctx["request"]["deadline_s"]) or fastest(phone)
    return device(m)


if __name__ == "__main__":
    serve(select=choose)
