"""Baba Is You's vector env: the same boards, rewards and endings as N single native envs."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401
from orak_gym.games.baba_is_you.level import load_level, shipped_levels
from orak_gym.games.baba_is_you.solver import solve
from orak_gym.games.baba_is_you.vector import BabaVectorEnv

LEVELS = ["01_first_steps", "12_hot_feet", shipped_levels()[-1]]


def _pad(obs: np.ndarray, height: int, width: int) -> np.ndarray:
    out = np.zeros((obs.shape[0], height, width), dtype=obs.dtype)
    out[:, : obs.shape[1], : obs.shape[2]] = obs
    return out


def _single_envs(levels: list[str]) -> list[gym.Env]:
    return [gym.make("orak/BabaIsYou-v0", modality="native", level=slug) for slug in levels]


def test_make_vec_uses_the_vector_entry_point():
    envs = gym.make_vec("orak/BabaIsYou-v0", num_envs=3, vectorization_mode="vector_entry_point")
    assert isinstance(envs.unwrapped, BabaVectorEnv)
    obs, info = envs.reset(seed=0)
    assert obs.shape == (3, *envs.single_observation_space.shape)
    assert envs.observation_space.contains(obs)
    assert info["score"].shape == (3,)
    envs.close()


def test_per_level_id_plays_its_level():
    slug = shipped_levels()[2]
    envs = gym.make_vec(
        f"orak/BabaIsYou-{load_level(slug).env_name}-v0", num_envs=2, vectorization_mode="vector_entry_point"
    )
    assert envs.unwrapped.levels[0].slug == slug
    envs.close()


#: Levels whose rules random moves often make or break (the rubric's score moves mid-episode).
RULE_LEVELS = ["06_where_do_i_go", "07_baba_is_win", "10_sink", "15_two_rules_one_is"]


@pytest.mark.parametrize(("seed", "chosen"), [(0, LEVELS), (1, LEVELS), (2, LEVELS), (3, RULE_LEVELS)])
def test_matches_single_envs_with_random_actions_and_autoreset(seed, chosen):
    """Padded mixed levels, random moves, next-step autoreset: equal to single envs step by step."""
    levels = [chosen[i % len(chosen)] for i in range(6)]
    vec = BabaVectorEnv(num_envs=len(levels), level=levels, max_episode_steps=40)
    singles = _single_envs(levels)
    height, width = vec.height, vec.width
    obs, _ = vec.reset(seed=seed)
    expected = [_pad(env.reset(seed=seed)[0], height, width) for env in singles]
    assert np.array_equal(obs, np.stack(expected))
    rng = np.random.default_rng(seed)
    restart = [False] * len(levels)
    steps = [0] * len(levels)
    endings = np.zeros(2, dtype=int)
    scored = 0
    for _ in range(300):
        actions = rng.integers(0, 5, size=len(levels))
        obs, rewards, terminated, truncated, info = vec.step(actions)
        endings += (terminated.sum(), truncated.sum())
        scored += int((rewards != 0).sum())
        for i, env in enumerate(singles):
            if restart[i]:
                single_obs, _ = env.reset()
                assert rewards[i] == 0.0 and not terminated[i] and not truncated[i]
                restart[i], steps[i] = False, 0
            else:
                single_obs, reward, done, _, single_info = env.step(int(actions[i]))
                steps[i] += 1
                cut = steps[i] >= 40 and not done
                assert rewards[i] == pytest.approx(reward)
                assert info["score"][i] == pytest.approx(single_info["score"])
                assert (terminated[i], truncated[i]) == (done, cut)
                restart[i] = done or cut
            assert np.array_equal(obs[i], _pad(single_obs, height, width)), f"board {i} differs"
    assert endings.min() > 0, f"the run should see both endings (terminated, truncated): {endings}"
    if chosen is RULE_LEVELS:  # rules made and broken mid-episode: the score moved on many steps
        assert scored >= 10, scored
    for env in singles:
        env.close()


def test_solution_wins_with_the_full_reward_and_restarts():
    slug = "06_where_do_i_go"
    solution = solve(load_level(slug))
    assert solution is not None
    vec = BabaVectorEnv(num_envs=2, level=slug)
    first, start_info = vec.reset(seed=0)
    total = np.zeros(2)
    for move in solution.moves:
        _, rewards, terminated, _, info = vec.step(np.array([move, 0]))
        total += rewards
    assert terminated[0] and not terminated[1]
    assert info["score"][0] == 100.0
    assert total[0] == pytest.approx((100.0 - start_info["score"][0]) / 100.0)
    assert total[1] == 0.0
    obs, rewards, terminated, _, info = vec.step(np.array([1, 0]))  # board 0 restarts, its action ignored
    assert np.array_equal(obs[0], first[0]) and rewards[0] == 0.0 and not terminated[0]


def test_rejects_bad_actions_and_modalities():
    vec = BabaVectorEnv(num_envs=2)
    vec.reset()
    with pytest.raises(ValueError, match="0-4"):
        vec.step(np.array([0, 7]))
    with pytest.raises(ValueError, match="expected 2 actions"):
        vec.step(np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="native only"):
        BabaVectorEnv(num_envs=2, modality="text")
