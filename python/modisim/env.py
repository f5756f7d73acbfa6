"""A Gym-style environment over modisim's external-policy protocol (docs/external-policies.md).

    env = InferenceEnv("configs/default.yaml", args=["--set", "simulation.duration=2min"])
    obs, info = env.reset(seed=1)          # starts a run; obs is the first "select" message
    while True:
        obs, reward, terminated, truncated, info = env.step(0)   # an index into info["actions"]
        if terminated:
            break
    env.run_dir                            # the run's results (requests.csv, summary.csv, ...)

Results stay in env.run_dir until the next reset() or close() (or for good under out_dir).
Each step answers the pending decision and runs the simulation to the next one. The reward of a
step is `reward(completion)` summed over the requests that ended meanwhile (default: 1 for a
request answered within its deadline by a model meeting its accuracy need, requests.csv's
goal_met), so an episode's rewards sum to summary.csv's goal_attainment x requests.
info["completions"] lists those completions (with their request ids, for agents that credit
each decision), info["actions"] the decisions available now. An action is an index into
info["actions"] or a decision dict (modisim.policy.device / remote / fail).

timeout_s (default 60) bounds each wait on either side: modisim waits that long for the agent's
action after each observation (past it the run is killed and step() raises RuntimeError), and the
environment that long for modisim to end after the last step.

Subclasses gymnasium.Env when gymnasium is importable; works the same without it. Standard
library only. modisim is found through `modisim=`, $MODISIM_BIN, the PATH, or the source tree's
build/modisim.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

from .policy import PROTOCOL, VERSION, options

try:  # pragma: no cover - gymnasium is optional
    import gymnasium as _gym
    _Base = _gym.Env
except ImportError:  # pragma: no cover
    _gym = None
    _Base = object

_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def goal_reward(completion):
    """1 for requests.csv's goal_met (in time, accurate enough), else 0."""
    return 1.0 if completion["goal_met"] else 0.0


def available_actions(obs):
    """Every decision the select message offers, in modisim.policy.options' order: each resident
    model on the phone, then each model of each reachable server on the path (nearest first, with
    MODI's on-device fallback)."""
    return [o["decision"] for o in options(obs)]


def _find_modisim():
    for candidate in (os.environ.get("MODISIM_BIN"), shutil.which("modisim"),
                      os.path.join(os.path.dirname(_PACKAGE_ROOT), "build", "modisim")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError("modisim not found: pass modisim=PATH or set MODISIM_BIN")


class InferenceEnv(_Base):
    """One episode is one modisim run of `scenario` with `selection.policy: external`."""

    metadata = {"render_modes": []}

    def __init__(self, scenario, modisim=None, args=(), reward=goal_reward, timeout_s=60.0, out_dir=None):
        self.scenario = os.path.abspath(scenario)
        self.modisim = modisim or _find_modisim()
        self.args = list(args)
        self.reward = reward
        self.timeout_s = timeout_s
        self.out_dir = out_dir  # None: each run in a temporary directory, removed at the next reset
        self.run_dir = None
        self._episode = 0
        self._tmp = self._proc = self._conn = self._lines = None
        self._stderr = None
        self._actions = []

    # --- the Gym interface -------------------------------------------------------------
    def reset(self, seed=None, options=None):
        if _gym is not None:
            super().reset(seed=seed)
        self.close()  # the previous run's temporary results go now
        self._episode += 1
        self._tmp = tempfile.mkdtemp(prefix="modisim-env-")
        parent = self.out_dir or self._tmp
        os.makedirs(parent, exist_ok=True)
        self.run_dir = os.path.join(parent, f"run-{self._episode}")
        listener = self._listen(os.path.join(self._tmp, "policy.sock"))
        try:
            self._start(seed, os.path.join(self._tmp, "policy.sock"))
            self._conn = self._accept(listener)
        finally:
            listener.close()
        self._lines = self._conn.makefile("r", encoding="utf-8", newline="\n")
        obs, _, done, info = self._advance()
        if done:
            raise RuntimeError(f"modisim asked no decision in {self.scenario}")
        return obs, info

    def step(self, action):
        if self._lines is None:
            raise RuntimeError("step() before reset() or after the episode ended")
        decision = self._actions[action] if isinstance(action, int) else action
        self._conn.sendall((json.dumps(decision, separators=(",", ":")) + "\n").encode())
        obs, reward, done, info = self._advance()
        return obs, reward, done, False, info

    def close(self):
        """Stops a run still going and removes the temporary run directory (not out_dir)."""
        self._stop()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _stop(self):
        if self._conn is not None:
            self._lines.close()
            self._conn.close()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        if self._stderr is not None:
            self._stderr.close()
        self._conn = self._lines = self._proc = self._stderr = None

    # --- the run behind it -------------------------------------------------------------
    def _listen(self, path):
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(1)
        listener.settimeout(0.1)
        return listener

    def _start(self, seed, sock_path):
        command = f"{sys.executable} -m modisim.relay {sock_path}"
        # The environment's own settings come last, so that they win over the user's args.
        cmd = [self.modisim, "run", self.scenario, "--out", self.run_dir, "--progress", "never"] + self.args + [
               "--set", "selection.policy=external", "--set", f"selection.params.command={command}",
               "--set", f"selection.params.timeout_s={self.timeout_s}"]
        if seed is not None:
            cmd += ["--seed", str(seed)]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")])))
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self._proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self._stderr, env=env)

    def _accept(self, listener):
        while True:
            try:
                conn, _ = listener.accept()
                return conn
            except socket.timeout:
                if self._proc.poll() is not None:
                    self._fail("ended before its policy started")

    def _advance(self):
        """Reads until the next question or the end: (obs, reward, done, info)."""
        reward, completions = 0.0, []
        for line in self._lines:
            msg = json.loads(line)
            kind = msg.get("type")
            if kind == "hello" and (msg.get("protocol") != PROTOCOL or msg.get("version") != VERSION):
                raise RuntimeError(f"modisim speaks {msg.get('protocol')} version {msg.get('version')}")
            if kind == "completion":
                completions.append(msg)
                reward += self.reward(msg)
            elif kind == "select":
                self._actions = available_actions(msg)
                return msg, reward, False, {"actions": self._actions, "completions": completions}
        self._finish()
        return {}, reward, True, {"actions": [], "completions": completions, "run_dir": self.run_dir}

    def _finish(self):
        self._lines.close()
        self._conn.close()
        self._conn = self._lines = None
        try:
            code = self._proc.wait(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            code = self._proc.wait()
        if code != 0:
            self._fail(f"exited with status {code}")

    def _fail(self, what):
        self._stderr.seek(0)
        raise RuntimeError(f"modisim {what}: {self._stderr.read().strip()}")
