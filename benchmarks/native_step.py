"""CPU per native step of one env, the env alone (``env.unwrapped``, lean ``info``), on fixed random actions.

Run: ``PYTHONPATH=TREE .venv/bin/python benchmarks/native_step.py ENV_ID`` for two trees in turn (before
and after a change to the step path), several times interleaved: it prints the best of 7 repetitions
of 20,000 steps (process CPU time, so another job on the machine inflates it less than wall time).
"""

from __future__ import annotations

import sys
import time

import gymnasium as gym
import numpy as np

import orak_gym  # noqa: F401  (registers the ids)


def main(env_id: str, steps: int = 20_000, repetitions: int = 7) -> None:
    env = gym.make(env_id, modality="native").unwrapped
    env.lean_info = True
    actions = [int(a) for a in np.random.default_rng(0).integers(env.action_space.n, size=steps)]
    env.reset(seed=0)
    best = float("inf")
    for _ in range(repetitions):
        start = time.process_time()
        for action in actions:
            _, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                env.reset()
        best = min(best, (time.process_time() - start) / steps * 1e6)
    env.close()
    print(f"{env_id}: {best:.2f} us CPU per native step (best of {repetitions} x {steps:,} steps)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "orak/BabaIsYou-v0")
