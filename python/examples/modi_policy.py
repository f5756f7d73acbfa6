#!/usr/bin/env python3
"""MODI's rule (the built-in `modi` selection policy) written as an external one. With the same
parameters a run is byte-identical to one with selection.policy: modi
(tests/sim/test_external.cpp):

    selection: {policy: external, params: {command: "python3 python/examples/modi_policy.py"}}

Options: --min-battery FRACTION (default 0.2), --use-cloud (default off), as modi's parameters.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from modisim.policy import best_effort, device, fail, first_remote, most_accurate_within, remote, serve  # noqa: E402


def remote_site(ctx, deadline, need, use_cloud):
    """The nearest tier with an adequate model predicted in time (the cloud only with use_cloud);
    if none, the nearest edge."""
    for i, r in enumerate(ctx["remote"]):
        if not r["reachable"] or not r["models"] or (r["site"] == "cloud" and not use_cloud):
            continue
        if most_accurate_within(r, deadline, need):
            return i
    return first_remote(ctx, "edge")


def make_choose(min_battery, use_cloud):
    def choose(ctx):
        need = ctx["request"]["accuracy_need"]
        deadline = ctx["request"]["deadline_s"]
        phone = ctx["device"]
        if ctx["phone"]["battery_fraction"] >= min_battery:
            m = most_accurate_within(phone, deadline, need)
            if m:
                return device(m)
        i = remote_site(ctx, deadline, need, use_cloud)
        if i is not None:
            m = best_effort(ctx["remote"][i], deadline, need)
            return remote(i, m, fallback_local=True) if m else fail()
        if phone["models"]:  # no reachable tier: keep working on the device
            return device(best_effort(phone, deadline, need))
        return fail()
    return choose


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-battery", type=float, default=0.2)
    ap.add_argument("--use-cloud", action="store_true")
    args = ap.parse_args()
    serve(select=make_choose(args.min_battery, args.use_cloud))
