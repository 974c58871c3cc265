"""Whole Her Story episodes on the fake game: the five agent types on the local OpenAI-compatible server,
``orak-gym eval``, the scripted baseline, and play from another machine over MCP (HTTP)."""

from __future__ import annotations

import itertools
import json

import gymnasium as gym
import pytest
from typer.testing import CliRunner

import orak_gym  # noqa: F401
from orak_gym.agents import AGENT_TYPES
from orak_gym.cli import app
from orak_gym.core.registry import spec_of
from orak_gym.games.her_story.state import NUM_CLIPS
from orak_gym.testing import ScriptedOpenAIServer
from tests.scripted_play import play_scripted_episode

ENV_ID = "orak/HerStory-v0"
ACTIONS = (
    "Search lantern",
    "Play Video 0",
    "Play Video 1",
    "nonsense",
    "Play Video 1",
    "Search harbour",
    "Play Video 0",
)


@pytest.mark.parametrize("agent", sorted(AGENT_TYPES))
def test_every_agent_type_plays_an_episode(fake_game, agent):
    episode = play_scripted_episode(
        ENV_ID, agent, [f"### Reasoning\nr\n### Actions\n{a}" for a in ACTIONS], max_steps=len(ACTIONS)
    )
    prompts, info = episode.prompts, episode.info
    assert episode.calls["action_inference"] == len(ACTIONS)
    assert bool(set(episode.calls) - {"action_inference"}) == (agent != "zeroshot")  # its other modules ran
    assert len(prompts) == len(ACTIONS) and "Play Video <index>" in prompts[0]
    assert 'Script: "I remember the' in prompts[3]  # the played transcript reached the model
    assert info["raw_score"] == 3 and info["score"] == pytest.approx(300 / NUM_CLIPS)
    assert info["history_search"].startswith("lantern (") and "; harbour (" in info["history_search"]


def test_orak_gym_eval_scores_llm_episodes(fake_game, tmp_path):
    answers = itertools.cycle(ACTIONS)
    with ScriptedOpenAIServer(responder=lambda body: f"### Actions\n{next(answers)}") as server:
        result = CliRunner().invoke(app, [
            "eval", "--env", ENV_ID, "--model", f"compat:scripted@{server.base_url}", "--agent", "zeroshot",
            "--seeds", "0-1", "--max-steps", str(len(ACTIONS)), "--out", str(tmp_path / "run"), "--quiet",
        ])  # fmt: skip
    assert result.exit_code == 0, result.output
    episodes = [json.loads(line) for line in (tmp_path / "run" / "episodes.jsonl").read_text().splitlines()]
    assert len(episodes) == 2 and all(e.get("error") in (None, "") for e in episodes)
    assert sorted(round(e["score"], 6) for e in episodes) == [round(300 / NUM_CLIPS, 6)] * 2


def test_the_scripted_baseline_plays_an_episode(fake_game):
    baseline = spec_of(ENV_ID).load_expert()()
    env = gym.make(ENV_ID, max_steps=60)
    obs, info = env.reset(seed=0)
    truncated = terminated = False
    actions = []
    while not (terminated or truncated):
        action = baseline(obs, info)
        actions.append(action.split("\n")[-1])
        obs, _, terminated, truncated, info = env.step(action)
    env.close()
    assert actions[0] == "Search LANTERN"
    searches = [a for a in actions if a.startswith("Search")]
    assert len(searches) == len({a.lower() for a in searches})  # never the same search twice
    assert info["raw_score"] == sum(a.startswith("Play") for a in actions)  # every play was a new clip
    assert info["raw_score"] >= 40, info["raw_score"]


def _play(env: gym.Env) -> list:
    obs, info = env.reset(seed=0)
    steps = [(obs, info["score"])]
    for action in ACTIONS:
        obs, reward, terminated, truncated, info = env.step(action)
        steps.append((obs, reward, terminated, truncated, info["score"], info["action_valid"], info["history_search"]))
    return steps


def test_played_from_another_machine_over_mcp_as_locally(fake_game):
    pytest.importorskip("mcp.server.mcpserver")
    from orak_gym.mcp.launch import http_server

    local = gym.make(ENV_ID)
    expected = _play(local)
    local.close()
    with http_server(["serve", "--env", ENV_ID]) as server:
        remote = gym.make("orak-mcp/HerStory-v0", url=server.url, timeout_s=30)
        try:
            assert _play(remote) == expected
        finally:
            remote.close()
