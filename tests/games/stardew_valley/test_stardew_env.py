"""The Stardew Valley envs against the stand-in game: the mod's files, the hotkeys, Orak's text and scores."""

from __future__ import annotations

import json
import os
from pathlib import Path

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401
from orak_gym.core.registry import spec_of
from orak_gym.games.stardew_valley import TASK_IDS
from orak_gym.testing import check_orak_env

from .conftest import fake_command

EARN = "orak/StardewValley-v0"


def _events(env: gym.Env) -> list[dict]:
    return [json.loads(line) for line in (env.unwrapped.game_dir / "orak_input.jsonl").read_text().splitlines()]


def test_the_env_passes_the_whole_contract(fake_game):
    results = check_orak_env(EARN)
    assert set(results.values()) - {"passed"} == {"skipped: orak/StardewValley-v0 is registered as nondeterministic"}


def test_every_task_has_its_id_and_text(fake_game):
    texts = {}
    for env_id in spec_of(EARN).env_ids:
        env = gym.make(env_id)
        texts[env_id], info = env.reset(seed=0)
        assert info["task"] == TASK_IDS[env_id]
        env.close()
    assert "12 days remaining" in texts[EARN]
    assert "- stone: [58, 20], [60, 16]" in texts["orak/StardewValley-FarmCleanup-v0"]
    assert "No tilled soil." in texts["orak/StardewValley-Cultivation-v0"]
    assert "The shop menu is closed." in texts["orak/StardewValley-Shopping-v0"]


@pytest.mark.parametrize("env_id", sorted(TASK_IDS))
def test_the_scripted_baseline_completes_each_task(fake_game, env_id):
    env = gym.make(env_id)
    obs, info = env.reset(seed=0)
    baseline = spec_of(env_id).load_expert()()
    terminated = truncated = False
    invalid = 0
    while not (terminated or truncated):
        obs, _, terminated, truncated, info = env.step(baseline(obs, info))
        invalid += not info["action_valid"]
    env.close()
    assert terminated and invalid == 0 and info["score"] == 100.0 and info["state"]["steps"] < 150
    if env_id == EARN:  # spring 14 reached with more than the oracle's gold on the invented farm's prices
        assert info["state"]["day"] == 14 and info["raw_score"] > 1013


def test_action_json_is_written_before_the_hotkey_and_the_mod_obeys_it(fake_game):
    env = gym.make(EARN)
    env.reset(seed=0)
    env.step("get_out_of_house()")
    obs, reward, *_, info = env.step("```python\ntill_soil(num_tiles=4)\nplant_seeds()\n```")
    action = json.loads((env.unwrapped.game_dir / "action.json").read_text())
    assert action == {"name": "plant_seeds", "params": {}}
    assert "- Parsnip (Stack: 4, Days to harvest: 3, Watered: False)" in obs and reward == 0
    assert [e for e in _events(env) if e["op"] == "key"][-2:] == [{"op": "key", "key": "j"}, {"op": "key", "key": "o"}]
    _, reward, *_, info = env.step('buy_item(item_name="Potato Seeds", item_count=2)')
    assert reward == -80 and info["state"]["money"] == 170
    moves = [e for e in _events(env) if e["op"] in ("move", "click")]
    assert moves[-2:] == [{"op": "click", "button": "left"}, {"op": "click", "button": "left"}]
    assert {"op": "move", "x": 1920, "y": 1100} in moves
    env.close()


def test_walking_and_tools_clear_an_obstacle_in_farm_cleanup(fake_game):
    env = gym.make("orak/StardewValley-FarmCleanup-v0")
    env.reset(seed=0)
    env.step("get_out_of_house()")  # onto the Farm at [64, 15]
    _, _, _, _, info = env.step("move_right(grid=1)\nmove_down(grid=0)")
    assert info["state"]["pos"] == [65, 15] and info["state"]["direction"] == "down"
    _, reward, _, _, info = env.step("select_tool(key='5')\nuse_tool()")  # the scythe on the grass at [65, 16]
    assert reward == 1 and info["raw_score"] == 1 and info["score"] == pytest.approx(100 / 24)
    assert [e for e in _events(env) if e["op"] == "hold"][-2:] == [
        {"op": "hold", "key": "d", "seconds": 0.18},
        {"op": "hold", "key": "s", "seconds": 0.0},
    ]
    env.close()


