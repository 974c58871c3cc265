"""Orak's Her Story action grammar: ``Search <keyword>`` or ``Play Video <i>``, anything else a no-op.

As in Orak, the keyword is the rest of the first line, cut to 30 characters, and the index counts in
the visible results. Read from the ``### Actions`` section when there is one. Linear in the text:
plain string operations, no backtracking pattern.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section

KEYWORD_MAX = 30  # Orak's keyword_max_length
SEARCH, PLAY, WAIT = "Search ", "Play Video ", "Wait"
#: The native action that does nothing (Orak's empty action type).
NOOP = ""


def canonical(text: str) -> str:
    """The native command for one answer: ``Search kw``, ``Play Video i`` or ``""`` (no-op)."""
    body = text.lstrip()
    if body.startswith(SEARCH):
        keyword = body[len(SEARCH) :].split("\n", 1)[0].strip()[:KEYWORD_MAX].strip()
        return SEARCH + keyword if keyword else NOOP
    if body.startswith(PLAY):
        digits = body[len(PLAY) :].split("\n", 1)[0].strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= 6:
            return f"{PLAY}{int(digits)}"
    return NOOP


class HerStoryParser(ActionParser):
    default_action_text = WAIT

    def _parse(self, text: str, state: Any) -> ParsedAction:
        body = actions_section(text)
        body = (body if body is not None else text).strip()
        if body == WAIT:
            return ParsedAction(actions=[NOOP], valid=True, feedback="wait (a turn that does nothing)")
        command = canonical(body)
        if command == NOOP:
            return self.fallback("write 'Search <keyword>' or 'Play Video <index>' (the index of a listed clip)")
        if command.startswith(PLAY) and state is not None:
            index = int(command[len(PLAY) :])
            if index >= len(getattr(state, "clips", ())):
                listed = len(getattr(state, "clips", ()))
                feedback = f"no clip {index} is listed ({listed} listed): nothing played"
                return ParsedAction(actions=[command], valid=False, feedback=feedback)
        return ParsedAction(actions=[command], valid=True, feedback=command)

    def fallback(self, reason: str) -> ParsedAction:
        return ParsedAction(actions=[NOOP], valid=False, feedback=reason)
