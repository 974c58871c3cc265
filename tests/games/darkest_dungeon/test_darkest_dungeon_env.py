"""``orak/DarkestDungeon-v0`` against the fake raid: saves read, presses sent, Orak's text and score."""

from __future__ import annotations

import json

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401
from orak_gym.games.darkest_dungeon import dson
from orak_gym.games.darkest_dungeon.inputs import press_sequence
from orak_gym.games.darkest_dungeon.saves import HINTS
from orak_gym.testing import check_orak_env

ENV_ID = "orak/DarkestDungeon-v0"


def _presses(env: gym.Env) -> list[str]:
    path = env.unwrapped.profile_dir / "orak_input.jsonl"
    return [json.loads(line)["button"] for line in path.read_text().splitlines()] if path.exists() else []


def _saved_raid(env: gym.Env) -> dict:
    return dson.decode((env.unwrapped.profile_dir / "persist.raid.json").read_bytes(), HINTS)["base_root"]


def test_the_env_passes_the_whole_contract(fake_game):
    results = check_orak_env(ENV_ID)
    skipped = {k for k, v in results.items() if v != "passed"}
    assert skipped == {"same_seed_same_episode"}, results  # registered nondeterministic: the game rolls its dice


def test_reset_walks_to_the_first_combat_and_shows_orak_s_three_blocks(fake_game):
    env = gym.make(ENV_ID)
    obs, info = env.reset(seed=0)
    assert _presses(env) == ["right"] * 3  # the corridor before the first combat
    assert obs.startswith("CURRENTLY ACTING HERO:\nName: Brannoc\nClass: ropewalker\nRank (position): 2\nHP: 26/26\n")
    assert "1. hook_lash (can target one enemy from ranks: [2, 3, 4]) (can use from ranks: [2, 3]) [AVAILABLE]" in obs
    assert "\nPARTY:\n1. Odile (lamplighter) | Rank: 1 | HP: 30/30 | Stress: 0\n" in obs
    assert "\nENEMY FORMATION:\n1. mire_crawler (BattleId: 101, Rank: 1)\n   HP: 10/10, Stunned: False" in obs
    assert info["score"] == 0.0 and info["state"]["in_battle"] and info["combats_cleared"] == 0
    assert info["prompt_context"]["default_action"] == "idle"
    frame = env.unwrapped.render_frame(env.unwrapped.state)
    assert frame.shape == env.unwrapped.frame_shape and frame.dtype == np.uint8
    env.close()


def test_a_command_sends_its_presses_and_the_next_save_is_read(fake_game):
    env = gym.make(ENV_ID)
    env.reset(seed=0)
    before = len(_presses(env))
    obs, reward, terminated, truncated, info = env.step("### Actions\nattack target 2 using skill slot 1")
    assert _presses(env)[before:] == press_sequence("attack 2 1")
    assert info["action_valid"] and info["action_feedback"] == "attack 2 1" and info["native_actions"] == ["attack 2 1"]
    assert obs.startswith("CURRENTLY ACTING HERO:\nName: Pim\n")  # the next hero by speed
    wisp = next(e for e in info["state"]["enemies"] if e["battle_id"] == 102)
    saved = _saved_raid(env)
    saved_wisp = next(e for e in saved["battle"]["enemies"].values() if e["data"]["battle_guid"] == 102)
    assert wisp["hp"] == saved_wisp["data"]["actor"]["current_hp"] < 7  # what the game saved, not a guess
    assert "Bleed: 1 (duration: 2)" in obs  # Pim's bleed buff, read from the roster's embedded file
    assert reward == 0.0 and not terminated and not truncated
    env.close()


@pytest.mark.parametrize(
    ("action", "why"),
    [
        (
            "attack target 1 using skill slot 1",
            "no reach: skill slot 1 (hook_lash) hits ranks [2, 3, 4], target 1 is in [1]",
        ),
        ("heal target 1 using skill slot 1", "no heal: skill slot 1 (hook_lash) works on enemies"),
        ("attack target 4 using skill slot 2", "no target 4: there are 3"),
        ("swap rank 1 hero skip", "no hero of rank 1 is acting (Brannoc is in rank 2)"),
        ("attack target 9 using skill slot 1", "target 9 is not 1-4"),
    ],
)
def test_a_command_the_turn_cannot_take_sends_nothing_and_says_why(fake_game, action, why):
    env = gym.make(ENV_ID)
    obs, _ = env.reset(seed=0)
    sent = len(_presses(env))
    obs2, reward, *_, info2 = env.step(action)
    assert info2["action_feedback"] == f"{why}: nothing done" and not info2["action_valid"]
    assert len(_presses(env)) == sent and obs2 == obs and reward == 0.0
    assert info2["state"]["steps"] == 1  # the decision counts, as in Orak
    env.close()


def test_all_four_saves_are_dson_our_decoder_reads(fake_game):
    env = gym.make(ENV_ID)
    env.reset(seed=0)
    profile = env.unwrapped.profile_dir
    roots = {p.name: dson.decode(p.read_bytes(), HINTS)["base_root"] for p in sorted(profile.glob("persist.*.json"))}
    assert sorted(roots) == ["persist.game.json", "persist.map.json", "persist.raid.json", "persist.roster.json"]
    static = roots["persist.map.json"]["map"]["static_dynamic"]["static_save"]
    assert isinstance(static, dson.Embedded) and static["base_root"]["areas"]["co0"]["knowledge"] == "k"
    assert roots["persist.raid.json"]["party"]["heroes"] == [11, 12, 13, 14]
    env.close()


def test_the_second_task_ends_after_two_combats_with_the_composite_score(fake_game):
    from orak_gym.games.darkest_dungeon.expert import DarkestDungeonBaseline

    env = gym.make("orak/DarkestDungeon-SecondEmbark-v0")
    obs, info = env.reset(seed=0)
    baseline, scores, terminated = DarkestDungeonBaseline(), [], False
    while not terminated:
        obs, _, terminated, truncated, info = env.step(baseline(obs, info))
        scores.append(info["score"])
        assert not truncated
    state = info["state"]
    assert state["combats_cleared"] == 2 and state["max_combats"] == 2
    stress = sum(h["stress"] for h in state["party"]) + 200 * (4 - len(state["party"]))
    expected = 100 * (0.4 + 0.3 * len(state["party"]) / 4 + 0.3 * (1 - stress / 800))
    assert info["score"] == pytest.approx(expected) and 20.0 in scores  # 0.4 * 1/2 after the first combat
    env.close()


def test_a_later_reset_restarts_the_game_and_its_raid(fake_game):
    env = gym.make(ENV_ID)
    env.reset(seed=0)
    first = env.unwrapped.game
    env.step("attack target 2 using skill slot 1")
    obs, info = env.reset(seed=1)
    assert env.unwrapped.game is not first and first.poll() is not None
    assert info["state"]["steps"] == 0 and "HP: 7/7" in obs  # the wisp is whole again
    env.close()
