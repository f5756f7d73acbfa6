#!/usr/bin/env python3
"""A contextual bandit that learns where to run each request, through modisim.env.InferenceEnv.

Context: the request's accuracy need and deadline and the phone's network estimate (bucketed).
Arms: "run model m on the phone" or "run model m on the k-th server of the path". Each arm's
value is the mean reward (goal_met) of the requests it decided, learned from the completions the
environment reports; the agent plays epsilon-greedy with optimistic starts, and its randomness
comes from its own seeded generator, so a run of this script is repeatable.

    python3 python/examples/bandit_agent.py --episodes 8 --png docs/figures/bandit.png

Prints, per episode, the agent's goal attainment and the built-in `random` and `modi` policies'
on the same scenario and seed; the last line is key=value pairs.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from modisim import load_run  # noqa: E402
from modisim.env import InferenceEnv, _find_modisim  # noqa: E402
from modisim.policy import fail  # noqa: E402


def context_key(obs):
    rtt_bucket = min(int(obs["phone"]["est_rtt_s"] / 0.05), 10)
    return (round(obs["request"]["accuracy_need"], 2), round(obs["request"]["deadline_s"], 2), rtt_bucket)


def arm_key(obs, action):
    site = "device" if action["site"] == "device" else f"tier{obs['remote'][action['index']]['tier']}"
    return (site, action["model"])


class Bandit:
    def __init__(self, seed, epsilon=0.1, optimism=1.0):
        self.rng = random.Random(seed)
        self.epsilon = epsilon
        self.optimism = optimism
        self.value = {}    # (context, arm) -> mean reward
        self.count = {}
        self.pending = {}  # request id -> (context, arm)

    def act(self, obs, actions):
        if not actions:
            return fail()
        ctx = context_key(obs)
        if self.rng.random() < self.epsilon:
            i = self.rng.randrange(len(actions))
        else:
            scores = [self.value.get((ctx, arm_key(obs, a)), self.optimism) for a in actions]
            best = max(scores)
            i = self.rng.choice([k for k, s in enumerate(scores) if s == best])
        self.pending[obs["request"]["id"]] = (ctx, arm_key(obs, actions[i]))
        return actions[i]

    def learn(self, completions, reward_of):
        for c in completions:
            key = self.pending.pop(c["request"], None)
            if key is None:
                continue
            n = self.count.get(key, 0) + 1
            v = self.value.get(key, 0.0)
            self.count[key] = n
            self.value[key] = v + (reward_of(c) - v) / n


def builtin_attainment(modisim, scenario, args, seed, policy):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([modisim, "run", scenario, "--out", out, "--seed", str(seed), "--progress", "never",
                        "--set", f"selection.policy={policy}"] + args, check=True, stdout=subprocess.DEVNULL)
        return load_run(out).summary["goal_attainment"]


def train(scenario, episodes, args, modisim, seed=1):
    """Runs the agent for `episodes` runs (seeds seed, seed+1, ...); returns per-episode records and
    the goal_met of every decision in order (the learning curve)."""
    agent = Bandit(seed)
    records, curve = [], []
    with InferenceEnv(scenario, modisim=modisim, args=args) as env:
        for e in range(episodes):
            obs, info = env.reset(seed=seed + e)
            total, decisions = 0.0, 0
            while True:
                action = agent.act(obs, info["actions"])
                obs, reward, terminated, _, info = env.step(action)
                agent.learn(info["completions"], env.reward)
                curve += [env.reward(c) for c in info["completions"]]
                total += reward
                decisions += 1
                if terminated:
                    break
            summary = load_run(env.run_dir).summary
            records.append({"episode": e + 1, "seed": seed + e, "decisions": decisions, "reward": total,
                            "goal_attainment": summary["goal_attainment"], "requests": summary["requests"]})
    return records, curve


def plot(path, curve, random_level, modi_level, window=200):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    xs, ys, acc = [], [], 0.0
    for i, r in enumerate(curve):
        acc += r - (curve[i - window] if i >= window else 0.0)
        if i + 1 >= window:
            xs.append(i + 1)
            ys.append(acc / window)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.plot(xs, ys, label=f"contextual bandit (moving mean over {window} requests)")
    ax.axhline(random_level, color="tab:red", linestyle="--", label=f"built-in random ({random_level:.2f})")
    ax.axhline(modi_level, color="tab:green", linestyle=":", label=f"built-in modi ({modi_level:.2f})")
    ax.set_xlabel("requests decided (all episodes, in order)")
    ax.set_ylabel("goal met (fraction)")
    ax.set_ylim(0, 1.05)
    ax.set_title("Learning where to run requests through modisim.env")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    ap = argparse.ArgumentParser(description="contextual bandit over modisim.env.InferenceEnv")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--scenario", default=os.path.join(root, "configs", "default.yaml"))
    ap.add_argument("--duration", default="2min", help="simulation.duration of each episode")
    ap.add_argument("--episodes", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--modisim", default=None)
    ap.add_argument("--png", default=None, help="write the learning curve here")
    a = ap.parse_args()
    modisim = a.modisim or _find_modisim()
    args = ["--set", f"simulation.duration={a.duration}"]
    records, curve = train(a.scenario, a.episodes, args, modisim, a.seed)
    rnd = [builtin_attainment(modisim, a.scenario, args, r["seed"], "random") for r in records]
    modi = [builtin_attainment(modisim, a.scenario, args, r["seed"], "modi") for r in records]
    print("episode,seed,requests,agent_goal_attainment,random_goal_attainment,modi_goal_attainment")
    for r, x, m in zip(records, rnd, modi):
        print(f"{r['episode']},{r['seed']},{r['requests']},{r['goal_attainment']:.4f},{x:.4f},{m:.4f}")
    if a.png:
        plot(a.png, curve, sum(rnd) / len(rnd), sum(modi) / len(modi))
    last = records[-1]
    print(f"episodes={a.episodes} agent_last={last['goal_attainment']:.4f} random_last={rnd[-1]:.4f} "
          f"modi_last={modi[-1]:.4f} reward_last={last['reward']:.0f} requests_last={last['requests']}")


if __name__ == "__main__":
    main()