def test_shopping_ends_with_25_seeds(fake_game):
    env = gym.make("orak/StardewValley-Shopping-v0")
    env.reset(seed=0)
    _, _, terminated, _, info = env.step("warp_to_shop()")
    assert info["state"]["location"] == "SeedShop" and not terminated
    _, reward, terminated, _, info = env.step("buy_item(item_name='Parsnip Seeds', item_count=10)")
    assert terminated and reward == 1 and info["score"] == 100.0


def test_a_new_episode_starts_the_stand_in_afresh(fake_game):
    env = gym.make(EARN)
    env.reset(seed=0)
    env.step("get_out_of_house()")
    _, _, _, _, info = env.step("go_house_and_sleep()")
    assert info["state"]["day"] == 2
    obs, info = env.reset()
    assert info["state"]["day"] == 1 and info["state"]["steps"] == 0 and "12 days remaining" in obs
    env.close()


def test_truncated_at_orak_max_steps(fake_game):
    env = gym.make(EARN, max_steps=2, modality="native")
    env.reset(seed=0)
    assert [env.step("")[2:4] for _ in range(2)] == [(False, False), (False, True)]
    env.close()


def test_an_installed_game_through_the_mods_config_and_xdotool(tmp_path, monkeypatch):
    """The owner's route: a game folder with SMAPI and the mod, the paths from the mod's config.json, keys
    through the xdotool sink; the stand-in ``xdotool`` program hands them to the stand-in game."""
    mod = tmp_path / "Mods" / "StateExtractor"
    mod.mkdir(parents=True)
    for path in (tmp_path / "StardewModdingAPI", mod / "manifest.json", mod / "StateExtractor.dll"):
        path.write_bytes(b"")
    (mod / "config.json").write_text(json.dumps({"StateSavePath": "orak/state", "ActionSavePath": "orak/action.json"}))
    monkeypatch.setenv("PATH", f"{Path(__file__).parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("ORAK_FAKE_X_GAME_DIR", str(tmp_path))
    env = gym.make(EARN, game_dir=str(tmp_path), launch=fake_command(), input="xdotool", ui_delay=0)
    try:
        obs, info = env.reset(seed=0)
        assert "The player is located at FarmHouse" in obs
        env.step("get_out_of_house()")
        _, _, _, _, info = env.step("till_soil(num_tiles=3)\nplant_seeds()")
        _, reward, _, _, info = env.step("buy_item(item_name='Bean Starter', item_count=1)")
    finally:
        env.close()
    assert info["state"]["location"] == "Farm" and len(info["state"]["crops"]) == 3 and reward == -50
    assert json.loads((tmp_path / "orak" / "action.json").read_text())["name"] == "buy_item"
    assert len(list((tmp_path / "orak" / "state").glob("*.json"))) >= 5 and not (tmp_path / "state").exists()
    ops = [json.loads(line) for line in (tmp_path / "orak_input.jsonl").read_text().splitlines()]
    assert {"op": "hold", "key": "a", "seconds": 1.08} in ops and {"op": "key", "key": "escape"} in ops
    assert ops[-1] == {"op": "key", "key": "r"} and {"op": "move", "x": 1920, "y": 900} in ops


def test_a_mod_that_rewrites_one_state_file_in_place_is_read_the_same(fake_game, monkeypatch):
    monkeypatch.setenv("ORAK_STARDEW_LAUNCH", fake_command("--one-file"))
    env = gym.make(EARN)
    env.reset(seed=0)
    env.step("get_out_of_house()")
    env.step("till_soil(num_tiles=2)\nplant_seeds()")
    _, _, _, _, info = env.step("water_seeds()\ngo_house_and_sleep()")
    files = [p.name for p in env.unwrapped.paths.state_dir.iterdir()]
    env.close()
    assert files == ["session_state.json"]
    assert (
        info["state"]["day"] == 2
        and len(info["state"]["crops"]) == 2
        and info["state"]["crops"][0]["days_to_harvest"] == 2
    )
