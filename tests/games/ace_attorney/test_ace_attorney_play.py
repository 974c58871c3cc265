"""Whole Ace Attorney episodes on the fake game: the five agent types on the local OpenAI-compatible server,
``orak-gym eval`` over two task ids, and play from another machine over MCP (HTTP)."""

from __future__ import annotations

import itertools
import json

import gymnasium as gym
import pytest
from typer.testing import CliRunner

import orak_gym  # noqa: F401
from orak_gym.agents import AGENT_TYPES
from orak_gym.cli import app
from orak_gym.games.ace_attorney import grade
from orak_gym.testing import ScriptedOpenAIServer
from tests.scripted_play import play_scripted_episode

CE2 = "orak/AceAttorney-CrossExamination2-v0"
#: Ok (title skipped), Ok (next statement), Tab, present the timetable: the shortest win of the fake's ce2.
WIN = ("2", "2", "1", "2")


@pytest.mark.parametrize("agent", sorted(AGENT_TYPES))
def test_every_agent_type_wins_a_cross_examination(fake_game, agent):
    episode = play_scripted_episode(CE2, agent, [f"### Reasoning\nr\n### Actions\n{a}" for a in WIN])
    prompts, info, terminated = episode.prompts, episode.info, episode.terminated
    assert terminated and info["raw_score"] == 1 and info["steps"] == 4
    assert info["score"] == pytest.approx(grade.task_grade("cross_examination_2", 1, 4))
    assert len(prompts) == 4 and "Evidence Items" in prompts[3] and "**Cross-Examination!**" in prompts[2]
    assert bool(set(episode.calls) - {"action_inference"}) == (agent != "zeroshot")


def test_orak_gym_eval_scores_each_task_id(fake_game, tmp_path):
    answers = itertools.cycle(["### Actions\n2"])
    with ScriptedOpenAIServer(responder=lambda body: next(answers)) as server:
        result = CliRunner().invoke(app, [
            "eval", "--env", "orak/AceAttorney-v0", "--env", CE2, "--model", f"compat:scripted@{server.base_url}",
            "--agent", "zeroshot", "--seeds", "0", "--max-steps", "12", "--out", str(tmp_path / "run"), "--quiet",
        ])  # fmt: skip
    assert result.exit_code == 0, result.output
    episodes = {e["env"]: e for e in map(json.loads, (tmp_path / "run" / "episodes.jsonl").read_text().splitlines())}
    # always "2": Ok, the right answer to each question (the fake's answers are all 2), Ok...
    assert episodes["orak/AceAttorney-v0"]["raw_score"] == 3
    assert episodes["orak/AceAttorney-v0"]["score"] == pytest.approx(100.0)  # 3/3 in 7 steps beats 25: capped
    assert episodes[CE2]["raw_score"] == 0 and episodes[CE2]["score"] == 0.0  # never opened the record


def _play(env: gym.Env) -> list:
    obs, info = env.reset(seed=0)
    steps = [(obs, info["score"])]
    for action in WIN:
        obs, reward, terminated, truncated, info = env.step(action)
        steps.append((obs, reward, terminated, truncated, info["score"], info["grade"], info["action_feedback"]))
    return steps


def _without_stamps(steps: list) -> list:
    """The plugin stamps lines with the clock: equal episodes differ only there."""
    import re

    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
    return [tuple(stamp.sub("T", x) if isinstance(x, str) else x for x in step) for step in steps]


def test_played_from_another_machine_over_mcp_as_locally(fake_game):
    pytest.importorskip("mcp.server.mcpserver")
    from orak_gym.mcp.launch import http_server

    local = gym.make(CE2)
    expected = _without_stamps(_play(local))
    local.close()
    assert expected[-1][2] and expected[-1][1] == 1.0  # won
    with http_server(["serve", "--env", CE2]) as server:
        remote = gym.make("orak-mcp/AceAttorney-CrossExamination2-v0", url=server.url, timeout_s=30)
        try:
            assert _without_stamps(_play(remote)) == expected
        finally:
            remote.close()
