"""modisim.policy on its own: the serve loop's line protocol and the helpers' rules."""
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pytest  # noqa: E402

from modisim.policy import (ProtocolError, best_effort, device, fail, fastest, first_remote, keep,  # noqa: E402
                            most_accurate_within, option_policy, options, predicted_s, remote, serve)

SITE = {"est_network_s": 0.1, "est_queue_s": 0.05,
        "models": [{"model": 1, "accuracy": 0.6, "est_mean_s": 0.1},
                   {"model": 2, "accuracy": 0.9, "est_mean_s": 0.4},
                   {"model": 3, "accuracy": 0.9, "est_mean_s": 0.2}]}


def test_predicted_time_is_network_plus_queue_plus_service():
    assert predicted_s(SITE, SITE["models"][0]) == 0.1 + 0.05 + 0.1


def test_most_accurate_within_a_budget_takes_the_first_of_equals():
    assert most_accurate_within(SITE, 1.0)["model"] == 2
    # predicted: model 1 0.25 s, model 2 0.55 s, model 3 0.35 s
    assert most_accurate_within(SITE, 0.4)["model"] == 3
    assert most_accurate_within(SITE, 0.3)["model"] == 1
    assert most_accurate_within(SITE, 0.2) is None
    assert most_accurate_within(SITE, 1.0, min_accuracy=0.95) is None
    assert fastest(SITE)["model"] == 1


def test_decisions_are_the_protocols_objects():
    assert device(SITE["models"][1]) == {"site": "device", "model": 2}
    assert remote(0, 3, fallback_local=True) == {"site": "remote", "index": 0, "model": 3, "fallback_local": True}
    assert fail() == {"fail": True}
    assert fail("no_local_model") == {"fail": "no_local_model"}


HELLO = {"type": "hello", "protocol": "modisim-policy", "version": 1, "kind": "selection"}


def run_serve(messages, **handlers):
    stdin = io.StringIO("\n".join(json.dumps(m) for m in messages) + "\n\n")
    stdout = io.StringIO()
    serve(stdin=stdin, stdout=stdout, **handlers)
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_serve_answers_each_question_and_only_questions():
    messages = [HELLO,
                {"type": "select", "device": SITE, "request": {"id": 1, "deadline_s": 0.4}},
                {"type": "completion", "request": 1, "goal_met": True},
                {"type": "select", "device": SITE, "request": {"id": 2, "deadline_s": 0.3}},
                {"type": "place", "candidates": [{"model": 4}, {"model": 5}]},
                {"type": "end"}]
    learned = []
    replies = run_serve(messages,
                        select=lambda ctx: device(most_accurate_within(ctx["device"], ctx["request"]["deadline_s"])),
                        place=lambda ctx: keep(ctx["candidates"][1:]),
                        learn=learned.append)
    assert replies == [{"site": "device", "model": 3}, {"site": "device", "model": 1}, {"keep": [5]}]
    assert learned == [messages[2]]


def test_serve_refuses_another_protocol_version_and_unhandled_questions():
    with pytest.raises(ProtocolError, match="version 2"):
        run_serve([dict(HELLO, version=2)], select=lambda ctx: fail())
    with pytest.raises(ProtocolError, match="place"):
        run_serve([HELLO, {"type": "place"}], select=lambda ctx: fail())


def test_best_effort_and_first_remote_follow_the_builtin_rules():
    assert best_effort(SITE, 0.4, min_accuracy=0.95)["model"] == 3  # none adequate: most accurate in time
    assert best_effort(SITE, 0.1)["model"] == 1                      # none in time: the fastest
    assert best_effort({"est_network_s": 0, "est_queue_s": 0, "models": []}, 1.0) is None
    ctx = {"remote": [{"site": "edge", "reachable": False, "models": [1]},
                      {"site": "edge", "reachable": True, "models": []},
                      {"site": "cloud", "reachable": True, "models": [1]}]}
    assert first_remote(ctx, "edge") is None
    assert first_remote(ctx, "cloud") == 2


def test_options_flatten_the_phone_then_reachable_servers_and_option_policy_replies_with_one():
    phone = dict(SITE, site="device", tier=0, name="", reachable=True, est_network_s=0.0, est_queue_s=0.0,
                 est_radio_energy_j=0.0,
                 models=[dict(m, est_sd_s=0.01, loaded=True, est_energy_j=0.5) for m in SITE["models"][:1]])
    edge = dict(phone, site="edge", name="edge", est_network_s=0.2, est_radio_energy_j=0.3,
                models=[dict(m, est_sd_s=0.02, loaded=False, est_energy_j=0.0) for m in SITE["models"][1:]])
    cloud = dict(edge, site="cloud", name="cloud", tier=1, reachable=False)
    ctx = {"request": {"id": 4, "accuracy_need": 0.8}, "device": phone, "remote": [edge, cloud]}
    opts = options(ctx)
    assert [(o["site"], o["index"], o["model"]) for o in opts] == [("device", None, 1), ("edge", 0, 2), ("edge", 0, 3)]
    assert opts[1]["predicted_s"] == 0.2 + 0.0 + 0.4
    assert [o["est_energy_j"] for o in opts] == [0.5, 0.3, 0.3]  # CPU on the phone, radio for the edge
    assert opts[2]["decision"] == {"site": "remote", "index": 0, "model": 3, "fallback_local": True}
    adequate_fastest = option_policy(lambda request, o: min(
        (x for x in o if x["accuracy"] >= request["accuracy_need"]), key=lambda x: x["predicted_s"], default=None))
    assert adequate_fastest(ctx) == {"site": "remote", "index": 0, "model": 3, "fallback_local": True}
    ctx["request"]["accuracy_need"] = 0.99
    assert adequate_fastest(ctx) == {"fail": True}
