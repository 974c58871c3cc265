"""Every registered orak env, MiniGrid style: one loop over the registry, the same checks for all.

Ids whose game is not ready on this machine (missing ROM, missing extra, missing npm packages)
are skipped with the reason ``orak-gym list`` would give.
"""

from __future__ import annotations

import pickle

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orak_gym
from orak_gym.core.registry import GAMES
from orak_gym.wrappers.modality import MODALITIES

PRIMARY_IDS = [spec.variants[0].env_id for spec in GAMES.values() if spec.supported]
ALL_IDS = orak_gym.env_ids()
STEPS = 100


def _require_ready(env_id: str) -> None:
    spec = GAMES[gym.spec(env_id).kwargs["game"]]
    status = spec.status()
    if not status.ready:
        pytest.skip(f"{spec.title} is not ready here: {status.readiness.value}: {status.detail}")


def _observations_equal(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_observations_equal(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def test_twelve_games_are_listed():
    titles = {spec.title for spec, _ in orak_gym.games()}
    assert len(titles) == 12
    assert {"2048", "SuperMario", "Minecraft", "BabaIsYou", "StreetFighter", "PokemonRed"} <= titles


@pytest.mark.parametrize("env_id", ALL_IDS)
def test_every_registered_id_resolves_to_a_game(env_id):
    spec = gym.spec(env_id)
    assert spec.kwargs["game"] in GAMES
    assert GAMES[spec.kwargs["game"]].supported


@pytest.mark.filterwarnings("ignore:.*different from the unwrapped version")  # wrappers are the point here
@pytest.mark.parametrize("modality", MODALITIES)
@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_check_env(env_id, modality):
    _require_ready(env_id)
    env = gym.make(env_id, modality=modality, render_mode="rgb_array", disable_env_checker=True)
    try:
        check_env(env.unwrapped if modality == "native" else env, skip_render_check=False)
    finally:
        env.close()


@pytest.mark.parametrize("modality", ["text", "native"])
@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_same_seed_same_episode(env_id, modality):
    _require_ready(env_id)
    if gym.spec(env_id).nondeterministic:
        pytest.skip(f"{env_id} is registered as nondeterministic")
    runs = []
    for _ in range(2):
        env = gym.make(env_id, modality=modality)
        env.action_space.seed(123)
        obs, info = env.reset(seed=7)
        trace = [(obs, 0.0, info["score"])]
        for _ in range(STEPS):
            obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
            trace.append((obs, reward, info["score"]))
            if terminated or truncated:
                obs, info = env.reset()
        env.close()
        runs.append(trace)
    for (o1, r1, s1), (o2, r2, s2) in zip(*runs, strict=True):
        assert _observations_equal(o1, o2) and r1 == r2 and s1 == s2


@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_render_rgb_array(env_id):
    _require_ready(env_id)
    env = gym.make(env_id, render_mode="rgb_array")
    env.reset(seed=0)
    frame = env.render()
    env.close()
    assert frame.dtype == np.uint8 and frame.shape == tuple(env.unwrapped.frame_shape)
    assert frame.std() > 0, "the frame is blank"


@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_pickle_round_trip(env_id):
    _require_ready(env_id)
    env = gym.make(env_id)
    clone = pickle.loads(pickle.dumps(env))
    obs_a, info_a = env.reset(seed=3)
    obs_b, info_b = clone.reset(seed=3)
    if gym.spec(env_id).nondeterministic:  # e.g. Minecraft: mobs wander in real time
        assert type(obs_a) is type(obs_b) and info_a.keys() == info_b.keys()
    else:
        assert obs_a == obs_b
    env.close()
    clone.close()


@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_info_keys_every_game_fills(env_id):
    _require_ready(env_id)
    env = gym.make(env_id)
    _, info = env.reset(seed=0)
    _, _, _, _, info = env.step("this is not an action")
    env.close()
    for key in (
        "score",
        "raw_score",
        "action_valid",
        "action_feedback",
        "native_actions",
        "state",
        "prompt_context",
    ):
        assert key in info, key
    assert 0.0 <= info["score"] <= 100.0
    assert info["action_valid"] is False and info["action_feedback"]
    assert isinstance(info["prompt_context"].get("default_action"), str)


@pytest.mark.parametrize("env_id", PRIMARY_IDS)
def test_random_strings_never_crash_the_text_env(env_id):
    _require_ready(env_id)
    env = gym.make(env_id)
    env.reset(seed=0)

    @settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.text(max_size=300) | st.binary(max_size=100).map(lambda b: b.decode("latin-1")))
    def step_with(text):
        _, _, terminated, truncated, info = env.step(text)
        assert isinstance(info["action_valid"], bool)
        if terminated or truncated:
            env.reset()

    try:
        step_with()
    finally:
        env.close()
