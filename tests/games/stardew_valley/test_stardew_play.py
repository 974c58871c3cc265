"""Whole Stardew Valley episodes on the stand-in game: the agent types on the local OpenAI-compatible
server, and ``orak-gym eval``."""

from __future__ import annotations

import itertools
import json

import pytest
from typer.testing import CliRunner

import orak_gym  # noqa: F401
from orak_gym.agents import AGENT_TYPES
from orak_gym.cli import app
from orak_gym.testing import ScriptedOpenAIServer
from tests.scripted_play import play_scripted_episode

EARN = "orak/StardewValley-v0"
#: Out, till and sow, water, sleep, out, water: 30 gold of parsnips growing, day 2.
ACTIONS = (
    "get_out_of_house()",
    "till_soil(num_tiles=2)\nplant_seeds()",
    "water_seeds()",
    "what now?",
    "go_house_and_sleep()",
    "get_out_of_house()\nwater_seeds()",
)


def _answer(action: str) -> str:
    return f"### Reasoning\nr\n### Actions\n```python\n{action}\n```"


@pytest.mark.parametrize("agent", sorted(AGENT_TYPES))
def test_every_agent_type_plays_an_episode(fake_game, agent):
    episode = play_scripted_episode(EARN, agent, [_answer(a) for a in ACTIONS], max_steps=len(ACTIONS))
    prompts, info, obs = episode.prompts, episode.info, episode.observation
    assert episode.calls["action_inference"] == len(ACTIONS)
    assert bool(set(episode.calls) - {"action_inference"}) == (agent != "zeroshot")
    assert "buy_item(item_name, item_count)" in prompts[0] and "The player is located at FarmHouse" in prompts[0]
    assert "- Parsnip (Stack: 2, Days to harvest: 3, Watered: True)" in prompts[3]
    assert info["state"]["day"] == 2 and info["raw_score"] == 250
    assert "- Parsnip (Stack: 2, Days to harvest: 2, Watered: True)" in obs


def test_orak_gym_eval_scores_llm_episodes(fake_game, tmp_path):
    answers = itertools.cycle(ACTIONS)
    with ScriptedOpenAIServer(responder=lambda body: _answer(next(answers))) as server:
        result = CliRunner().invoke(app, [
            "eval", "--env", EARN, "--model", f"compat:scripted@{server.base_url}", "--agent", "zeroshot",
            "--seeds", "0-1", "--max-steps", str(len(ACTIONS)), "--out", str(tmp_path / "run"), "--quiet",
        ])  # fmt: skip
    assert result.exit_code == 0, result.output
    episodes = [json.loads(line) for line in (tmp_path / "run" / "episodes.jsonl").read_text().splitlines()]
    assert len(episodes) == 2 and all(e.get("error") in (None, "") for e in episodes)
    assert [round(e["score"], 6) for e in episodes] == [round(250 / 1013 * 100, 6)] * 2
