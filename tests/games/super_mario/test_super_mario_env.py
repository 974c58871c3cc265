"""``orak/SuperMario-v0`` end to end on the real game.

Every test but the first needs the Super Mario Bros ROM in the asset folder
(``orak-gym roms import <folder>``) and is skipped, with the reason, when it is absent (as in CI).
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import orak_gym
from orak_gym.core.errors import MissingAssetError
from orak_gym.games.super_mario.rom import ROM

pytest.importorskip("stable_retro", reason="stable-retro is not installed: pip install 'orak-gym[retro]'")

ENV_ID = "orak/SuperMario-v0"
_problem = ROM.problem()
needs_rom = pytest.mark.skipif(_problem is not None, reason=f"Super Mario ROM absent: {_problem}")


def test_missing_rom_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path))
    with pytest.raises(MissingAssetError) as err:
        gym.make(ENV_ID)
    message = str(err.value)
    assert "super-mario-bros.nes" in message and str(tmp_path / "super_mario") in message
    assert "0c4992fc08d2278697339d3b48066e7b5f943598" in message and "orak-gym roms import" in message
    status = orak_gym.GAMES["super_mario"].status()
    assert not status.ready and "super-mario-bros.nes" in status.detail


@needs_rom
def test_text_episode_plays_and_scores():
    env = gym.make(ENV_ID)
    try:
        obs, info = env.reset(seed=0)
        assert obs.startswith("Position of Mario: (")
        assert info["score"] == 0.0 and info["prompt_context"]["valid_actions"][3] == "Jump Level: 3"
        x0 = info["raw_score"]
        obs, _, _, _, info = env.step("### Actions\nExplain: hop\nJump Level: 2")
        assert info["action_valid"] and info["native_actions"] == ["Jump Level: 2"]
        assert info["raw_score"] > x0 + 40 and 0 < info["score"] < 100
        assert "Previous action: Jump Level: 2" in obs
        _, _, _, _, info = env.step("no idea")
        assert not info["action_valid"] and info["native_actions"] == ["Jump Level: 2"]
        assert "repeating the previous jump level (2)" in info["action_feedback"]
    finally:
        env.close()


@needs_rom
def test_episode_ends_on_death_and_after_100_decisions():
    env = gym.make(ENV_ID)
    try:
        env.reset(seed=0)
        for _ in range(100):
            _, _, terminated, truncated, info = env.step("Jump Level: 0")  # walks into the first Goomba
            if terminated or truncated:
                break
        assert terminated and info["state"]["dying"] and info["score"] < 10
        env.reset(seed=0)
        steps = 0
        truncated = terminated = False
        while not (terminated or truncated):  # jumping up and down in place never dies... it walks
            _, _, terminated, truncated, _ = env.step("Jump Level: 1")
            steps += 1
        assert steps <= 100
    finally:
        env.close()


@needs_rom
def test_native_frames_actions_and_options():
    env = gym.make(ENV_ID, modality="native", render_mode="rgb_array")
    small = gym.make(ENV_ID, modality="native", grayscale=True, downsample=2)  # second emulator: a child
    try:
        obs, _ = env.reset(seed=1)
        assert obs.shape == (224, 240, 3) and env.action_space.n == 7
        obs_small, _ = small.reset(seed=1)
        assert obs_small.shape == (112, 120, 1) and small.observation_space.contains(obs_small)
        assert not small.unwrapped.backend.in_process
        for _ in range(30):
            obs, reward, *_ = env.step(1)  # right
            obs_small, *_ = small.step(1)
        assert reward > 0 and np.array_equal(env.render(), obs)
        gray = (obs[::2, ::2] @ np.array([0.299, 0.587, 0.114])).astype(np.uint8)
        assert np.array_equal(obs_small[..., 0], gray)
    finally:
        env.close()
        small.close()


@needs_rom
def test_same_seed_same_episode_and_seeded_noop_start():
    def trace(seed):
        env = gym.make(ENV_ID, modality="native")
        env.reset(seed=seed)
        out = [env.unwrapped.backend.ram().copy()]
        for a in [1, 1, 2, 2, 1, 4, 4, 1] * 5:
            out.append(env.step(a)[0])
        env.close()
        return out

    a, b = trace(5), trace(5)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    starts = {trace(s)[0].tobytes() for s in range(4)}
    assert len(starts) > 1, "the 20-30 no-op frames should depend on the seed"


@needs_rom
def test_save_and_load_state_restore_the_episode():
    env = gym.make(ENV_ID)
    try:
        env.reset(seed=0)
        base = env.unwrapped
        env.step("Jump Level: 2")
        saved = base.save_state()
        text_then = base.state.to_text()
        obs_a, *_ = env.step("Jump Level: 5")
        base.load_state(saved)
        assert base.state.to_text() == text_then
        obs_b, *_ = env.step("Jump Level: 5")
        assert obs_a == obs_b
    finally:
        env.close()


@needs_rom
def test_other_levels_have_their_own_flag():
    env = gym.make(ENV_ID, level="2-1")
    try:
        _, info = env.reset(seed=0)
        assert info["state"]["world"] == "2-1"
        assert env.unwrapped.flag_x and env.unwrapped.flag_x > 1000
    finally:
        env.close()
    with pytest.raises(ValueError, match="no start state"):
        gym.make(ENV_ID, level="9-9")


@needs_rom
def test_async_vector_env():
    envs = gym.make_vec(ENV_ID, num_envs=2, vectorization_mode="async", modality="native")
    try:
        obs, _ = envs.reset(seed=[3, 3])
        assert obs.shape == (2, 224, 240, 3) and np.array_equal(obs[0], obs[1])
        for _ in range(10):
            obs, *_ = envs.step(np.array([1, 1]))
        assert np.array_equal(obs[0], obs[1])
    finally:
        envs.close()


@needs_rom
def test_expert_clears_1_1_through_the_text_interface():
    from orak_gym.games.super_mario.expert import SuperMarioExpert

    env = gym.make(ENV_ID)
    try:
        obs, info = env.reset(seed=0)
        expert = SuperMarioExpert(env=env)
        for _ in range(100):
            obs, _, terminated, truncated, info = env.step(expert(obs, info))
            if terminated or truncated:
                break
        assert info["state"]["flag_reached"] and info["score"] == 100.0
    finally:
        env.close()


@needs_rom
def test_text_rules_alone_clear_1_1():
    from orak_gym.games.super_mario.expert import SuperMarioExpert

    env = gym.make(ENV_ID)
    try:
        obs, info = env.reset(seed=0)
        expert = SuperMarioExpert()  # no env: reads only the text observation
        for _ in range(100):
            obs, _, terminated, truncated, info = env.step(expert(obs, info))
            if terminated or truncated:
                break
        assert info["state"]["flag_reached"] and info["score"] == 100.0
    finally:
        env.close()


@needs_rom
def test_native_lean_steps_equal_full_info_steps_and_decode_on_demand():
    """The native modality decodes the state only when read; every value equals the eager decode."""
    import pickle

    from orak_gym.games.super_mario import ram as smb

    lean = gym.make(ENV_ID, modality="native")
    full = gym.make(ENV_ID, modality="native", full_info=True)  # a second emulator: in a child process
    try:
        (obs_a, info_a), (obs_b, info_b) = lean.reset(seed=3), full.reset(seed=3)
        assert np.array_equal(obs_a, obs_b) and "state" not in info_a and "state" in info_b
        assert {k: info_b[k] for k in info_a} == info_a
        for action in [1, 1, 2, 4, 4, 1, 3, 0, 5, 6] * 6:
            obs_a, reward_a, end_a, _, info_a = lean.step(action)
            obs_b, reward_b, end_b, _, info_b = full.step(action)
            assert np.array_equal(obs_a, obs_b) and (reward_a, end_a) == (reward_b, end_b)
            assert {k: info_b[k] for k in info_a} == info_a
            state = lean.unwrapped.state
            assert "objects" not in vars(state), "a native step must not decode the objects"
            assert lean.unwrapped.current_info()["state"] == info_b["state"]
            assert state == full.unwrapped.state and state.to_text() == full.unwrapped.state.to_text()
            if end_a:
                break
        ram, eager = lean.unwrapped._ram, full.unwrapped.state
        deferred = smb.decode_deferred(ram, eager.flag_x, eager.previous_action, eager.history)
        assert "objects" not in vars(deferred)
        copy = pickle.loads(pickle.dumps(deferred))  # a deferred state pickles as the decoded one
        assert copy == smb.decode(ram, eager.flag_x, eager.previous_action, eager.history)
        assert "_build" not in vars(copy)
    finally:
        lean.close()
        full.close()
