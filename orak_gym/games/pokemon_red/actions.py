"""Pokémon Red actions: Orak's button strings and tool calls, parsed strictly (no ``eval``).

Text grammar (case-insensitive; the ``### Actions`` section is searched first when present):

- up to 5 buttons separated by ``|``: ``up|up|a`` (``up down left right a b start select none``);
- one tool call, Orak's form ``use_tool(move_to, (x_dest=5, y_dest=3))`` or the plain
  ``move_to(5, 3)`` / ``move_to(x_dest=5, y_dest=3)``; arguments are integers or names (quoted or
  not); see ``TOOLS`` for names and parameters;
- ``quit`` ends the episode (as in Orak).

Orak parses tool arguments with Python ``eval``; here a small tokenizer accepts only integer and
name literals, so model output can never run code.  Fallback: text that is neither becomes no
action at all (``valid=False``, the game keeps its state; the feedback says why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section

BUTTON_NAMES: tuple[str, ...] = ("up", "down", "left", "right", "a", "b", "start", "select")
MAX_BUTTONS = 5

#: tool name -> (parameter, kind) in order; kind is "int" or "str"; a trailing "?" marks optional.
TOOLS: dict[str, tuple[tuple[str, str], ...]] = {
    "move_to": (("x_dest", "int"), ("y_dest", "int")),
    "interact_with_object": (("object_name", "str"),),
    "continue_dialog": (),
    "warp_with_warp_point": (("x_dest", "int?"), ("y_dest", "int?")),
    "overworld_map_transition": (("direction", "str"),),
    "select_move_in_battle": (("move_name", "str"),),
    "switch_pkmn_in_battle": (("pokemon_name", "str"),),
    "use_item_in_battle": (("item_name", "str"), ("pokemon_name", "str?")),
    "run_away": (),
}
#: Optional parameters that mean something only together: a warp is one square, so both coordinates or neither.
TOGETHER: dict[str, tuple[str, ...]] = {"warp_with_warp_point": ("x_dest", "y_dest")}

# Every pattern runs in time linear in the text: no ``.*`` that rescans to the end of the text from each of
# many starting points (``"x(" * 32000`` made the lazy ``\((.*?)\)`` of a plain call quadratic).
_USE_TOOL_HEAD_RE = re.compile(r"use_tool\s*\(\s*([A-Za-z_]\w*)\s*")
_ORAK_ARGS_RE = re.compile(r",\s*\(([^()]*)\)\s*\)")
_CALL_RE = re.compile(r"\b([A-Za-z_]\w*)\s*\(([^()]*)\)")
_ARG_RE = re.compile(r"""^(?:([A-Za-z_]\w*)\s*=\s*)?(-?\d+|"[^"\\]*"|'[^'\\]*'|[\w .é'-]+)$""")
MAX_ARG_LENGTH = 40


@dataclass(frozen=True)
class Buttons:
    """Up to 5 button taps, in order (``none`` waits one tap's time)."""

    names: tuple[str, ...]

    def __repr__(self) -> str:
        return "|".join(self.names)


@dataclass(frozen=True)
class ToolCall:
    """One of Orak's tools with its validated arguments."""

    name: str
    args: dict[str, int | str] = field(default_factory=dict)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        return f"{self.name}({inner})"


@dataclass(frozen=True)
class Quit:
    def __repr__(self) -> str:
        return "quit"


