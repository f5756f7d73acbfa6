"""modisim.policy on its own: the serve loop's line protocol and the helpers' rules."""
import io
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from modisim.policy import device, fail, fastest, most_accurate_within, predicted_s, remote, serve  # noqa: E402

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


def test_serve_answers_one_line_per_request_and_skips_blank_lines():
    contexts = [{"device": SITE, "request": {"deadline_s": 0.4}}, {"device": SITE, "request": {"deadline_s": 0.3}}]
    stdin = io.StringIO("\n".join(json.dumps(c) for c in contexts) + "\n\n")
    stdout = io.StringIO()
    serve(lambda ctx: device(most_accurate_within(ctx["device"], ctx["request"]["deadline_s"])), stdin, stdout)
    lines = stdout.getvalue().splitlines()
    assert [json.loads(line)["model"] for line in lines] == [3, 1]
