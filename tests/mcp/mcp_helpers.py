"""Shared by the MCP tests: local reference play, SDK clients for stdio and HTTP servers."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import gymnasium as gym
from mcp import Client, StdioServerParameters

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.core import to_jsonable
from orak_gym.mcp.launch import server_command
from orak_gym.mcp.play import call_json

SUPPORT = Path(__file__).resolve().parent
#: Lets a server process import ``dying_game`` (``--env dying_game:orak-test/Dying-v0``).
CHILD_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SUPPORT), os.environ.get("PYTHONPATH", "")])}

#: Moves, Orak-formatted answers and hostile text, played in turn.
ACTIONS_2048 = (
    "left",
    "down",
    "### Reasoning\nkeep the corner\n### Actions\nright",
    "up",
    "'; DROP TABLE games; -- \x00\x1b[31m" + "💥" * 50,
    "{{ 7*7 }} ${jndi:ldap://x} " + "A" * 5000,
)


def stdio_params(*args: str) -> StdioServerParameters:
    command = server_command(*args)
    return StdioServerParameters(command=command[0], args=command[1:], env=CHILD_ENV)


@contextlib.asynccontextmanager
async def connect(target: Any, **kwargs: Any) -> AsyncIterator[Any]:
    async with Client(target, **kwargs) as client:
        yield client


def local_episode(env_id: str, seed: int, actions: Sequence[str], max_steps: int = 10_000) -> list[dict[str, Any]]:
    """The reference: ``gym.make(env_id)`` played in this process, one record per step."""
    env = gym.make(env_id)
    obs, info = env.reset(seed=seed)
    records = [{"observation": obs, "score": info["score"], "state": info["state"]}]
    for i in range(max_steps):
        obs, reward, terminated, truncated, info = env.step(actions[i % len(actions)])
        records.append(_record(obs, reward, terminated, truncated, info))
        if terminated or truncated:
            break
    env.close()
    return records


async def remote_episode(client: Any, seed: int, actions: Sequence[str], max_steps: int = 10_000) -> list[dict]:
    """The same episode through the game server's ``reset``/``step`` tools."""
    first = await call_json(client, "reset", {"seed": seed, "full_info": True})
    records = [{"observation": first["observation"], "score": first["score"], "state": first["info"]["state"]}]
    for i in range(max_steps):
        payload = await call_json(client, "step", {"action": actions[i % len(actions)], "full_info": True})
        info = payload["info"]
        records.append(
            _record(payload["observation"], payload["reward"], payload["terminated"], payload["truncated"], info)
        )
        assert payload["score"] == info["score"] and payload["action_valid"] == info["action_valid"]
        assert payload["feedback"] == info["action_feedback"]
        if payload["terminated"] or payload["truncated"]:
            break
    return records


def _record(obs: Any, reward: float, terminated: bool, truncated: bool, info: dict[str, Any]) -> dict[str, Any]:
    return {
        "observation": obs,
        "reward": float(reward),
        "terminated": terminated,
        "truncated": truncated,
        "score": info["score"],
        "raw_score": info["raw_score"],
        "action_valid": info["action_valid"],
        "action_feedback": info["action_feedback"],
        "native_actions": list(info["native_actions"]),
        "state": to_jsonable(info["state"]),
    }


def pid_alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            return "\nState:\tZ" not in fh.read()
    except FileNotFoundError:
        return False


def running_backends() -> set[int]:
    """Running processes of the test game's backend (found by the marker in their command line)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    if b"orak-mcp-test-backend" in fh.read() and pid_alive(int(entry)):
                        found.add(int(entry))
            except OSError:
                continue
    return found
