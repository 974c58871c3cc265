"""2048: rules, spawn odds, terminations, text layout, parser, vector env, expert."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401
from orak_gym.games.twenty48 import engine
from orak_gym.games.twenty48.actions import Twenty48Parser
from orak_gym.games.twenty48.env import Twenty48Env
from orak_gym.games.twenty48.expert import Twenty48Expert


def exps(values):
    """Tile values -> exponent board."""
    arr = np.array(values, dtype=np.int64)
    return np.where(arr > 0, np.log2(np.maximum(arr, 1)), 0).astype(np.int64)


def slide(values, direction):
    rows, gain = engine.move(engine.encode(exps(values)), direction)
    board = engine.decode(rows).astype(np.int64)
    return np.where(board > 0, 1 << board, 0).tolist(), gain


@pytest.mark.parametrize(
    ("row", "expected", "gain"),
    [
        ([2, 2, 2, 2], [4, 4, 0, 0], 8),
        ([2, 2, 4, 4], [4, 8, 0, 0], 12),
        ([4, 2, 2, 0], [4, 4, 0, 0], 4),  # a new 4 does not merge again in the same move
        ([2, 0, 0, 2], [4, 0, 0, 0], 4),
        ([2, 2, 2, 0], [4, 2, 0, 0], 4),  # the pair nearest the move's direction merges first
        ([2, 4, 8, 16], [2, 4, 8, 16], 0),
        ([0, 0, 0, 0], [0, 0, 0, 0], 0),
        ([65536, 65536, 0, 0], [131072, 0, 0, 0], 131072),
    ],
)
def test_left_merges(row, expected, gain):
    board, got = slide([row, [0] * 4, [0] * 4, [0] * 4], engine.LEFT)
    assert board[0] == expected and got == gain


def test_directions_are_consistent_rotations():
    rng = np.random.default_rng(0)
    for _ in range(300):
        values = np.where(rng.random((4, 4)) < 0.5, 0, 2 ** rng.integers(1, 6, (4, 4)))
        left, g_left = slide(values, engine.LEFT)
        right, g_right = slide(values[:, ::-1], engine.RIGHT)
        up, g_up = slide(values.T, engine.UP)
        down, g_down = slide(values.T[::-1], engine.DOWN)
        assert np.array_equal(np.array(right)[:, ::-1], left) and g_left == g_right
        assert np.array_equal(np.array(up).T, left) and g_up == g_left
        assert np.array_equal(np.array(down)[::-1].T, left) and g_down == g_left


def _env_with_board(values, **kwargs) -> Twenty48Env:
    env = Twenty48Env(**kwargs)
    env.reset(seed=0)
    env._rows = engine.encode(exps(values))
    env._state = env._make_state(score=0, moves=0, streak=0, last="")
    return env


def test_a_move_that_changes_nothing_spawns_nothing_and_five_end_the_episode():
    env = _env_with_board([[2, 4, 8, 16], [0] * 4, [0] * 4, [0] * 4])
    before = env.state.board
    for i in range(5):
        _, reward, terminated, _, info = env.step(engine.UP)
        assert env.state.board == before and reward == 0
        assert terminated == (i == 4)
    assert info["state"]["no_change_streak"] == 5


def test_reaching_the_target_tile_wins():
    env = _env_with_board([[1024, 1024, 0, 0], [0] * 4, [0] * 4, [0] * 4])
    _, reward, terminated, _, info = env.step(engine.LEFT)
    assert terminated and reward == 2048 and info["state"]["won"]
    assert info["score"] == pytest.approx(2048 / 20000 * 100)


def test_no_legal_move_ends_the_episode():
    env = _env_with_board([[2, 4, 2, 4], [4, 2, 4, 2], [2, 4, 2, 4], [4, 2, 4, 2]])
    assert env.state.legal_moves == ()
    _, _, terminated, _, info = env.step(engine.LEFT)
    assert terminated and info["state"]["legal_moves"] == []
    assert "game over" in env.state.to_text()


def test_score_formula_is_capped_at_100():
    env = Twenty48Env()
    env.reset(seed=0)
    state = env.state
    state.score = 50_000
    assert env.score(state) == 100.0
    state.score = 5_000
    assert env.score(state) == 25.0


def test_spawn_odds_over_many_seeds():
    fours = twos = 0
    for seed in range(4000):
        env = Twenty48Env()
        env.reset(seed=seed)
        tiles = [v for row in env.state.board for v in row if v]
        assert len(tiles) == 2
        twos += tiles.count(2)
        fours += tiles.count(4)
    share = fours / (twos + fours)
    assert 0.085 < share < 0.115, share  # 8000 draws: 10% +- 1.5% is > 4 standard errors


def test_spawn_cells_are_uniform():
    counts = np.zeros(16)
    for seed in range(3000):
        env = Twenty48Env()
        env.reset(seed=seed)
        counts += (np.array(env.state.board) > 0).ravel()
    assert counts.min() > 0.7 * counts.mean() and counts.max() < 1.3 * counts.mean()


def test_text_layout_follows_orak():
    env = gym.make("orak/2048-v0")
    obs, _ = env.reset(seed=0)
    lines = obs.splitlines()
    assert lines[0] == "Board of 2048 Games:"
    assert all(line.startswith("[") and line.endswith("]") and line.count(",") == 3 for line in lines[1:5])
    assert lines[5] == "Score: 0"
    assert lines[6].startswith("Legal moves: ")


def test_same_seed_same_tiles_different_seed_different_tiles():
    boards = {}
    for seed in (1, 1, 2):
        env = Twenty48Env()
        env.reset(seed=seed)
        for action in [0, 2, 1, 3] * 10:
            env.step(action)
        boards.setdefault(seed, []).append(env.state.board)
    assert boards[1][0] == boards[1][1]
    assert boards[1][0] != boards[2][0]


@pytest.mark.parametrize(
    ("text", "direction", "valid"),
    [
        ("up", 0, True),
        ("LEFT", 2, True),
        ("### Reasoning\nI could go up or down.\n### Actions\nright\n", 3, True),
        ("### Reasoning\nGoing left would break the corner; down is best.\n### Actions\n**down**", 1, True),
        ("I'll press the ArrowLeft key", 2, True),
        ("move: → please", 3, True),
        ("d", 3, True),
        ("### Actions\n`w`", 0, True),
        ("a move upward", 4, False),  # 'a' is an article here, 'upward' is not a direction
        ("```\nup\n```", 0, True),
        ("", 4, False),
        ("   \n\t ", 4, False),
        ("\x00\xff\x13 binary junk \x7f", 4, False),
        ("no idea " * 20_000, 4, False),
        ("Upwards? Downtown? Leftover! Rightly so.", 4, False),
    ],
)
def test_parser_on_messy_llm_output(text, direction, valid):
    parsed = Twenty48Parser().parse(text)
    assert parsed.actions == [direction]
    assert parsed.valid is valid
    assert parsed.feedback


def test_parser_never_raises_on_non_strings():
    for value in (None, 3, b"up", ["up"]):
        parsed = Twenty48Parser().parse(value)
        assert parsed.valid is False


def test_invalid_text_is_reported_and_counts_as_a_wasted_move():
    env = gym.make("orak/2048-v0")
    env.reset(seed=0)
    _, reward, _, _, info = env.step("I refuse to play")
    assert info["action_valid"] is False and "no direction" in info["action_feedback"]
    assert info["state"]["no_change_streak"] == 1 and reward == 0


def test_modalities():
    text = gym.make("orak/2048-v0", modality="text")
    image = gym.make("orak/2048-v0", modality="image")
    both = gym.make("orak/2048-v0", modality="text_image")
    native = gym.make("orak/2048-v0", modality="native")
    assert isinstance(text.reset(seed=0)[0], str)
    frame = image.reset(seed=0)[0]
    assert frame.shape == image.observation_space.shape and frame.dtype == np.uint8
    obs = both.reset(seed=0)[0]
    assert set(obs) == {"text", "image"}
    board = native.reset(seed=0)[0]
    assert board.shape == (4, 4) and board.dtype == np.int8 and native.action_space.n == 4
    with pytest.raises(ValueError, match="modality"):
        gym.make("orak/2048-v0", modality="smell")


def test_vector_env_follows_the_single_board_rules():
    envs = gym.make_vec("orak/2048-v0", num_envs=64, vectorization_mode="vector_entry_point")
    obs, _ = envs.reset(seed=0)
    assert obs.shape == (64, 4, 4) and ((obs > 0).sum(axis=(1, 2)) == 2).all()
    rng = np.random.default_rng(0)
    finished = spawned_fours = spawned = 0
    for _ in range(600):
        before = obs.copy()
        restarting = envs.unwrapped._needs_reset.copy()
        actions = rng.integers(0, 4, 64)
        obs, rewards, terminated, _, info = envs.step(actions)
        for i in np.flatnonzero(~restarting):
            rows, gain = engine.move(engine.encode(before[i]), int(actions[i]))
            moved = engine.decode(rows)
            assert rewards[i] == gain
            diff = obs[i] != moved
            if np.array_equal(moved, before[i]):
                assert not diff.any()  # nothing moved: nothing spawns
            else:
                assert diff.sum() == 1 and moved[diff][0] == 0 and obs[i][diff][0] in (1, 2)
                spawned += 1
                spawned_fours += int(obs[i][diff][0] == 2)
        finished += int(terminated.sum())
        assert ((info["score"] >= 0) & (info["score"] <= 100)).all()
    assert finished > 0
    assert 0.07 < spawned_fours / spawned < 0.13


def test_vector_env_rejects_targets_beyond_four_bit_cells():
    with pytest.raises(ValueError, match="32768"):
        gym.make_vec("orak/2048-v0", num_envs=2, vectorization_mode="vector_entry_point", target_tile=65536)


def test_expert_reaches_2048_through_the_text_interface():
    env = gym.make("orak/2048-v0")
    expert = Twenty48Expert()
    obs, info = env.reset(seed=5)
    for _ in range(3000):
        obs, _, terminated, truncated, info = env.step(expert(obs, info))
        if terminated or truncated:
            break
    assert info["state"]["max_tile"] >= 1024
    assert info["score"] > 50
