"""Orak's Ace Attorney answers: the number of one listed option, nothing else.

``parse`` reads the ``### Actions`` section when there is one. As in Orak: a text that is not an integer
is, on the GENERAL screen, no choice (the env then presses Ok anyway); on the answer and evidence
screens, the first option number found in the text, else a random option (chosen by the env, from its
seeded generator: the parser stays pure). Native action: the option number, 0 for "no valid choice".
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section

NO_CHOICE = 0
MAX_OPTIONS = 32


def _as_int(text: str) -> int | None:
    body = text.strip()
    if body[:1] in "+-":
        sign, body = body[0], body[1:]
    else:
        sign = ""
    if body and len(body) <= 6 and body.isascii() and body.isdigit():
        return int(sign + body)
    return None


class AceAttorneyParser(ActionParser):
    default_action_text = "1"

    def _parse(self, text: str, state: Any) -> ParsedAction:
        section = actions_section(text)
        body = section if section is not None else text
        options = list(getattr(state, "options", []) or [])
        screen = getattr(state, "screen", "GENERAL")
        number = _as_int(body)
        if number is not None and 1 <= number <= len(options):
            return ParsedAction(actions=[number], valid=True, feedback=f"{number}: {options[number - 1]}")
        if screen != "GENERAL":
            for index in range(1, len(options) + 1):  # Orak: the first option whose number appears
                if str(index) in body:
                    return ParsedAction(actions=[index], valid=False, feedback=f"read {index} in the text")
            return ParsedAction(actions=[NO_CHOICE], valid=False, feedback="no option number: a random option")
        return self.fallback(f"answer with one option number, 1 to {len(options)}: pressing Ok")

    def fallback(self, reason: str) -> ParsedAction:
        return ParsedAction(actions=[NO_CHOICE], valid=False, feedback=reason)
