"""2048 action text: one direction.

Grammar shown to the LLM: ``up``, ``down``, ``left`` or ``right`` under ``### Actions``.
Accepted as well: any case, markdown around the word, arrow words (``ArrowUp``, ``up arrow``),
arrow symbols (↑ ↓ ← →) and a lone ``w``/``a``/``s``/``d``.  The first direction in the
``### Actions`` section wins; with no direction there (or no section), the first direction
anywhere in the text.  Anything else is the documented default: no move, which counts as a
no-change move toward the episode's no-change limit, as in Orak.
"""

from __future__ import annotations

import re
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section
from orak_gym.games.twenty48.engine import DIRECTIONS, NOOP

_WORDS = {name: i for i, name in enumerate(DIRECTIONS)}
_SYMBOLS = {"↑": 0, "↓": 1, "←": 2, "→": 3}
_KEYS = {"w": 0, "s": 1, "a": 2, "d": 3}
_DIRECTION_RE = re.compile(
    r"arrow[\s_-]*(?P<arrow>up|down|left|right)(?![a-z])"
    r"|(?<![a-z])(?P<word>up|down|left|right)(?![a-z])"
    r"|(?P<symbol>[↑↓←→])",
    re.IGNORECASE,
)
_LONE_KEY_RE = re.compile(r"^[\s`*_\"'\[\](){}.:>-]*([wasd])[\s`*_\"'\[\](){}.!:-]*$", re.IGNORECASE)


class Twenty48Parser(ActionParser):
    default_action_text = "up"

    def _parse(self, text: str, state: Any) -> ParsedAction:
        section = actions_section(text)
        for where, body in (("### Actions", section), ("the text", text)):
            if body is None:
                continue
            key = _LONE_KEY_RE.match(body)
            if key:
                direction = _KEYS[key.group(1).lower()]
                return ParsedAction([direction], True, f"key {key.group(1)!r} -> {DIRECTIONS[direction]}")
            match = _DIRECTION_RE.search(body)
            if match:
                if match.group("symbol"):
                    direction = _SYMBOLS[match.group("symbol")]
                else:
                    direction = _WORDS[(match.group("arrow") or match.group("word")).lower()]
                return ParsedAction([direction], True, f"{DIRECTIONS[direction]} (from {where})")
        return self.fallback("no direction (up/down/left/right) found in the action text")

    def fallback(self, reason: str) -> ParsedAction:
        return ParsedAction([NOOP], False, f"{reason}; no move was made")
