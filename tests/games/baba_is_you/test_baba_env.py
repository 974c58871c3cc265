"""Baba Is You env: every shipped level's stored shortest solution replayed through the text interface,
the solver checked against a few of them, the rubric, the parser, the native modality, rendering and
the expert."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.games.baba_is_you.actions import MAX_MOVES, BabaParser, moves_to_text
from orak_gym.games.baba_is_you.expert import BabaExpert
from orak_gym.games.baba_is_you.level import load_level, shipped_levels
from orak_gym.games.baba_is_you.solver import solve

#: Each shipped level's shortest solution, found by the solver and kept as data so the suite replays it
#: instead of searching again (the search is the costly part). Remake after changing a level with
#: ``python tests/games/baba_is_you/test_baba_env.py --write-solutions``.
SOLUTIONS_FILE = Path(__file__).parent / "data" / "baba_solutions.json"
SOLUTIONS: dict[str, str] = json.loads(SOLUTIONS_FILE.read_text())


def test_every_shipped_level_has_a_stored_solution():
    missing = sorted(set(shipped_levels()) - set(SOLUTIONS))
    assert not missing, (
        f"no stored solution for {missing}: run python tests/games/baba_is_you/test_baba_env.py --write-solutions"
    )


@pytest.mark.parametrize("slug", shipped_levels())
def test_every_level_is_solved_and_the_solution_wins_through_text(slug):
    text = SOLUTIONS[slug]
    env = gym.make("orak/BabaIsYou-v0", level=slug)
    _, start = env.reset(seed=0)
    _, reward, terminated, truncated, info = env.step(text)
    assert terminated and not truncated
    assert info["score"] == 100.0 and info["state"]["won"]
    assert reward == pytest.approx((100.0 - start["score"]) / 100.0)
    assert moves_to_text(info["native_actions"]) == text


@pytest.mark.parametrize("slug", ["01_first_steps", "05_read_down", "10_sink", "16_water_bridge"])
def test_the_solver_finds_the_stored_shortest_solutions(slug):
    solution = solve(load_level(slug))
    assert solution is not None and solution.to_text() == SOLUTIONS[slug]


def test_rubric_20_then_40_then_100_on_the_default_level():
    env = gym.make("orak/BabaIsYou-v0")
    obs, info = env.reset(seed=0)
    assert info["score"] == 0.0 and "WALL IS STOP" in obs
    _, _, _, _, info = env.step("left 2 down (push WALL out of WALL IS STOP)")
    assert info["score"] == 20.0 and "WALL IS STOP" not in info["state"]["rules"]
    _, _, terminated, _, info = env.step("down 2 left down right 4")
    assert info["score"] == 40.0 and "WALL IS WIN" in info["state"]["rules"] and not terminated
    _, _, terminated, _, info = env.step("up")
    assert info["score"] == 100.0 and terminated


def test_a_long_sequence_stops_at_the_win():
    env = gym.make("orak/BabaIsYou-FirstSteps-v0")
    env.reset()
    _, _, terminated, _, info = env.step("right 6 left 3 up 2")
    assert terminated and info["native_actions"] == [2] * 6


def test_orak_text_layout():
    env = gym.make("orak/BabaIsYou-v0")
    obs, _ = env.reset()
    lines = obs.splitlines()
    assert lines[0] == "Level: where do i go?"
    assert lines[1] == "Dimensions: 13x11 (max x: 12, max y: 10)"
    assert lines[2] == "Objects:"
    assert "- object:baba: at positions [(x:6, y:6)]" in lines
    assert "- text:is: at positions [(x:5, y:4), (x:5, y:7), (x:9, y:10)]" in lines
    rules_at = lines.index("Active Rules:")
    assert lines[rules_at + 1 : rules_at + 3] == ["BABA IS YOU", "WALL IS STOP"]
    assert " 6 ...#..b..#..." in lines  # the map extra


def test_thirty_decision_limit_and_invalid_text():
    env = gym.make("orak/BabaIsYou-v0")
    env.reset()
    for i in range(30):
        _, _, terminated, truncated, info = env.step("hello there")
        assert not info["action_valid"] and "no move found" in info["action_feedback"]
        assert not terminated and truncated == (i == 29)


def test_parser_grammar():
    parser = BabaParser()
    assert parser.parse("up 3 right 2 (push the rock left)").actions == [1, 1, 1, 2, 2]
    assert parser.parse("### Actions\nLEFT, wait, down 0").actions == [4, 0]
    assert parser.parse("### Actions\nLEFT, wait, down 0").valid
    assert len(parser.parse("right 999999999999").actions) == MAX_MOVES
    for junk in ["", "🙂", "((", "3 4", "\x00"]:
        parsed = parser.parse(junk)
        assert parsed.actions == [0] and not parsed.valid


def test_native_modality_planes_and_lost_termination():
    env = gym.make("orak/BabaIsYou-v0", modality="native", render_mode="rgb_array")
    obs, _ = env.reset(seed=1)
    assert obs.shape == env.observation_space.shape == (30, 11, 13) and obs.dtype == np.uint8
    assert obs[0, 6, 6] == 1 and obs.sum() == len(env.unwrapped.level.objects)
    frame = env.render()
    assert frame.shape == env.unwrapped.frame_shape and frame.dtype == np.uint8 and frame.std() > 10
    env = gym.make("orak/BabaIsYou-v0", level="read_down", modality="native")
    env.reset()
    for move in (1, 1, 1):  # push IS out of BABA IS YOU from below: nothing is YOU any more
        _, _, terminated, _, info = env.step(move)
    assert terminated and env.unwrapped.state.lost and info["score"] == 0.0
    assert "state" not in info and env.unwrapped.current_info()["state"]["lost"]  # lean info; the rest on demand


def test_lazy_state_equals_an_eager_one():
    """States decode their objects from the engine's cells per kind only when read, and equal an eager build."""
    import dataclasses
    import pickle

    from orak_gym.games.baba_is_you.state import BabaState
    from orak_gym.games.baba_is_you.vocab import kind_name

    env = gym.make("orak/BabaIsYou-v0", level="rock_is_flag", modality="native")
    env.reset(seed=0)
    for move in (2, 2, 1, 4, 3, 3, 2):
        env.step(move)
        state = env.unwrapped.state
        engine = env.unwrapped._game
        fields = {f.name: getattr(state, f.name) for f in dataclasses.fields(BabaState) if f.name != "objects"}
        eager = BabaState(objects=tuple((kind_name(k), x, y) for k, x, y in engine.things()), **fields)
        assert state == eager and state.to_text() == eager.to_text() and state.to_dict() == eager.to_dict()
        assert pickle.loads(pickle.dumps(state)) == eager
    with pytest.raises(AttributeError):
        _ = state.no_such_field


