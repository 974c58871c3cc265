"""Orak's 72 Protoss macro actions (the table in ``actions.json``) and the LLM's action text.

Grammar (Orak's): numbered lines under ``### Actions``, ``1: <BUILD PYLON>``, ``2: <TRAIN PROBE>`` ...; the
angle brackets are optional, case does not matter; a text that is nothing but one action name is that
action.  The first ``num_actions`` (5) names that are in the
table are kept, padded with EMPTY ACTION, then interleaved with EMPTY ACTION over ``query_interval`` (10)
bot steps: ``[a1, EMPTY, a2, EMPTY, ...]``.  Lines naming no action are skipped and reported; text with
no action at all is Orak's default, ten EMPTY ACTIONs, and invalid.

The parser reads each line once (a ``str.splitlines`` pass and a bounded-length match per line), so its
time is linear in the text's length.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section

NUM_ACTIONS = 5
QUERY_INTERVAL = 10
#: A numbered action line: ``<n>: <NAME>`` (Orak's pattern, with the name's length bounded).
_LINE_RE = re.compile(r"(?<!\d)\d{1,6}\s*[:.)][\s*`_]*<?[\s*`_]*([A-Za-z][A-Za-z0-9 \-]{0,60}?)\s*(?:>|[*`]*\s*$)")
_LONGEST_LINE = 400  # a line longer than this names no action (and is never matched against)


@dataclass(frozen=True)
class MacroAction:
    """One row of the table: Orak's id and name, its category, and what the executor needs to carry it out."""

    id: int
    name: str
    category: str
    kind: str  # train, morph, build, research, scout, attack, retreat, chronoboost, empty
    target: str = ""  # UnitTypeId or UpgradeId name
    producer: str = ""  # UnitTypeId name of the unit that makes or does it
    requires: tuple[str, ...] = ()  # UnitTypeId names that must be ready first
    requires_upgrade: str = ""


@lru_cache(maxsize=1)
def table() -> tuple[MacroAction, ...]:
    """The 72 actions in Orak's order (index = id)."""
    text = resources.files(__package__).joinpath("actions.json").read_text(encoding="utf-8")
    rows = json.loads(text)["actions"]
    actions = tuple(
        MacroAction(
            id=row["id"],
            name=row["name"],
            category=row["category"],
            kind=row["kind"],
            target=row.get("target", ""),
            producer=row.get("producer", ""),
            requires=tuple(row.get("requires", ())),
            requires_upgrade=row.get("requires_upgrade") or "",
        )
        for row in rows
    )
    assert [a.id for a in actions] == list(range(len(actions))), "actions.json ids must be 0..n-1 in order"
    return actions


@lru_cache(maxsize=1)
def by_name() -> dict[str, MacroAction]:
    return {action.name: action for action in table()}


def empty_id() -> int:
    return by_name()["EMPTY ACTION"].id


def action_dict() -> dict[str, int]:
    """Orak's ``action_dict`` (name -> id), what its prompts show as the action dictionary."""
    return {action.name: action.id for action in table()}


def categories() -> dict[str, dict[int, str]]:
    """The table grouped as Orak's prompts show it: category -> {id: name}."""
    grouped: dict[str, dict[int, str]] = {}
    for action in table():
        grouped.setdefault(action.category, {})[action.id] = action.name
    return grouped


def interleave(names: list[str], num_actions: int = NUM_ACTIONS, interval: int = QUERY_INTERVAL) -> list[int]:
    """Orak's schedule: ``num_actions`` names (padded with EMPTY ACTION) on the even bot steps of
    ``interval``, EMPTY ACTION between them."""
    lookup = by_name()
    chosen = [lookup[n].id for n in names[:num_actions]]
    chosen += [empty_id()] * (num_actions - len(chosen))
    schedule: list[int] = []
    for step in range(interval):
        schedule.append(chosen[step // 2] if step % 2 == 0 and step // 2 < len(chosen) else empty_id())
    return schedule


class StarCraft2Parser(ActionParser):
    """Numbered macro-action lines -> the bot steps of one decision (action ids, see the module docstring)."""

    default_action_text = "1: <EMPTY ACTION>"

    def __init__(self, num_actions: int = NUM_ACTIONS, query_interval: int = QUERY_INTERVAL) -> None:
        self.num_actions = num_actions
        self.query_interval = query_interval

    def _parse(self, text: str, state: Any) -> ParsedAction:
        body = actions_section(text)
        body = text if body is None else body
        lookup = by_name()
        names: list[str] = []
        unknown: list[str] = []
        for line in body.splitlines():
            if len(line) > _LONGEST_LINE or (":" not in line and "." not in line and ")" not in line):
                continue
            match = _LINE_RE.search(line)
            if match is None:
                continue
            name = " ".join(match.group(1).upper().split())
            if name in lookup:
                names.append(name)
            elif len(unknown) < 5:
                unknown.append(name)
        if not names and body.strip().upper() in lookup:  # a bare action name (a random player's answer)
            names.append(body.strip().upper())
        if not names:
            reason = (
                f"no action of the action dictionary ({', '.join(repr(u) for u in unknown)})"
                if unknown
                else ("no numbered action line such as '1: <BUILD PYLON>'")
            )
            return self.fallback(reason)
        kept = names[: self.num_actions]
        feedback = f"actions: {', '.join(kept)}"
        if len(names) > self.num_actions:
            feedback += f" ({len(names) - self.num_actions} more ignored: {self.num_actions} per decision)"
        if unknown:
            feedback += f"; not actions, skipped: {', '.join(repr(u) for u in unknown)}"
        return ParsedAction(interleave(kept, self.num_actions, self.query_interval), True, feedback, {"actions": kept})

    def fallback(self, reason: str) -> ParsedAction:
        schedule = interleave([], self.num_actions, self.query_interval)
        return ParsedAction(schedule, False, f"{reason}; played EMPTY ACTION for this decision")
