"""The MCP agent server: Orak's agent loop over MCP makes the same decisions as ``LLMPolicy``.

A client plays a game server with an agent server and an LLM (the scripted OpenAI-compatible
server); every prompt the LLM receives, every action and the final score must equal the local
``LLMPolicy`` playing the same seed with the same scripted answers.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import gymnasium as gym
import pytest

pytest.importorskip("mcp.server.mcpserver")

from orak_gym.agents import LLMPolicy, make_client
from orak_gym.mcp.launch import http_server
from orak_gym.mcp.play import PlayError, call_json, play_episode
from orak_gym.testing import ModuleResponder, ScriptedOpenAIServer
from orak_gym.testing.orak_checkout import write_fake_orak_checkout

from .mcp_helpers import connect, stdio_params

STEPS = 10


def _local(env_id: str, agent: str, base_url: str, seed: int, prompts: str = "ours") -> tuple[float, list[str]]:
    env = gym.make(env_id)
    obs, info = env.reset(seed=seed)
    client = make_client(f"openai:scripted@{base_url}", api_key="x")
    policy = LLMPolicy(client, agent=agent, game=env_id, prompts=prompts)
    actions = []
    for _ in range(STEPS):
        action = policy(obs, info)
        actions.append(action)
        obs, _, terminated, truncated, info = env.step(action)
        if terminated or truncated:
            break
    return info["score"], actions


@pytest.mark.parametrize(
    ("env_id", "agent", "transport", "orak"),
    [
        ("orak/2048-v0", "reflection_planning", "stdio", False),
        ("orak/BabaIsYou-v0", "skill_management", "http", False),
        ("orak/2048-v0", "reflection_planning", "stdio", True),  # Orak's prompts from a (fake) checkout
    ],
)
def test_mcp_agent_loop_makes_the_local_policys_decisions(env_id, agent, transport, orak, tmp_path):
    actions = ("left", "down", "right", "up") if "2048" in env_id else ("right 2", "up", "nonsense", "left")
    prompts = f"orak:{write_fake_orak_checkout(tmp_path / 'orak', games=[env_id])}" if orak else "ours"

    with ScriptedOpenAIServer(responder=ModuleResponder(actions)) as llm:
        score, local_actions = _local(env_id, agent, llm.base_url, seed=4, prompts=prompts)
        local_prompts = [r.messages for r in llm.chat_requests]

    async def over_mcp(game_target, agent_target, base_url):
        async with connect(game_target) as game, connect(agent_target) as agent_client:
            modules = await agent_client.call_tool("list-agent-module-type", {})
            await call_json(game, "reset", {"seed": 4})
            client = make_client(f"openai:scripted@{base_url}", api_key="x")
            return [b.text for b in modules.content], await play_episode(game, agent_client, client, STEPS)

    with ScriptedOpenAIServer(responder=ModuleResponder(actions)) as llm:
        game_args = ("serve", "--env", env_id)
        agent_args = ("serve-agent", "--game", env_id, "--agent", agent, "--prompts", prompts)
        if transport == "stdio":
            modules, outcome = asyncio.run(over_mcp(stdio_params(*game_args), stdio_params(*agent_args), llm.base_url))
        else:
            with http_server(game_args) as game_server, http_server(agent_args) as agent_server:
                modules, outcome = asyncio.run(over_mcp(game_server.url, agent_server.url, llm.base_url))
        mcp_prompts = [r.messages for r in llm.chat_requests]

    assert modules[-1] == "action_inference" and len(modules) > 1
    assert outcome.actions == local_actions
    assert outcome.score == score
    assert outcome.llm_calls == len(local_prompts) > STEPS  # the other modules made calls too
    assert mcp_prompts == local_prompts  # same templates, memory and game context, word for word
    assert all(("FAKE-ORAK" in str(p)) == orak for p in mcp_prompts)  # Orak's prompts only when asked for


def test_agent_tools_out_of_order_are_error_results():
    async def probe():
        async with connect(stdio_params("serve-agent", "--game", "orak/2048-v0", "--agent", "reflection")) as c:
            errors = []
            for tool, args in (
                ("get-agent-module-prompts", {"module_type": "action_inference"}),
                ("send-agent-module-response", {"response": "### Actions\nup"}),
                ("add-observation-to-memory", {"obs_str": "x", "obs_image_str": "not base64 !!"}),
                ("add-observation-to-memory", {}),
            ):
                result = await c.call_tool(tool, args)
                assert result.is_error, (tool, args)
                errors.append(result.content[0].text)
            await call_json(c, "add-observation-to-memory", {"obs_str": "board", "game_info": {"default_action": "up"}})
            early = await c.call_tool("send-agent-module-response", {"response": "### Actions\nup"})
            assert early.is_error and "get-agent-module-prompts first" in early.content[0].text
            skipped = await call_json(c, "get-agent-module-prompts", {"module_type": "self_reflection"})
            assert skipped["call_chat_completion"] is False and skipped["user_prompt"] is None  # first step
            with pytest.raises(PlayError, match="unknown module_type"):
                await call_json(c, "get-agent-module-prompts", {"module_type": "telepathy"})
            prompts = await call_json(c, "get-agent-module-prompts", {"module_type": "action_inference"})
            assert "board" in prompts["user_prompt"] and prompts["call_chat_completion"] is True
            parsed = await call_json(c, "send-agent-module-response", {"response": "I refuse to answer."})
            return errors, parsed["parsed_output"]

    errors, parsed = asyncio.run(probe())
    assert "add-observation-to-memory first" in errors[0]
    assert "add-observation-to-memory first" in errors[1]
    assert "not a base64 PNG or JPEG" in errors[2]
    # the answer had no Actions section: its last line is read, as LLMPolicy does
    assert parsed["actions"] == "I refuse to answer." and "actions" in parsed["missing"]


def test_frames_reach_the_llm_through_both_servers():
    async def play(base_url):
        game_args = ("serve", "--env", "orak/BabaIsYou-v0", "--modality", "text_image")
        agent_args = ("serve-agent", "--game", "orak/BabaIsYou-v0", "--agent", "zeroshot", "--modality", "text_image")
        async with connect(stdio_params(*game_args)) as game, connect(stdio_params(*agent_args)) as agent:
            await call_json(game, "reset", {"seed": 0})
            return await play_episode(game, agent, make_client(f"openai:scripted@{base_url}", api_key="x"), 2)

    with ScriptedOpenAIServer(responder=ModuleResponder(("up", "left"))) as llm:
        outcome = asyncio.run(play(llm.base_url))
        requests = llm.chat_requests
    assert outcome.steps == 2 and outcome.actions == ["up", "left"]
    for request in requests:
        parts = request.messages[-1]["content"]
        images = [p for p in parts if p.get("type") == "image_url"]
        assert images and images[0]["image_url"]["url"].startswith("data:image/png;base64,")
        assert any("Current state" in p.get("text", "") for p in parts)


def test_the_docs_play_episode_snippet_runs_and_closes_what_it_opens(tmp_path):
    """The MCP page's loop, as written (the model pointed at the scripted server, fewer steps):
    it plays, and Python reports no unclosed session."""
    import re
    import subprocess
    import textwrap

    from orak_gym.testing import ScriptedOpenAIServer

    readme = (Path(__file__).resolve().parents[2] / "docs" / "mcp.md").read_text(encoding="utf-8")
    snippet = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "play_episode(game, agent" in b)
    with ScriptedOpenAIServer(default="### Reasoning\nx\n### Actions\nleft") as server:
        code = snippet.replace('"openai:gpt-4o-mini"', repr(f"compat:m@{server.base_url}"))
        code = code.replace("max_steps=200", "max_steps=2").replace('"--agent", "reflection"', '"--agent", "zeroshot"')
        head, _, body = code.partition("game_cmd =")
        script = head + "import asyncio\n\nasync def main():\n" + textwrap.indent("game_cmd =" + body, "    ")
        script += "    print('steps', outcome.steps)\n\nasyncio.run(main())\n"
        path = tmp_path / "snippet.py"
        path.write_text(script, encoding="utf-8")
        done = subprocess.run([sys.executable, "-W", "always", str(path)], capture_output=True, text=True, timeout=300)
        assert server.chat_requests, "the snippet asked the model"
    assert done.returncode == 0 and "steps 2" in done.stdout, done.stdout + done.stderr
    assert "Unclosed" not in done.stderr, done.stderr
