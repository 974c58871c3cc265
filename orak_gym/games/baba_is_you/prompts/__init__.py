"""Prompt material for Baba Is You (data files next to this module)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def rules_text() -> str:
    """The game rules and mechanics an agent's system prompt shows (Orak's action system prompt, expanded)."""
    return resources.files(__package__).joinpath("rules.md").read_text(encoding="utf-8")
