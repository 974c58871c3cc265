"""Prompt material for Super Mario (data files next to this module, filled with a few variables)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

VALID_ACTIONS = [f"Jump Level: {n}" for n in range(7)]


@cache
def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def prompt_context(level: str, previous_level: int) -> dict[str, Any]:
    """Variables the agent prompts use: rules (Orak's action system prompt), actions, task."""
    return {
        "rules": _read("rules.md"),
        "valid_actions": list(VALID_ACTIONS),
        "action_format": "### Actions\nExplain: <why>\nJump Level: <n>",
        "default_action": f"Jump Level: {previous_level}",
        "task": f"Reach the flag at the end of World {level} without losing your life.",
    }
