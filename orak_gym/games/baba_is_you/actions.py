"""Orak's Baba Is You action grammar: a sequence of ``direction [n]``, e.g. ``up 3 right 2``."""

from __future__ import annotations

import re
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section
from orak_gym.games.baba_is_you.vocab import ACTION_NAMES

#: Words accepted for each native action (0 idle, 1 up, 2 right, 3 down, 4 left).
WORDS: dict[str, int] = {"idle": 0, "wait": 0, "up": 1, "right": 2, "down": 3, "left": 4}
MAX_MOVES = 100  # per decision: keeps "right 99999" from running for minutes
_COMMENT = re.compile(r"\([^()]*\)")
_TOKEN = re.compile(r"[a-z]+|\d+")


class BabaParser(ActionParser):
    """Turns ``up 3 right 2 (push the rock)`` into native moves ``[1, 1, 1, 2, 2]``.

    - Text under a ``### Actions`` header is used when there is one, else the whole text.
    - Parenthesised comments are dropped; case and punctuation do not matter.
    - ``direction n`` repeats the move n times (n may be 0); ``idle``/``wait`` pass a turn.
    - Other words are ignored and listed in the feedback; at most ``MAX_MOVES`` moves run.
    - Fallback: text with no move word at all runs one ``idle`` move, ``valid=False``.
    """

    default_action_text = "idle"

    def _parse(self, text: str, state: Any) -> ParsedAction:
        body = actions_section(text)
        body = (text if body is None else body).lower()
        for _ in range(8):  # nested comments: strip innermost first
            body, count = _COMMENT.subn(" ", body)
            if not count:
                break
        tokens = _TOKEN.findall(body)
        moves: list[int] = []
        ignored: list[str] = []
        found_move_word = False
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token in WORDS:
                found_move_word = True
                count = 1
                if i + 1 < len(tokens) and tokens[i + 1].isdigit():
                    count = int(tokens[i + 1][:6])
                    i += 1
                moves.extend([WORDS[token]] * min(count, MAX_MOVES + 1))
            else:
                ignored.append(token)
            i += 1
        if not found_move_word:
            return ParsedAction(
                actions=[0],
                valid=False,
                feedback="no move found; expected e.g. 'up 3 right 2' (directions: up, down, left, right, "
                "idle); waited one turn",
            )
        notes = []
        if len(moves) > MAX_MOVES:
            moves = moves[:MAX_MOVES]
            notes.append(f"cut to the first {MAX_MOVES} moves")
        if ignored:
            shown = ", ".join(ignored[:10]) + (" ..." if len(ignored) > 10 else "")
            notes.append(f"ignored: {shown}")
        summary = moves_to_text(moves) or "(no moves)"
        feedback = f"moves: {summary}" + (f" ({'; '.join(notes)})" if notes else "")
        return ParsedAction(actions=moves, valid=True, feedback=feedback)


def moves_to_text(moves: list[int] | tuple[int, ...]) -> str:
    """Native moves back in the grammar with runs collapsed: ``[1, 1, 2]`` -> ``up 2 right``."""
    parts: list[str] = []
    i = 0
    while i < len(moves):
        j = i
        while j < len(moves) and moves[j] == moves[i]:
            j += 1
        name = ACTION_NAMES[moves[i]]
        parts.append(name if j - i == 1 else f"{name} {j - i}")
        i = j
    return " ".join(parts)
