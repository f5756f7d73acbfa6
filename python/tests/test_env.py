"""modisim.env against the real simulator: the episode's rewards are summary.csv's, a seed gives
the same run twice, modisim's errors reach the caller, and the example bandit beats `random`."""
import csv
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples"))  # the package itself: conftest.py
from modisim.env import InferenceEnv, available_actions  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
SCENARIO = os.path.join(ROOT, "configs", "default.yaml")
SHORT = ["--set", "simulation.duration=1min"]


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def play(env, seed, choose):
    """One episode; returns (rewards, completions, decisions)."""
    obs, info = env.reset(seed=seed)
    rewards, completions, decisions = [], [], 0
    while True:
        obs, reward, terminated, truncated, info = env.step(choose(obs, info))
        decisions += 1
        rewards.append(reward)
        completions += info["completions"]
        assert not truncated
        if terminated:
            return rewards, completions, decisions


def last_action(obs, info):
    return len(info["actions"]) - 1  # the farthest server's last model: offloads most requests


def test_rewards_sum_to_the_summarys_goal_count_and_completions_match_requests_csv(modisim_bin):
    with InferenceEnv(SCENARIO, modisim=modisim_bin, args=SHORT) as env:
        rewards, completions, decisions = play(env, 3, last_action)
        summary = read_csv(os.path.join(env.run_dir, "summary.csv"))[0]
        rows = {int(r["request_id"]): r for r in read_csv(os.path.join(env.run_dir, "requests.csv"))}
    issued = int(summary["requests"])
    assert decisions == issued == len(rows) == len(completions)
    assert sum(rewards) == pytest.approx(float(summary["goal_attainment"]) * issued, abs=1e-6)
    assert sum(rewards) == sum(int(r["goal_met"]) for r in rows.values())
    assert 0 < sum(rewards) < issued  # the check means something: some met, some not
    for c in completions:
        row = rows[c["request"]]
        assert c["goal_met"] == (row["goal_met"] == "1")
        if c["answered"]:
            assert c["latency_s"] == pytest.approx(float(row["latency_s"]), rel=1e-9, abs=1e-9)
        else:
            assert row["failure"] == c["failure"]


def test_the_same_seed_and_actions_give_the_same_run_and_another_seed_another(modisim_bin, scratch):
    def requests_csv(seed, sub):
        with InferenceEnv(SCENARIO, modisim=modisim_bin, args=SHORT, out_dir=os.path.join(scratch, "env-" + sub)) as env:
            play(env, seed, lambda obs, info: obs["request"]["id"] % len(info["actions"]))
            with open(os.path.join(env.run_dir, "requests.csv")) as f:
                return f.read()
    first = requests_csv(5, "a")
    assert first == requests_csv(5, "b")
    assert first != requests_csv(6, "c")


def test_actions_are_every_offered_model_phone_first(modisim_bin):
    with InferenceEnv(SCENARIO, modisim=modisim_bin, args=SHORT) as env:
        obs, info = env.reset(seed=2)
        actions = info["actions"]
        assert actions == available_actions(obs)
        phone = [m["model"] for m in obs["device"]["models"]]
        servers = [(i, m["model"]) for i, s in enumerate(obs["remote"]) if s["reachable"] for m in s["models"]]
        assert [a["model"] for a in actions[:len(phone)]] == phone
        assert all(a["site"] == "device" for a in actions[:len(phone)])
        assert [(a["index"], a["model"]) for a in actions[len(phone):]] == servers
        assert len(actions) == len(phone) + len(servers) > len(phone) > 0


def test_modisims_own_error_reaches_the_caller(modisim_bin):
    env = InferenceEnv(SCENARIO, modisim=modisim_bin, args=["--set", "simulation.duration=-1min"])
    with pytest.raises(RuntimeError, match="simulation.duration"):
        env.reset(seed=1)
    env.close()


def test_the_example_bandit_learns_to_beat_random(modisim_bin):
    import bandit_agent
    args = ["--set", "simulation.duration=2min"]
    records, curve = bandit_agent.train(SCENARIO, 3, args, modisim_bin, seed=1)
    last = records[-1]
    random_level = bandit_agent.builtin_attainment(modisim_bin, SCENARIO, args, last["seed"], "random")
    assert len(curve) == sum(r["requests"] for r in records)
    assert last["goal_attainment"] > random_level + 0.1
    assert last["goal_attainment"] > records[0]["goal_attainment"]  # it learned
