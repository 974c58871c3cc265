"""``orak/HerStory-v0`` against the fake game: the plugin's protocol, Orak's grammar, text and score."""

from __future__ import annotations

import json

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401
from orak_gym.games.her_story.state import NUM_CLIPS
from orak_gym.testing import check_orak_env

from .fake_her_story import THUMBS, clip_database

ENV_ID = "orak/HerStory-v0"


def _channel_events(env: gym.Env) -> list[dict]:
    path = env.unwrapped.game_dir / "orak_input.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_env_passes_the_whole_contract(fake_game):
    results = check_orak_env(ENV_ID)
    assert set(results.values()) == {"passed"}, results


def test_an_episode_scores_distinct_clips_viewed_out_of_272(fake_game):
    env = gym.make(ENV_ID)
    obs, info = env.reset(seed=0)
    assert 'holds the word "LANTERN"' in obs and info["score"] == 0.0
    obs, reward, *_, info = env.step("### Reasoning\nstart\n### Actions\nSearch lantern")
    expected = [c for c in clip_database() if "lantern" in c["words"]]
    assert f'You searched for the keyword "lantern". {len(expected)} clips match.' in obs
    assert obs.count("Status: Not viewed") == 5 and reward == 0.0
    rewards = []
    for index in range(5):
        obs, reward, *_, info = env.step(f"Play Video {index}")
        rewards.append(reward)
    obs, replay_reward, *_, info = env.step("Play Video 2")  # already viewed: counts once
    assert rewards == [1.0] * 5 and replay_reward == 0.0
    assert info["raw_score"] == 5 and info["score"] == pytest.approx(5 / NUM_CLIPS * 100)
    assert obs.count("Status: Viewed") == 5 and expected[0]["script"] in obs  # the plugin's transcript
    assert info["history_search"] == f"lantern ({len(expected)})"
    assert info["prompt_context"]["extras"]["history_search"] == f"lantern ({len(expected)})"
    env.close()


def test_clicks_and_keys_land_where_the_plugin_logged_the_controls(fake_game):
    env = gym.make(ENV_ID)
    env.reset(seed=0)
    env.step("Search lantern")
    env.step("Play Video 3")
    events = _channel_events(env)
    log = [json.loads(line) for line in (env.unwrapped.game_dir / "game_log.txt").read_text().splitlines()]
    statuses = [r["status"] for r in log]
    assert statuses == ["title", "start_game", "query", "query_result", "open_detail", "play_video",
                        "close_video", "close_detail"]  # fmt: skip
    start, result, detail = log[1], log[3], log[4]
    clicks = [(e["x"], e["y"]) for e in events if e["op"] == "click"]
    assert clicks == [(640, 360), tuple(start["pos_textfield"]), tuple(result["video"][3]["pos"]),
                      tuple(detail["pos_play"]), tuple(detail["pos_close"])]  # fmt: skip
    assert tuple(result["video"][3]["pos"]) == tuple(THUMBS[3])
    assert {"op": "type", "text": "lantern\n"} in events and {"op": "key", "key": "escape"} in events
    env.close()


def test_a_new_episode_deletes_the_session_through_the_settings(fake_game):
    env = gym.make(ENV_ID)
    env.reset(seed=0)
    env.step("Search lantern")
    _, _, _, _, info = env.step("Play Video 0")
    assert info["raw_score"] == 1
    obs, info = env.reset()
    assert info["score"] == 0.0 and "holds the word" in obs
    _, _, _, _, info = env.step("Search lantern")
    assert info["state"]["clips"][0]["new"] and info["raw_score"] == 0
    statuses = [
        json.loads(line)["status"] for line in (env.unwrapped.game_dir / "game_log.txt").read_text().splitlines()
    ]
    assert statuses[8:13] == ["open_setting", "reset_game", "title", "start_game", "query"]
    env.close()


def test_invalid_text_is_a_counted_no_op_and_an_unlisted_clip_plays_nothing(fake_game):
    env = gym.make(ENV_ID)
    env.reset(seed=0)
    _, reward, _, _, info = env.step("Play Video 0")  # nothing listed yet
    assert reward == 0 and not info["action_valid"] and "no clip 0 is listed" in info["action_feedback"]
    _, _, _, _, info = env.step("search lantern")  # Orak's grammar is case-sensitive
    assert not info["action_valid"] and info["state"]["steps"] == 2 and info["state"]["screen"] == "start_game"
    assert [e["op"] for e in _channel_events(env)] == ["click"]  # only the title's Start
    env.close()


def test_the_episode_is_truncated_at_orak_max_steps(fake_game):
    env = gym.make(ENV_ID, max_steps=3, modality="native")
    env.reset(seed=0)
    flags = [env.step("Wait")[2:4] for _ in range(3)]
    assert flags == [(False, False), (False, False), (False, True)]
    env.close()