def parse_arguments(tool: str, raw: str) -> dict[str, int | str]:
    """Validates a tool's argument list; ValueError with a one-line reason on anything else."""
    params = TOOLS[tool]
    raw = raw.strip().strip("()").strip()
    parts = [p.strip() for p in raw.split(",")] if raw else []
    if len(parts) > len(params):
        raise ValueError(f"{tool} takes at most {len(params)} argument(s), got {len(parts)}")
    args: dict[str, int | str] = {}
    for i, part in enumerate(parts):
        match = None if len(part) > MAX_ARG_LENGTH + 12 else _ARG_RE.match(part)
        if match is None:
            raise ValueError(f"argument {part[:30]!r} of {tool} is not a number or a name")
        key, value = match.group(1), match.group(2)
        names = [p for p, _ in params]
        if key is None:
            if args and any(k not in names[: len(args)] for k in args):
                raise ValueError("positional argument after a keyword argument")
            key = names[i]
        elif key not in names:
            raise ValueError(f"{tool} has no parameter {key!r} (parameters: {', '.join(names) or 'none'})")
        if key in args:
            raise ValueError(f"{tool} got {key!r} twice")
        kind = dict(params)[key].rstrip("?")
        text = value.strip().strip("'\"").strip()
        if kind == "int":
            if not re.fullmatch(r"-?\d{1,3}", text):
                raise ValueError(f"{key} of {tool} must be an integer, got {text[:20]!r}")
            args[key] = int(text)
        else:
            if not text or len(text) > MAX_ARG_LENGTH:
                raise ValueError(f"{key} of {tool} must be a short name")
            args[key] = text
    for name, kind in params:
        if name not in args and not kind.endswith("?"):
            raise ValueError(f"{tool} needs {name}")
    together = TOGETHER.get(tool, ())
    given = [name for name in together if name in args]
    if given and len(given) < len(together):
        raise ValueError(f"{tool} takes {' and '.join(together)} together or neither, got only {given[0]}")
    return args


def _orak_tool_call(body: str) -> tuple[str, str] | None:
    """(tool, arguments) of the first ``use_tool(name)`` / ``use_tool(name, (args))`` in ``body``, or None
    when there is none or it is malformed (then a plain ``name(args)`` call is looked for instead)."""
    head = _USE_TOOL_HEAD_RE.search(body)
    if head is None:
        return None
    if body.startswith(")", head.end()):
        return head.group(1).lower(), ""
    args = _ORAK_ARGS_RE.match(body, head.end())
    return (head.group(1).lower(), args.group(1)) if args is not None else None


class PokemonActionParser(ActionParser):
    """Text -> ``Buttons`` / ``ToolCall`` / ``Quit`` (see the module docstring)."""

    default_action_text = "none"

    def _parse(self, text: str, state: Any) -> ParsedAction:
        section = actions_section(text)
        body = (section if section is not None and section.strip() else text).strip()
        if not body:
            return self.fallback("empty action")
        orak_call = _orak_tool_call(body)
        if orak_call is not None:
            return self._tool(*orak_call)
        for match in _CALL_RE.finditer(body):
            if match.group(1).lower() in TOOLS:
                return self._tool(match.group(1).lower(), match.group(2))
        lines = [line.strip().strip("`*").strip() for line in body.splitlines() if line.strip().strip("`*").strip()]
        if not lines:
            return self.fallback("empty action")
        last = lines[-1].lower()
        if last in ("quit", "quit()"):
            return ParsedAction([Quit()], True, "quit")
        tokens = [t.strip() for t in last.split("|")]
        if len(tokens) > MAX_BUTTONS:
            return self.fallback(f"at most {MAX_BUTTONS} buttons per action, got {len(tokens)}")
        bad = [t for t in tokens if t not in BUTTON_NAMES and t != "none"]
        if bad:
            return self.fallback(
                f"{bad[0][:30]!r} is not a button ({', '.join(BUTTON_NAMES)}, none) or a tool ({', '.join(TOOLS)})"
            )
        return ParsedAction([Buttons(tuple(tokens))], True, "|".join(tokens))

    def _tool(self, name: str, raw_args: str) -> ParsedAction:
        if name not in TOOLS:
            return self.fallback(f"unknown tool {name[:30]!r}; tools: {', '.join(TOOLS)}")
        try:
            args = parse_arguments(name, raw_args)
        except ValueError as exc:
            return self.fallback(str(exc))
        call = ToolCall(name, args)
        return ParsedAction([call], True, repr(call))

    def fallback(self, reason: str) -> ParsedAction:
        return ParsedAction([], False, f"{reason}; no button was pressed")
