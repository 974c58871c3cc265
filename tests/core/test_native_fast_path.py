"""The native modality's fast path (``NativeFastPath._native_step``) is the same game as the full path.

Two envs from the same seed get the same random actions: one lean (``modality="native"``, the fast
path, states built only when read), one with ``full_info=True`` (the generic path, a state every
step).  Observations, rewards, ends, the lean ``info`` keys and the states read on demand must match.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401
from orak_gym.core.env import LEAN_INFO_KEYS


@pytest.mark.parametrize(
    ("env_id", "kwargs", "steps"),
    [
        ("orak/BabaIsYou-v0", {}, 400),
        ("orak/BabaIsYou-v0", {"level": "rock_is_flag"}, 400),
        ("orak/2048-v0", {}, 600),
    ],
)
def test_fast_path_matches_the_full_path(env_id, kwargs, steps):
    lean = gym.make(env_id, modality="native", **kwargs)
    full = gym.make(env_id, modality="native", full_info=True, **kwargs)
    assert lean.unwrapped._fast and not full.unwrapped._fast  # the paths under test: the fast one, the ordinary one
    rng = np.random.default_rng(7)
    lean_obs, _ = lean.reset(seed=11)
    full_obs, _ = full.reset(seed=11)
    episodes = 0
    for i in range(steps):
        action = int(rng.integers(lean.action_space.n))
        lean_obs, lean_reward, lean_done, lean_cut, lean_info = lean.step(action)
        full_obs, full_reward, full_done, full_cut, full_info = full.step(action)
        assert np.array_equal(lean_obs, full_obs) and lean_obs.dtype == full_obs.dtype
        assert (lean_reward, lean_done, lean_cut) == (full_reward, full_done, full_cut)
        assert type(lean_reward) is float and type(lean_done) is bool and type(lean_cut) is bool
        assert {key: lean_info[key] for key in LEAN_INFO_KEYS} == {key: full_info[key] for key in LEAN_INFO_KEYS}
        assert "state" not in lean_info
        if i % 7 == 0:  # states read on demand equal the eager ones, and reading one changes nothing
            assert lean.unwrapped.state == full.unwrapped.state
            assert lean.unwrapped.current_info()["state"] == full_info["state"]
        if lean_done or lean_cut:
            episodes += 1
            lean.reset(seed=11 + episodes)
            full.reset(seed=11 + episodes)
    lean.close()
    full.close()


def test_a_state_read_after_a_fast_step_is_a_snapshot():
    """A state read once stays the state of that moment when the env moves on."""
    env = gym.make("orak/2048-v0", modality="native")
    env.reset(seed=0)
    env.step(0)
    first = env.unwrapped.state
    board = first.board
    for action in (1, 2, 3, 0):
        env.step(action)
    assert first.board == board and env.unwrapped.state is not first


@pytest.mark.parametrize("env_id", ["orak/BabaIsYou-v0", "orak/2048-v0"])
def test_a_copy_made_mid_episode_plays_on_like_the_original(env_id):
    """Pickling or deep-copying after fast steps (state not built yet) gives an env that continues the same."""
    import copy
    import pickle

    env = gym.make(env_id, modality="native")
    env.reset(seed=4)
    for action in (1, 2, 3, 2, 1):
        env.step(action)
    for make_copy in (lambda e: pickle.loads(pickle.dumps(e)), copy.deepcopy):
        clone = make_copy(env)
        assert clone.unwrapped.state == env.unwrapped.state
        for action in (2, 3, 0, 1, 2, 3):
            obs_a, reward_a, done_a, _, info_a = clone.step(action)
            obs_b, reward_b, done_b, _, info_b = env.step(action)
            assert np.array_equal(obs_a, obs_b) and (reward_a, done_a, info_a) == (reward_b, done_b, info_b)
        env = clone


@pytest.mark.parametrize("modality", ["text", "image", "text_image"])
def test_text_and_image_wrappers_skip_the_native_observation_yet_unwrapped_returns_it(modality, monkeypatch):
    """The saving: stepping through the modality wrapper never builds the native observation; the
    unwrapped env stepped by itself always returns it (a valid Gymnasium env)."""
    env = gym.make("orak/BabaIsYou-v0", modality=modality)
    base = env.unwrapped
    built = []
    observe = type(base).observe
    monkeypatch.setattr(type(base), "observe", lambda self, state: built.append(1) or observe(self, state))
    env.reset(seed=0)
    env.step("right")
    assert built == [], "the wrapper's reset and step skip the native observation"
    observation, _ = base.reset(seed=0)
    stepped = base.step(base.action_space.sample())[0]
    assert observation in base.observation_space and stepped in base.observation_space and len(built) == 2
    env.close()
