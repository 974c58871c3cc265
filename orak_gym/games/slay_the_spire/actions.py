"""Orak's Slay the Spire grammar: ``PLAY i [t]``, ``END``, ``CHOOSE i|name``, ``SKIP``, one per line.

Indices are 1-based as the state text shows them (cards, monsters, choices, potion slots); the
env translates them into CommunicationMod's commands (monster, choice and potion indices there
are 0-based).  As in Orak, a ``PLAY`` line names the card that is at that index *when the action
is read*, so ``PLAY 2 1`` then ``PLAY 4`` plays the cards that were 2nd and 4th in the hand.

Validation happens twice: the parser checks the grammar and the indices against the current
state; the env checks each line again just before it runs (energy spent, a target died, the
turn ended).  The first invalid line stops the rest, and its reason is in ``info``; Orak instead
turns the whole action into a no-op without saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section
from orak_gym.games.slay_the_spire.state import SpireState

MAX_LINES = 40  # one decision never runs more lines than this
_LIST_MARK = re.compile(r"^(?:[-*•>]+|\d+[.)])\s+")
_PLAY = re.compile(r"^PLAY\s+(\d{1,4})(?:\s+(\d{1,4}))?$")
_POTION = re.compile(r"^POTION\s+(USE|DISCARD)\s+(\d{1,4})(?:\s+(\d{1,4}))?$")
_CHOOSE = re.compile(r"^CHOOSE\s+(.+)$")
_WORDS = {
    "END": "END",
    "SKIP": "SKIP",
    "PROCEED": "PROCEED",
    "CONFIRM": "PROCEED",
    "RETURN": "RETURN",
    "LEAVE": "RETURN",
    "CANCEL": "RETURN",
}


@dataclass(frozen=True)
class Line:
    """One understood line.  ``verb`` is PLAY/END/CHOOSE/SKIP/PROCEED/RETURN/POTION."""

    verb: str
    index: int | None = None  # 1-based card/choice/potion slot
    target: int | None = None  # 1-based monster
    name: str = ""  # CHOOSE by name
    use: bool = True  # POTION USE (True) or DISCARD
    card_uuid: str = ""  # the card PLAY named when the action was read


class SpireCommand(str):
    """A native action from text: the line (as a string, JSON-safe in ``info``), and the screen and
    turn it was written for, so the env can tell when it no longer applies (the turn or the screen
    it was meant for is over) and stop the decision there (``info["decision_stopped"]``)."""

    line: Line
    kind: str
    turn: int | None

    def __new__(cls, text: str, line: Line, kind: str = "", turn: int | None = None) -> SpireCommand:
        obj = super().__new__(cls, text)
        obj.line = line
        obj.kind = kind
        obj.turn = turn
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (str, (str(self),))


def clean_line(raw: str) -> str:
    """Drops list markers, backticks and stray punctuation; upper-cases the command word."""
    line = raw.strip().strip("`").strip()
    line = _LIST_MARK.sub("", line).strip().strip("`").rstrip(".;,").strip()
    return re.sub(r"\s+", " ", line)


def read_line(text: str) -> Line | str:
    """One line of the grammar, or the reason it is not one."""
    upper = text.upper()
    if upper in _WORDS:
        return Line(_WORDS[upper])
    match = _PLAY.match(upper)
    if match:
        return Line("PLAY", int(match.group(1)), int(match.group(2)) if match.group(2) else None)
    match = _POTION.match(upper)
    if match:
        target = int(match.group(3)) if match.group(3) else None
        return Line("POTION", int(match.group(2)), target, use=match.group(1) == "USE")
    match = _CHOOSE.match(text) or _CHOOSE.match(upper)
    if match and upper.startswith("CHOOSE"):
        arg = text[len("CHOOSE") :].strip()
        if arg.isdigit():
            return Line("CHOOSE", int(arg[:6]))
        return Line("CHOOSE", name=arg[:200])
    word = upper.split(" ", 1)[0][:20] if upper else ""
    if word in ("PLAY", "POTION", "CHOOSE"):
        return f"malformed {word} (expected e.g. 'PLAY 2 1', 'CHOOSE 1', 'POTION USE 1 2')"
    return "not a command (expected PLAY i [t], END, CHOOSE i|name, SKIP, PROCEED, RETURN or POTION USE|DISCARD s [t])"


def check_line(line: Line, state: SpireState) -> str | None:
    """Why ``line`` cannot run in ``state`` (None when it can).  Indices are 1-based."""
    if line.verb == "PLAY":
        if not state.can("play"):
            return "no card can be played now"
        hand = state.hand
        if line.card_uuid:
            found = [i for i, c in enumerate(hand) if c.get("uuid") == line.card_uuid]
            if not found:
                return "that card is no longer in the hand"
            card = hand[found[0]]
        else:
            if not 1 <= (line.index or 0) <= len(hand):
                return f"card index {line.index} is out of range (hand has {len(hand)} cards)"
            card = hand[line.index - 1]
        if not card.get("is_playable", True):
            return f"{card.get('name')} cannot be played now (cost {card.get('cost')}, energy {_energy(state)})"
        if card.get("has_target"):
            alive = state.alive_monsters()
            if line.target is None and len(alive) != 1:
                return f"{card.get('name')} needs a target: PLAY <card_index> <target_index>"
            if line.target is not None and (line.target - 1) not in alive:
                return f"target {line.target} is not a living monster (targets: {[i + 1 for i in alive]})"
        return None
    if line.verb == "END":
        return None if state.can("end") else "END is only possible on your turn in combat"
    if line.verb == "CHOOSE":
        if not state.can("choose") or not state.choices:
            return "there is nothing to choose on this screen"
        if line.index is not None and not 1 <= line.index <= len(state.choices):
            return f"choice {line.index} is out of range (1-{len(state.choices)})"
        if line.index is None and _choice_by_name(state, line.name) is None:
            return f"no choice named {line.name!r} (choices: {', '.join(state.choices)})"
        return None
    if line.verb == "SKIP":
        if state.screen_type == "CARD_REWARD" and (state.screen.get("bowl_available") or state.cancel_word()):
            return None
        return None if state.cancel_word() else "there is nothing to skip here"
    if line.verb == "PROCEED":
        return None if state.confirm_word() else "there is no proceed/confirm button now"
    if line.verb == "RETURN":
        return None if state.cancel_word() else "there is no return/leave/cancel button now"
    if line.verb == "POTION":
        potions = state.game.get("potions") or []
        if not state.can("potion") or not 1 <= (line.index or 0) <= len(potions):
            return f"no potion in slot {line.index}"
        potion = potions[line.index - 1]
        if not potion.get("can_use" if line.use else "can_discard"):
            return f"the potion in slot {line.index} cannot be {'used' if line.use else 'discarded'} now"
        needs_target = line.use and potion.get("requires_target")
        if needs_target and (line.target is None or (line.target - 1) not in state.alive_monsters()):
            return f"{potion.get('name')} needs a living target: POTION USE {line.index} <target_index>"
        return None
    return f"unknown verb {line.verb}"


def to_mod_command(line: Line, state: SpireState) -> str:
    """The CommunicationMod command for a line already checked against ``state``."""
    if line.verb == "PLAY":
        hand = state.hand
        index = next((i for i, c in enumerate(hand) if line.card_uuid and c.get("uuid") == line.card_uuid), None)
        index = (line.index or 1) - 1 if index is None else index
        card = hand[index]
        if not card.get("has_target"):
            return f"PLAY {index + 1}"
        target = line.target - 1 if line.target is not None else state.alive_monsters()[0]
        return f"PLAY {index + 1} {target}"
    if line.verb == "CHOOSE":
        index = line.index - 1 if line.index is not None else _choice_by_name(state, line.name)
        return f"CHOOSE {index}"
    if line.verb == "SKIP":
        if state.screen_type == "CARD_REWARD" and state.screen.get("bowl_available") and "bowl" in state.choices:
            return f"CHOOSE {state.choices.index('bowl')}"
        return (state.cancel_word() or "skip").upper()
    if line.verb == "RETURN":
        return (state.cancel_word() or "return").upper()
    if line.verb == "PROCEED":
        return (state.confirm_word() or "proceed").upper()
    if line.verb == "POTION":
        base = f"POTION {'USE' if line.use else 'DISCARD'} {(line.index or 1) - 1}"
        return f"{base} {line.target - 1}" if line.use and line.target is not None else base
    return line.verb


def _choice_by_name(state: SpireState, name: str) -> int | None:
    wanted = name.strip().lower()
    for i, choice in enumerate(state.choices):
        if choice.lower() == wanted:
            return i
    return None


def _energy(state: SpireState) -> Any:
    return (state.combat.get("player") or {}).get("energy", "?")


class SpireParser(ActionParser):
    """Reads Orak's newline-separated commands against the state the player was shown.

    - Text under a ``### Actions`` header is used when there is one, else the whole text.
    - List markers, backticks and case are forgiven; blank lines are skipped.
    - The first line that is not in the grammar, or cannot run in the current state, stops it
      and every line after it; the lines before it still run (``valid=False``, reason in feedback).
    - Text with no command at all does nothing this decision (``valid=False``).
    """

    default_action_text = "END"

    def _parse(self, text: str, state: SpireState | None) -> ParsedAction:
        body = actions_section(text)
        body = text if body is None else body
        decision = ParsedAction(actions=[], valid=True)
        kind = state.kind if state is not None else ""
        turn = state.combat.get("turn") if state is not None else None
        lines = [clean_line(raw) for raw in body.replace("\r", "\n").split("\n")]
        lines = [line for line in lines if line]
        understood: list[str] = []
        for number, text_line in enumerate(lines[:MAX_LINES], 1):
            line = read_line(text_line)
            if isinstance(line, Line) and state is not None and line.verb == "PLAY" and not understood:
                reason = check_line(line, state)
                line = _with_card(line, state) if reason is None else reason
            elif isinstance(line, Line) and state is not None and line.verb == "PLAY":
                if 1 <= (line.index or 0) <= len(state.hand):
                    line = _with_card(line, state)
                else:
                    line = f"card index {line.index} is out of range (hand has {len(state.hand)} cards)"
            elif isinstance(line, Line) and state is not None and not understood:
                reason = check_line(line, state)
                line = reason if reason is not None else line
            if isinstance(line, str):
                decision.valid = False
                shown = text_line if len(text_line) <= 60 else text_line[:57] + "..."
                rest = len(lines) - number
                decision.feedback = _summary(understood) + (
                    f"; line {number} {shown!r} is invalid: {line}"
                    + (f"; skipped {rest} line(s) after it" if rest > 0 else "")
                )
                return decision
            understood.append(text_line.upper() if line.verb != "CHOOSE" or line.index else f"CHOOSE {line.name}")
            decision.actions.append(SpireCommand(line_text(line), line, kind, turn))
        if not decision.actions:
            decision.valid = False
            decision.feedback = (
                "no command found; expected e.g. 'PLAY 1 1', 'END', 'CHOOSE 2' or 'SKIP'; nothing was done"
            )
            return decision
        decision.feedback = _summary(understood)
        if len(lines) > MAX_LINES:
            decision.feedback += f" (only the first {MAX_LINES} lines are read)"
        return decision


def _with_card(line: Line, state: SpireState) -> Line:
    card = state.hand[(line.index or 1) - 1]
    return Line("PLAY", line.index, line.target, card_uuid=str(card.get("uuid") or ""))


def line_text(line: Line) -> str:
    if line.verb == "PLAY":
        return f"PLAY {line.index}" + (f" {line.target}" if line.target is not None else "")
    if line.verb == "CHOOSE":
        return f"CHOOSE {line.index}" if line.index is not None else f"CHOOSE {line.name}"
    if line.verb == "POTION":
        return f"POTION {'USE' if line.use else 'DISCARD'} {line.index}" + (
            f" {line.target}" if line.target is not None else ""
        )
    return line.verb


def _summary(understood: list[str]) -> str:
    return "commands: " + (", ".join(understood) if understood else "(none)")
