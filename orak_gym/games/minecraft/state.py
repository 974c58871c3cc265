"""The Minecraft observation: Voyager's status text (what Orak's prompts show), plus errors and chat.

Everything in it may come from a hostile program (its errors, its console lines, its chat, the
bot's view of the world), so every string is made valid UTF-8 (lone surrogates become U+FFFD) and
cut to a documented size, and every list to a documented length, before it is stored. In the text,
nothing a program wrote can pass for one of the env's own lines (``Inventory ...``, ``Task done: yes``):
its code is indented below its heading, its errors, chat and console lines are quoted one per line
(newlines and every other line break escaped), and names are kept to one line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from orak_gym.core.state import GameState, to_jsonable

#: Documented caps (characters / entries) on what a program can put into an observation.
MAX_CODE_ECHO = 4_000  # the last program, echoed back
MAX_ERROR = 2_000  # one error message
MAX_ERRORS = 4
MAX_LINE = 500  # one console or chat line
MAX_LINES = 200  # console lines, and chat messages, per decision
MAX_NAME = 64  # block, entity, item, biome names
MAX_NAMES = 128  # nearby blocks / entities, inventory and chest entries
MAX_OBSERVATION = 262_144  # the text observation, whatever it holds

_SURROGATE = re.compile("[\ud800-\udfff]")
NO_CODE = "No code in the first round"
_INDENT = "    "  # the program's code, one line below its heading each: no env line starts with a space


def one_line(text: str) -> str:
    """``text`` with every character that is not printable (line breaks of any kind included) escaped."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) > 0xFF else f"\\x{ord(c):02x}" for c in text)


def quoted(text: str) -> str:
    """``text`` as one quoted line (JSON string syntax, non-printable characters escaped)."""
    return one_line(json.dumps(text, ensure_ascii=False))


def _quoted_section(heading: str, lines: list[str], empty: str = "None") -> str:
    if not lines:
        return f"{heading}: {empty}"
    return "\n".join([f"{heading}:"] + [f"  {quoted(line)}" for line in lines])


def clean_text(value: Any, limit: int) -> str:
    """``value`` as valid UTF-8 text of at most ``limit`` characters (a marker says what was cut)."""
    text = value if isinstance(value, str) else str(value)
    text = _SURROGATE.sub("\ufffd", text)
    if len(text) > limit:
        cut = f" ... [{len(text) - limit} more characters]"
        text = text[: max(0, limit - len(cut))] + cut
    return text


def clean_lines(values: Any, count: int = MAX_LINES, limit: int = MAX_LINE) -> list[str]:
    items = values if isinstance(values, list) else [values] if values else []
    return [clean_text(v, limit) for v in items[:count]]


def clean_json(value: Any, depth: int = 0) -> Any:
    """A JSON value from the runner, with valid, bounded strings and bounded lists and dicts."""
    if isinstance(value, str):
        return clean_text(value, MAX_LINE)
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if depth > 6:
        return None
    if isinstance(value, list):
        return [clean_json(v, depth + 1) for v in value[:MAX_NAMES]]
    if isinstance(value, dict):
        return {clean_text(k, MAX_NAME): clean_json(v, depth + 1) for k, v in list(value.items())[:MAX_NAMES]}
    return clean_text(value, MAX_LINE)


@dataclass
class MinecraftState(GameState):
    task: str
    goal: str
    biome: str = "plains"
    time: str = "day"
    nearby_blocks: list[str] = field(default_factory=list)
    nearby_entities: dict[str, float] = field(default_factory=dict)
    health: float = 20.0
    hunger: float = 20.0
    position: dict[str, float] = field(default_factory=dict)
    equipment: list[str | None] = field(default_factory=list)
    inventory: dict[str, int] = field(default_factory=dict)
    chests: dict[str, dict[str, int]] = field(default_factory=dict)
    last_code: str = ""
    errors: list[str] = field(default_factory=list)
    chat: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    success: bool = False
    decisions: int = 0
    #: Top-down block map around the bot (names, grid, heights, entities) for the image modality.
    top_down: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_text(self) -> str:
        pos = self.position
        ents = ", ".join(one_line(k) for k in sorted(self.nearby_entities, key=lambda k: self.nearby_entities[k]))
        inv = self.inventory or {}
        chests = "".join(f"\n  {one_line(k)}: {one_line(str(v)) if v else 'Empty'}" for k, v in self.chests.items())
        code = self.last_code.strip()
        code_lines = [_INDENT + one_line(line.expandtabs(4)) for line in code.splitlines()]
        lines = [
            "\n".join(["Code from the last round:", *code_lines]) if code else f"Code from the last round: {NO_CODE}",
            _quoted_section("Execution error", self.errors, empty="No error"),
            _quoted_section("Chat log", self.chat),
            _quoted_section("Program output (console.log)", self.output),
            f"Biome: {one_line(self.biome)}",
            f"Time: {one_line(self.time)}",
            f"Nearby blocks: {', '.join(one_line(b) for b in self.nearby_blocks) or 'None'}",
            f"Nearby entities (nearest to farthest): {ents or 'None'}",
            f"Health: {float(self.health):.1f}/20",
            f"Hunger: {float(self.hunger):.1f}/20",
            f"Position: x={pos.get('x', 0):.1f}, y={pos.get('y', 0):.1f}, z={pos.get('z', 0):.1f}",
            f"Equipment: {one_line(str(self.equipment))}",
            f"Inventory ({sum(1 for _ in inv)}/36): {one_line(str(inv)) if inv else 'Empty'}",
            f"Chests:{chests}" if chests else "Chests: None",
            f"Task: {self.goal}",
            f"Task done: {'yes' if self.success else 'no'} (decision {self.decisions})",
        ]
        return clean_text("\n".join(lines), MAX_OBSERVATION)

    def to_dict(self) -> dict[str, Any]:
        d = {k: to_jsonable(v) for k, v in self.__dict__.items() if k != "top_down"}
        return d
