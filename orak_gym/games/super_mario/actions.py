"""Super Mario actions: Orak's ``Jump Level: n`` macro for text, SIMPLE_MOVEMENT for RL.

Text grammar (case-insensitive, the last match wins, the ``### Actions`` section is searched
first when present): ``Jump Level: n``, ``Jump Level n``, ``jump n``, ``level n`` with n in 0..6,
or a bare digit alone on a line under ``### Actions``.

Fallback (Orak's behaviour): text without a valid level repeats the previous jump level (0 at
the start of an episode); ``valid`` is False and the feedback says which level was used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section

MAX_JUMP_LEVEL = 6

#: The standard discrete action set of NES Mario RL (gym-super-mario-bros' SIMPLE_MOVEMENT).
SIMPLE_MOVEMENT: tuple[tuple[str, ...], ...] = (
    (),
    ("RIGHT",),
    ("RIGHT", "A"),
    ("RIGHT", "B"),
    ("RIGHT", "A", "B"),
    ("A",),
    ("LEFT",),
)

_JUMP_RE = re.compile(r"(?:jump\s*(?:level)?|level)\s*[:=#-]?\s*\**\s*(-?\d+)", re.IGNORECASE)
_BARE_DIGIT_RE = re.compile(r"^\s*\**\s*(-?\d+)\s*\**\s*$", re.MULTILINE)


@dataclass(frozen=True)
class JumpLevel:
    """Orak's macro: level 0 is one step right; level n is n steps of right+A, then right until landed."""

    level: int

    def __post_init__(self) -> None:
        if not 0 <= self.level <= MAX_JUMP_LEVEL:
            raise ValueError(f"jump level must be 0..{MAX_JUMP_LEVEL}, got {self.level}")

    def __repr__(self) -> str:
        return f"Jump Level: {self.level}"


class JumpLevelParser(ActionParser):
    """Text -> one :class:`JumpLevel` (see the module docstring for grammar and fallback).

    ``previous_level`` is the level last executed; the env updates it and resets it to 0.
    """

    default_action_text = "Jump Level: 0"

    def __init__(self) -> None:
        self.previous_level = 0

    def _parse(self, text: str, state: Any) -> ParsedAction:
        section = actions_section(text)
        for body in (section, text) if section is not None else (text,):
            numbers = _JUMP_RE.findall(body)
            if not numbers and body is section:
                numbers = _BARE_DIGIT_RE.findall(body)
            if numbers:
                level = int(numbers[-1])
                if 0 <= level <= MAX_JUMP_LEVEL:
                    return ParsedAction([JumpLevel(level)], True, f"Jump Level: {level}")
                return self.fallback(f"jump level {level} is out of range 0..{MAX_JUMP_LEVEL}")
        return self.fallback("no 'Jump Level: n' (n = 0..6) found")

    def fallback(self, reason: str) -> ParsedAction:
        level = self.previous_level
        return ParsedAction([JumpLevel(level)], False, f"{reason}; repeating the previous jump level ({level})")
