"""The seam between the env and whatever runs Baba Is You.

The env talks to a :class:`BabaBackend`; today that is the embedded :class:`BabaEngine`.  A later
backend driving the real Steam game through Orak's Lua state-dump mod only has to provide the same
few members (read the board after each key press, report rules and the end of the level).
"""

from __future__ import annotations

from typing import Protocol

from orak_gym.games.baba_is_you.engine import BabaEngine
from orak_gym.games.baba_is_you.level import Level
from orak_gym.games.baba_is_you.rules import RuleSet

BACKENDS = ("embedded",)


class BabaBackend(Protocol):
    """What the env needs from a running level."""

    level: Level
    width: int
    height: int
    won: bool
    lost: bool
    moves: int
    rules: RuleSet
    #: ``planes[kind * width * height + y * width + x]``: 1 where a thing of the kind stands (the native
    #: observation), 0 elsewhere
    planes: bytearray | memoryview
    #: ``where[kind]``: the cells of the things of a kind, a cell once per thing standing there
    where: list[list[int]]

    def step(self, action: int) -> bool: ...

    def things(self) -> list[tuple[int, int, int]]: ...


def make_backend(name: str, level: Level) -> BabaBackend:
    """Starts ``level`` on the named backend; raises ``ValueError`` for an unknown one."""
    if name == "embedded":
        return BabaEngine(level)
    if name in ("steam", "real", "game"):
        raise ValueError(
            "the real Baba Is You game is not supported yet (it needs the Steam game and Orak's Lua mod on "
            "Windows/macOS); use backend='embedded'"
        )
    raise ValueError(f"unknown Baba Is You backend {name!r}; choose one of {BACKENDS}")
