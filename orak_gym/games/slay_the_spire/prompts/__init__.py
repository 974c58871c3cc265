"""Prompt material for Slay the Spire (data files next to this module)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def rules_text() -> str:
    """The rules an agent's system prompt shows (Orak's shared game-rules snippet, expanded)."""
    return resources.files(__package__).joinpath("rules.md").read_text(encoding="utf-8")
