"""Orak's MCP play loop: a client drives a game server and an agent server with its own LLM.

Per step (as Orak's ``BaseRunner.mcp_play``): ``load-obs`` -> ``add-observation-to-memory`` ->
for each module ``get-agent-module-prompts`` -> LLM -> ``send-agent-module-response`` ->
``dispatch-final-action`` -> ``{score, is_finished}``. Both servers are reached through the
official SDK's ``Client`` (stdio or HTTP), the LLM through an orak-gym :class:`ChatClient`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from orak_gym.agents.llm.base import ChatClient
from orak_gym.core.errors import OrakError


class PlayError(OrakError, RuntimeError):
    """A server answered a tool call with an error."""


@dataclass
class EpisodeOutcome:
    """What an episode played over MCP came to."""

    score: float = 0.0
    steps: int = 0
    finished: bool = False
    actions: list[str] = field(default_factory=list)
    llm_calls: int = 0


async def call_json(client: Any, tool: str, arguments: dict[str, Any] | None = None) -> Any:
    """Calls ``tool`` and returns its structured result (or the JSON of its first text block)."""
    result = await client.call_tool(tool, arguments or {})
    if result.is_error:
        text = " ".join(getattr(block, "text", "") for block in result.content)
        raise PlayError(f"{tool}: {text.strip()}")
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


def _messages(prompts: dict[str, Any]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    if prompts.get("system_prompt") is not None:
        messages.append({"role": "system", "content": prompts["system_prompt"]})
    user = str(prompts.get("user_prompt") or "")
    images = list(prompts.get("image_strs") or [])
    if not images:
        messages.append({"role": "user", "content": user})
        return messages
    parts: list[dict[str, Any]] = []
    chunks = user.split("<|image|>")
    for index, chunk in enumerate(chunks):
        if chunk.strip():
            parts.append({"type": "text", "text": chunk})
        if index < len(chunks) - 1 and images:
            url = "data:image/png;base64," + images.pop(0)
            parts.append({"type": "image_url", "image_url": {"url": url, "detail": "auto"}})
    parts += [{"type": "image_url", "image_url": {"url": "data:image/png;base64," + i}} for i in images]
    messages.append({"role": "user", "content": parts})
    return messages


async def play_episode(game: Any, agent: Any, llm: ChatClient, max_steps: int = 1000) -> EpisodeOutcome:
    """Plays until the game says the episode is finished or ``max_steps`` decisions were made.

    ``game`` and ``agent`` are connected ``mcp.Client``s; start the episode on the game server
    first (``reset`` with a seed) for a reproducible one, else ``load-obs`` starts one unseeded.
    """
    outcome = EpisodeOutcome()
    listed = await agent.call_tool("list-agent-module-type", {})
    modules = list((listed.structured_content or {}).get("result") or [b.text for b in listed.content])
    for _ in range(max_steps):
        obs = await call_json(game, "load-obs")
        await call_json(
            agent,
            "add-observation-to-memory",
            {
                "obs_str": obs["obs_str"],
                "obs_image_str": obs.get("obs_image_str", ""),
                "game_info": obs.get("game_info") or {},
                "info": obs.get("info") or {},
            },
        )
        action = ""
        for module in modules:
            prompts = await call_json(
                agent, "get-agent-module-prompts", {"module_type": module, "game_info": obs.get("game_info") or {}}
            )
            if not prompts.get("call_chat_completion"):
                continue
            answer = await llm.acomplete(_messages(prompts))
            outcome.llm_calls += 1
            parsed = await call_json(agent, "send-agent-module-response", {"response": answer.text})
            if "actions" in parsed.get("parsed_output", {}) and module == modules[-1]:
                action = str(parsed["parsed_output"]["actions"])
        result = await call_json(game, "dispatch-final-action", {"action_str": action})
        outcome.actions.append(action)
        outcome.steps += 1
        outcome.score = float(result["score"])
        if result["is_finished"]:
            outcome.finished = True
            break
    return outcome
