"""Street Fighter actions: 18 discrete inputs for RL, Orak's named macros for text.

Native actions are DIAMBRA's discrete set for ``sfiii3n`` (what Orak's macros are written in): 0 no
input, 1-8 the directions (Left, Up-Left, Up, Up-Right, Right, Down-Right, Down, Down-Left), 9-17 the
attacks (LP, MP, HP, LK, MK, HK, LP+LK, MP+MK, HP+HK).  Each is held for ``frames_per_action`` frames.

Text grammar: the ``### Actions`` section (else the whole text) is read line by line; a line whose text,
without bullets, numbering, ``**`` and case, is a macro name of the character's table (``macros.json``)
is that macro; otherwise its word runs (Orak's ``[\\w ]+`` segments, so ``Low Punch+Low Kick`` can also
arrive as its two halves) are looked up one by one.  At most ``MAX_MACROS`` (2, Orak's prompt rule)
macros per decision; more are ignored and reported.  Directions follow the side: ``forward`` is towards
the opponent, given by the state the text is read against.  Fallback (Orak's): no known macro -> one
no-input step, ``valid=False``.  Everything is one pass over the text: linear in its length.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section

MAX_MACROS = 2
#: DIAMBRA's discrete actions: index -> the buttons held (absolute directions).
NATIVE_ACTIONS: tuple[tuple[str, ...], ...] = (
    (),
    ("Left",),
    ("Up", "Left"),
    ("Up",),
    ("Up", "Right"),
    ("Right",),
    ("Down", "Right"),
    ("Down",),
    ("Down", "Left"),
    ("LP",),
    ("MP",),
    ("HP",),
    ("LK",),
    ("MK",),
    ("HK",),
    ("LP", "LK"),
    ("MP", "MK"),
    ("HP", "HK"),
)
NATIVE_NAMES = ["none", *("+".join(b) for b in NATIVE_ACTIONS[1:])]
_INDEX = {frozenset(buttons): i for i, buttons in enumerate(NATIVE_ACTIONS)}
_SEGMENT_RE = re.compile(r"[\w ]+")
_DECORATION = " \t-*•#>`_.)(0123456789"


@cache
def macro_tables() -> dict[str, Any]:
    """``macros.json`` (Orak's tables, as data)."""
    return json.loads((Path(__file__).resolve().parent / "macros.json").read_text(encoding="utf-8"))


def character_macros(character: str, arena: bool = False) -> dict[str, list[str]]:
    """The macros a character can use, by Orak's display name (the prompt's ``{skill_library}`` order)."""
    tables = macro_tables()
    if character not in tables["characters"]:
        raise ValueError(f"no macro table for {character!r}; Orak has tables for {', '.join(tables['characters'])}")
    common = dict(tables["common"])
    moves = {
        **{k: common.pop(k) for k in ("Move Closer", "Move Away")},
        **tables["characters"][character],
        **(tables["arena"].get(character, {}) if arena else {}),
        **common,
    }
    return moves


def native_index(step: str, opponent_on_right: bool) -> int:
    """One macro input (``forward``, ``down-back``, ``MP``, ``LP+LK``, ``none``) -> a native action."""
    if step == "none":
        return 0
    forward, back = ("Right", "Left") if opponent_on_right else ("Left", "Right")
    buttons: list[str] = []
    for part in step.replace("+", "-").split("-"):
        buttons.append({"forward": forward, "back": back, "up": "Up", "down": "Down"}.get(part, part))
    return _INDEX[frozenset(buttons)]


def expand(steps: list[str], opponent_on_right: bool) -> list[int]:
    """A macro's inputs as native actions for the current side."""
    return [native_index(step, opponent_on_right) for step in steps]


def _clean(text: str) -> str:
    return " ".join(text.lstrip(_DECORATION).rstrip(" \t*.`_").replace("**", "").lower().split())


class MacroParser(ActionParser):
    """Text -> the native actions of at most two named macros (see the module docstring)."""

    default_action_text = "- Move Closer"

    def __init__(self, character: str = "Ken", arena: bool = False) -> None:
        self.character = character
        self.macros = character_macros(character, arena)
        self._lookup = {name.lower(): name for name in self.macros}
        for alias, target in macro_tables()["aliases"].items():
            self._lookup.setdefault(alias, target)

    @property
    def names(self) -> list[str]:
        return list(self.macros)

    def _parse(self, text: str, state: Any) -> ParsedAction:
        section = actions_section(text)
        body = text if section is None else section
        found: list[str] = []
        for line in body.splitlines():
            name = self._lookup.get(_clean(line))
            if name is not None:
                found.append(name)
            else:
                for segment in _SEGMENT_RE.findall(line):
                    name = self._lookup.get(_clean(segment))
                    if name is not None:
                        found.append(name)
            if len(found) > MAX_MACROS:
                break
        if not found:
            return self.fallback("no macro of the valid action set found")
        chosen, dropped = found[:MAX_MACROS], found[MAX_MACROS:]
        on_right = bool(getattr(state, "opponent_on_right", True))
        actions = [a for name in chosen for a in expand(self.macros[name], on_right)]
        feedback = " + ".join(chosen)
        if dropped:
            feedback += f" (at most {MAX_MACROS} macros per decision; the rest was ignored)"
        return ParsedAction(actions, True, feedback, {"macros": chosen})

    def fallback(self, reason: str) -> ParsedAction:
        return ParsedAction([0], False, f"{reason}; one step without input instead")
