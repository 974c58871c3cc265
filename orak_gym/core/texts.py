"""One cached loader for a game's text files (rules, primitives, notes shipped as package data).

Read once per process and kept: prompt contexts are built every decision, files never change.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def game_text(package: str, name: str) -> str:
    """The text of ``name`` in ``package`` (``game_text(__package__, "rules.md")``), read once."""
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")