def test_stacked_things_are_one_in_the_planes_and_two_in_the_state():
    """Two things of a kind in one cell: the observation (presence) shows 1 there, the state lists both."""
    from orak_gym.games.baba_is_you.vocab import kind_name, object_kind

    env = gym.make("orak/BabaIsYou-v0", level="rock_is_flag", modality="native")
    env.reset(seed=0)
    env.step(0)
    engine = env.unwrapped._game
    rock = object_kind("rock")
    cell = engine.where[rock][0]
    engine.load([*((k, c) for k, cs in enumerate(engine.where) for c in cs), (rock, cell)])
    observation = env.unwrapped.current_observation()
    assert observation[rock].flat[cell] == 1 and observation.max() == 1
    objects = env.unwrapped.state.objects  # (the step's state was deferred: built from the board now)
    assert objects == tuple((kind_name(k), x, y) for k, x, y in engine.things())
    assert objects.count(("object:rock", cell % engine.width, cell // engine.width)) == 2


def test_custom_level_file(tmp_path):
    path = tmp_path / "tiny.level"
    path.write_text("name: tiny\nbarrier: none\nmap:\nB=Y\nF=V\nb.f\n")
    env = gym.make("orak/BabaIsYou-v0", level=str(path))
    obs, _ = env.reset()
    assert obs.startswith("Level: tiny")
    _, _, terminated, _, info = env.step("right 2")
    assert terminated and info["score"] == 100.0


def test_expert_clears_the_default_level_in_one_decision():
    env = gym.make("orak/BabaIsYou-v0")
    expert = BabaExpert()
    expert.reset()
    obs, info = env.reset()
    action = expert(obs, info)
    assert action == "left 2 down 3 left down right 4 up"
    _, _, terminated, _, info = env.step(action)
    assert terminated and info["score"] == 100.0


def test_unknown_backend_and_level_are_clear_errors():
    with pytest.raises(ValueError, match="not supported yet"):
        gym.make("orak/BabaIsYou-v0", backend="steam")
    with pytest.raises(ValueError, match="unknown Baba Is You level"):
        gym.make("orak/BabaIsYou-v0", level="nope")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parser_is_total(text):
    parsed = BabaParser().parse(text)
    assert all(a in (0, 1, 2, 3, 4) for a in parsed.actions)
    assert 1 <= len(parsed.actions) <= MAX_MOVES or (parsed.valid and not parsed.actions)


def _write_solutions() -> None:
    found = {slug: solve(load_level(slug)) for slug in shipped_levels()}
    unsolved = [slug for slug, solution in found.items() if solution is None]
    if unsolved:
        raise SystemExit(f"no solution for {unsolved}")
    SOLUTIONS_FILE.write_text(json.dumps({slug: s.to_text() for slug, s in found.items()}, indent=1) + "\n")
    print(f"wrote {len(found)} solutions to {SOLUTIONS_FILE}")


if __name__ == "__main__" and sys.argv[1:] == ["--write-solutions"]:
    _write_solutions()
