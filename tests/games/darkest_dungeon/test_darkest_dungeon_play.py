"""Whole Darkest Dungeon episodes on the fake raid: the agent types on the local OpenAI-compatible server,
``orak-gym eval``, and the scripted baseline."""

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
from orak_gym.testing import ScriptedOpenAIServer
from tests.scripted_play import play_scripted_episode

ENV_ID = "orak/DarkestDungeon-v0"
ACTIONS = (
    "attack target 2 using skill slot 1",  # Brannoc hits the wisp
    "attack target 1 using skill slot 1",  # Pim's dart on the crawler
    "run for the exit",  # not a command: nothing done
    "attack target 1 using skill slot 1",  # Odile's ember strike
    "idle",
)


@pytest.mark.parametrize("agent", sorted(AGENT_TYPES))
def test_every_agent_type_plays_an_episode(fake_game, agent):
    episode = play_scripted_episode(
        ENV_ID, agent, [f"### Reasoning\nr\n### Actions\n{a}" for a in ACTIONS], max_steps=len(ACTIONS)
    )
    prompts, info, feedback = episode.prompts, episode.info, [i["action_feedback"] for i in episode.infos]
    assert episode.calls["action_inference"] == len(ACTIONS)
    assert bool(set(episode.calls) - {"action_inference"}) == (agent != "zeroshot")  # its other modules ran
    assert len(prompts) == len(ACTIONS) and "attack target X using skill slot Y" in prompts[0]
    assert "CURRENTLY ACTING HERO:\nName: Brannoc" in prompts[0] and "Name: Pim" in prompts[1]  # the saves reached it
    assert feedback[:2] == ["attack 2 1", "attack 1 1"] and feedback[2].startswith("write 'attack target X")
    assert info["state"]["steps"] == len(ACTIONS)


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
    assert all(e["score"] == 0.0 for e in episodes)  # no combat won in five decisions: 0.4 * 0/4


def test_the_scripted_baseline_clears_the_expedition(fake_game):
    baseline = spec_of(ENV_ID).load_expert()()
    env = gym.make(ENV_ID)
    obs, info = env.reset(seed=0)
    terminated = truncated = False
    invalid = 0
    while not (terminated or truncated):
        obs, _, terminated, truncated, info = env.step(baseline(obs, info))
        invalid += not info["action_valid"]
    env.close()
    assert terminated and not truncated and invalid == 0
    assert info["combats_cleared"] == 4 and info["score"] > 40.0  # all combats, then survivors and stress
