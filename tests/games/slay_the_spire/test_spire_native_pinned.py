"""The Spire native env's outputs, pinned: its step was made cheaper without changing what it returns.

The digests were taken on the tree before that work (commit ``b6fcfcc``) and cover, per step, the
observation bytes, the action, reward and ends, the lean ``info``, and at the end the state dict of
``current_info()`` (the engine's message in it), for random legal actions with one in ten drawn from
all actions (illegal ones included, so the feedback path is pinned too).  A change to the engine or
the rule agent that is meant to change play changes them: re-pin them then, saying why.

Re-pinned once since: the engine's rules moved closer to the real game (start-of-combat block kept on
turn 1, end-of-turn block order, Plated Armor wearing off, Combust's HP loss per copy, per-turn relic
counters, the louse's ascension-0 move rule) and the power JSON gained ``just_applied``/``misc``; the
env's step path itself is unchanged.
"""

from __future__ import annotations

import hashlib
import json

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401

PINNED = {
    ("full", 0): "29294fc4e7b44720",
    ("full", 1): "b9448ceb94685711",
    ("full", 2): "3e1757316d61a2bd",
    ("orak", 0): "9f91e49c299f18a3",
    ("orak", 1): "535bf94480e14a68",
    ("orak", 2): "d31ec5076d4c6185",
}


def _digest(control: str, seed: int, steps: int = 250) -> str:
    env = gym.make("orak/SlayTheSpire-v0", modality="native", control=control)
    rng = np.random.default_rng(seed)
    h = hashlib.sha256()
    obs, info = env.reset(seed=seed)
    h.update(obs.tobytes())
    h.update(json.dumps(info, sort_keys=True).encode())
    for _ in range(steps):
        mask = env.unwrapped.action_masks()
        if rng.random() < 0.1 or not mask.any():
            action = int(rng.integers(0, mask.size))
        else:
            action = int(rng.choice(np.flatnonzero(mask)))
        obs, reward, terminated, truncated, info = env.step(action)
        h.update(obs.tobytes())
        h.update(repr((action, reward, terminated, truncated)).encode())
        h.update(json.dumps(info, sort_keys=True).encode())
        if terminated or truncated:
            break
    h.update(json.dumps(env.unwrapped.current_info()["state"], sort_keys=True).encode())
    env.close()
    return h.hexdigest()[:16]


@pytest.mark.parametrize(("control", "seed"), sorted(PINNED))
def test_native_outputs_are_the_pinned_ones(control: str, seed: int) -> None:
    assert _digest(control, seed) == PINNED[control, seed]
