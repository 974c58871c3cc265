"""Orak's Darkest Dungeon action grammar: one combat command per answer.

``attack target X using skill slot Y``, ``heal target X using skill slot Y``, ``swap rank R hero
forward|backward by D``, ``swap rank R hero skip``, ``idle`` / ``skip`` / ``pass``. Read from the
``### Actions`` section when there is one; the first line that matches counts, else Orak's loose
token reading of the first line (``attack ... slot 2 ... target 3``). Numbers must lie in 1..4, as
Orak checks; an unreadable or out-of-range command does nothing (the hero's turn is not spent).

The native action is a canonical string: ``attack X Y``, ``heal X Y``, ``swap R D`` (D > 0 forward,
< 0 backward, 0 skip) or ``idle``. Linear in the text: plain token scanning, no backtracking pattern.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section

IDLE = "idle"
MAX_LINE = 200  # characters of a line that are read (a command is short)


def _number(token: str) -> int | None:
    return int(token) if token.isascii() and token.isdigit() and len(token) <= 3 else None


def _exact(words: list[str]) -> str | None:
    """The command of one line in Orak's full forms, or None."""
    if len(words) == 1 and words[0] in ("idle", "skip", "pass"):
        return IDLE
    if (
        len(words) >= 6
        and words[0] in ("attack", "heal")
        and words[1] == "target"
        and words[3:6] == ["using", "skill", "slot"]
    ):
        target, slot = _number(words[2]), _number(words[6]) if len(words) > 6 else None
        if target is not None and slot is not None:
            return f"{words[0]} {target} {slot}"
    if len(words) >= 5 and words[:2] == ["swap", "rank"] and words[3] == "hero":
        rank = _number(words[2])
        if rank is not None and words[4] == "skip":
            return f"swap {rank} 0"
        if rank is not None and len(words) >= 7 and words[4] in ("forward", "backward") and words[5] == "by":
            distance = _number(words[6])
            if distance is not None:
                return f"swap {rank} {distance if words[4] == 'forward' else -distance}"
    return None


def _loose(words: list[str]) -> str | None:
    """Orak's legacy reading of a line's tokens (``attack slot 2 target 3``, ``swap rank 2 forward 1``)."""
    kind, slot, target, rank, distance = None, None, None, None, 0
    for i, word in enumerate(words):
        following = _number(words[i + 1]) if i + 1 < len(words) else None
        if word in ("attack", "heal", "swap"):
            kind = word
        elif word in ("idle", "skip", "pass") and kind != "swap":
            kind = IDLE
        elif word == "slot":
            slot = following
        elif word == "target":
            target = following
        elif word == "rank":
            rank = following
        elif word in ("forward", "backward") and kind == "swap":
            step = following if following is not None else 1
            distance = step if word == "forward" else -step
    if kind == IDLE:
        return IDLE
    if kind in ("attack", "heal") and slot is not None and target is not None:
        return f"{kind} {target} {slot}"
    if kind == "swap" and rank is not None:
        return f"swap {rank} {distance}"
    return None


def _words(line: str) -> list[str]:
    cleaned = "".join(c if c.isalnum() else " " for c in line[:MAX_LINE].lower())
    return cleaned.split()


def read_command(text: str) -> str | None:
    """The canonical command of an answer, or None when nothing reads as one."""
    body = actions_section(text)
    body = body if body is not None else text
    lines = [line for line in body.splitlines() if line.strip()][:20]
    for line in lines:
        command = _exact(_words(line))
        if command:
            return command
    return _loose(_words(lines[0])) if lines else None


def out_of_range(command: str) -> str:
    """Why a canonical command breaks Orak's 1..4 limits, or ``""``."""
    kind, *numbers = command.split()
    if kind in ("attack", "heal"):
        target, slot = (int(n) for n in numbers)
        if not 1 <= slot <= 4:
            return f"skill slot {slot} is not 1-4"
        if not 1 <= target <= 4:
            return f"target {target} is not 1-4"
    if kind == "swap":
        rank, distance = (int(n) for n in numbers)
        if not 1 <= rank <= 4:
            return f"rank {rank} is not 1-4"
        if abs(distance) > 3:
            return f"a hero moves at most 3 ranks, not {abs(distance)}"
    return ""


class DarkestDungeonParser(ActionParser):
    default_action_text = IDLE

    def _parse(self, text: str, state: Any) -> ParsedAction:
        command = read_command(text)
        if command is None:
            return ParsedAction(
                actions=[IDLE],
                valid=False,
                feedback="write 'attack target X using skill slot Y', 'heal target X using skill slot Y', "
                "'swap rank R hero forward|backward by D', 'swap rank R hero skip' or 'idle'",
            )
        problem = out_of_range(command)
        if problem:
            return ParsedAction(actions=[IDLE], valid=False, feedback=f"{problem}: nothing done")
        why = refusal(state, command) if state is not None else ""
        if why:
            return ParsedAction(actions=[IDLE], valid=False, feedback=f"{why}: nothing done")
        return ParsedAction(actions=[command], valid=True, feedback=command)

    def fallback(self, reason: str) -> ParsedAction:
        return ParsedAction(actions=[IDLE], valid=False, feedback=reason)


def native_command(text: str) -> str | None:
    """A native action (``attack X Y``, ``heal X Y``, ``swap R D``, ``idle``) checked, or None."""
    parts = text.split() if len(text) <= MAX_LINE else []
    if parts == [IDLE]:
        return IDLE
    if len(parts) != 3 or parts[0] not in ("attack", "heal", "swap"):
        return None
    try:
        numbers = [int(p) for p in parts[1:] if p.isascii() and len(p) <= 4]
    except ValueError:
        return None
    if len(numbers) != 2:
        return None
    command = f"{parts[0]} {numbers[0]} {numbers[1]}"
    return None if out_of_range(command) else command


def refusal(state: Any, command: str | None) -> str:
    """Why ``command`` cannot be carried out in ``state`` (nothing is sent then), or ``""``.

    What the skill list shows decides: a skill marked unavailable, a target out of its ranks, a heal on an
    enemy, a swap of a hero who is not acting. The game would ignore such input, and the env would wait
    for a save that never comes.
    """
    if command is None:
        return "no command"
    if command == IDLE or state.done:
        return "" if command == IDLE else "no turn: the raid is over"
    hero = state.acting
    if hero is None:
        return "no hero is acting"
    kind, *numbers = command.split()
    if kind in ("attack", "heal"):
        target, slot = (int(n) for n in numbers)
        if slot > len(hero.skills):
            return f"no skill slot {slot}: {hero.name} has {len(hero.skills)}"
        skill = hero.skills[slot - 1]
        if not skill.available:
            return f"no use of skill slot {slot} ({skill.id}) now: it is unavailable{skill.why_not}"
        if skill.on_allies != (kind == "heal"):
            return f"no {kind}: skill slot {slot} ({skill.id}) works on {'allies' if skill.on_allies else 'enemies'}"
        count = len(state.enemies) if kind == "attack" else len(state.party)
        if target > count:
            return f"no target {target}: there are {count}"
        ranks = state.enemies[target - 1].ranks if kind == "attack" else (state.party[target - 1].rank,)
        if not skill.party_wide and not set(ranks) & set(skill.target_ranks):
            reach = list(skill.target_ranks)
            return f"no reach: skill slot {slot} ({skill.id}) hits ranks {reach}, target {target} is in {list(ranks)}"
    if kind == "swap" and int(numbers[0]) != hero.rank:
        return f"no hero of rank {numbers[0]} is acting ({hero.name} is in rank {hero.rank})"
    return ""
