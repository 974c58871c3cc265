"""LLM text -> a JavaScript program for the sandbox.

Orak's format: a ```javascript code block under ``### Actions`` holding one or more functions; the
last ``async function name(bot)`` is the entry point. This parser only extracts the program; syntax is
checked by the sandbox, whose errors come back in the next observation.
"""

from __future__ import annotations

import re
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section

_BLOCK_RE = re.compile(r"```[ \t]*(?:javascript|js|JavaScript|JS)?[ \t]*\n(.*?)```", re.DOTALL)
_FUNC_RE = re.compile(r"\basync\s+function\s+\w+\s*\(")


class MinecraftParser(ActionParser):
    """Extracts the program: the code block under ``### Actions``, else the last code block in the
    text, else the text itself when it declares an ``async function``.

    Fallback: text with no program is invalid and runs nothing (the bot stays idle for that
    decision); ``feedback`` says so. The native action is the program source (a ``str``).
    """

    default_action_text = "### Actions\n```javascript\nasync function idle(bot) {\n  bot.chat('waiting');\n}\n```"

    def _parse(self, text: str, state: Any) -> ParsedAction:
        section = actions_section(text)
        for scope in (section, text):
            if not scope:
                continue
            blocks = [b for b in _BLOCK_RE.findall(scope) if b.strip()]
            if blocks:
                with_fn = [b for b in blocks if _FUNC_RE.search(b)]
                code = (with_fn or blocks)[-1]
                return ParsedAction([code.strip()], True, "program extracted from the code block")
        if _FUNC_RE.search(text):
            return ParsedAction([text.strip()], True, "program taken from the raw text (no code block)")
        return self.fallback(
            "no JavaScript program found: answer with a ```javascript code block under ### Actions"
            " holding an async function(bot)"
        )
