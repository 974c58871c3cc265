"""Turning LLM text into native actions.

A parser is *total*: ``parse`` never raises, whatever the string.  Text it cannot understand
becomes the game's documented default action with ``valid=False`` and feedback that says why,
which the text-action wrapper reports in ``info``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Spaces within one line only ([^\S\n]): a ``\s*`` after ``^`` would rescan every following blank line
# from each line start, quadratic in a text of many newlines.
_SECTION_RE = re.compile(r"^[^\S\n]*#{1,6}[^\S\n]*actions?[^\S\n]*:?[^\S\n]*$", re.IGNORECASE | re.MULTILINE)
_NEXT_HEADER_RE = re.compile(r"^[^\S\n]*#{1,6}[^\S\n]*\w", re.MULTILINE)


@dataclass
class ParsedAction:
    """What a parser understood: the native actions to run in order, and whether the text was valid."""

    actions: list[Any]
    valid: bool
    feedback: str = ""
    details: dict[str, Any] = field(default_factory=dict)


#: The ``info`` key of a native step after which the rest of its decision no longer applies (the turn
#: ended, the game refused the command): ``{"reason": str, "failed": bool}``. Only the env can know;
#: the text-action wrapper, which runs the decision's actions, stops there and reports it.
DECISION_STOPPED = "decision_stopped"


class ActionParser:
    """Base class of every game's text-to-action parser.

    Subclasses implement ``_parse``; ``parse`` guards it so that a bug on odd input still yields
    the default action instead of crashing an episode. The state the text is read against (what the
    player saw) comes in as an argument: a parser never reads the env.
    """

    #: Action text that is always valid for the game; prompts show it and policies fall back to it.
    default_action_text: str = ""

    def parse(self, text: Any, state: Any = None) -> ParsedAction:
        if not isinstance(text, str):
            return self.fallback(f"expected action text (str), got {type(text).__name__}")
        try:
            return self._parse(text, state)
        except Exception as exc:  # a parser must be total; report instead of crashing the episode
            return self.fallback(f"could not parse the action text ({type(exc).__name__}: {exc})")

    def _parse(self, text: str, state: Any) -> ParsedAction:
        """``text`` read against ``state`` (the game's current state; None when there is none)."""
        raise NotImplementedError

    def fallback(self, reason: str) -> ParsedAction:
        """The documented default for text that is not a valid action."""
        return ParsedAction(actions=[], valid=False, feedback=reason)


def actions_section(text: str) -> str | None:
    """Returns the body under a ``### Actions`` header (Orak's response format), or None."""
    match = _SECTION_RE.search(text)
    if match is None:
        return None
    body = text[match.end() :]
    nxt = _NEXT_HEADER_RE.search(body)
    return body[: nxt.start()] if nxt else body
