"""An LLM plays a whole StarCraft II game (against the fake client) through the project's LLMPolicy,
talking HTTP to the local OpenAI-compatible test server."""

from __future__ import annotations

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401

from .support import installed, require_burnysc2

require_burnysc2()
pytest.importorskip("openai", reason="the llm extra is not installed: pip install 'orak-gym[llm]'")

from orak_gym.agents import LLMPolicy, make_client  # noqa: E402
from orak_gym.agents.llm import RetryPolicy  # noqa: E402
from orak_gym.testing import ScriptedOpenAIServer  # noqa: E402

ANSWER = (
    "### Analysis\nEarly game, one base.\n### Reasoning\n50 minerals: a probe first, then supply.\n"
    "### Actions\n1: <TRAIN PROBE>\n2: <BUILD PYLON>\n3: <BUILD GATEWAY>\n4: <TRAIN ZEALOT>\n5: <MULTI-ATTACK>\n"
)


def test_an_llm_plays_a_whole_game(tmp_path):
    with installed(tmp_path / "sc2", max_loops=1200), ScriptedOpenAIServer(default=ANSWER) as server:
        client = make_client(f"compat:scripted@{server.base_url}", retry=RetryPolicy(max_retries=0), timeout=10)
        policy = LLMPolicy(client, agent="zeroshot", game="orak/StarCraft2-v0")
        env = gym.make("orak/StarCraft2-v0", game_step=8)
        try:
            obs, info = env.reset(seed=3)
            decisions = 0
            while True:
                obs, _, terminated, truncated, info = env.step(policy(obs, info))
                decisions += 1
                assert info["action_valid"], info["action_feedback"]
                if terminated or truncated:
                    break
        finally:
            env.close()
    assert terminated and info["result"] == "Tie"  # 1,200 loops: the fake client's time limit
    assert decisions == len(server.chat_requests) == 15  # 1,200 loops / (10 bot steps x 8 loops)
    first = server.chat_requests[0].text()
    assert "Summary 1: At 00:00 game time" in first and "MULTI-ATTACK" in first and "### Actions" in first
    assert "commanding Protoss against Zerg" in first  # the game's own prompt template
    assert info["state"]["unit"]["probe_count"] > 12 and info["state"]["building"]["pylon_count"] >= 1
