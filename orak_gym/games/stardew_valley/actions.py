"""Orak's Stardew Valley grammar: Python-style skill calls, one a line, at most two a decision.

``buy_item(item_name="Parsnip Seeds", item_count=10)``, in a ```` ```python ```` block or not, read from
the ``### Actions`` section when there is one. Each line is read with :func:`ast.parse` and only literal
arguments are taken (nothing is ever evaluated); an unknown skill, a bad argument or a third call is
skipped and said in the feedback. The native action is the canonical text of the calls kept, one a line,
which the env reads again with :func:`calls_of` (so a native step with any string is safe too).
"""

from __future__ import annotations

import ast
import warnings
from typing import Any

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section
from orak_gym.games.stardew_valley.skills import SKILLS, TASK_SKILLS, Param

MAX_CALLS = 2  # Orak's prompt: at most two skills per step
MAX_LINE = 400  # a longer line is no skill call
MAX_LINES = 50  # lines read per answer
Call = tuple[str, dict[str, Any]]


def _value(node: ast.expr, param: Param) -> Any:
    value = ast.literal_eval(node)
    if param.choices:
        if not isinstance(value, str):
            raise ValueError(f"{param.name} must be one of {', '.join(param.choices)}")
        match = next((c for c in param.choices if c.lower() == value.strip().lower()), None)
        if match is None:
            raise ValueError(f"{param.name}={value[:30]!r} is not one of {', '.join(param.choices)}")
        return match
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{param.name} must be a number")
    if not param.low <= value <= param.high:
        raise ValueError(f"{param.name} must be between {param.low:g} and {param.high:g}")
    return int(value) if param.kind is int else float(value)


def read_call(line: str, allowed: tuple[str, ...]) -> Call:
    """One line as (skill, params); ValueError saying why it is not a call of an ``allowed`` skill."""
    if len(line) > MAX_LINE:
        raise ValueError(f"a line longer than {MAX_LINE} characters")
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and the like: the line is refused anyway
            warnings.simplefilter("ignore", SyntaxWarning)
            node = ast.parse(line.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ValueError(f"{line.strip()[:40]!r} is not a call like plant_seeds()") from None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise ValueError(f"{line.strip()[:40]!r} is not a call like plant_seeds()")
    name = node.func.id
    if name not in allowed:
        raise ValueError(f"{name[:30]} is not a skill of this task")
    skill = SKILLS[name]
    if len(node.args) > len(skill.params):
        raise ValueError(f"{name} takes {len(skill.params)} argument(s)")
    given = dict(zip((p.name for p in skill.params), node.args, strict=False))
    for keyword in node.keywords:
        if keyword.arg is None or keyword.arg not in {p.name for p in skill.params} or keyword.arg in given:
            raise ValueError(f"{name} has no argument {str(keyword.arg)[:30]} (or it is given twice)")
        given[keyword.arg] = keyword.value
    params: dict[str, Any] = {}
    for param in skill.params:
        if param.name in given:
            try:
                params[param.name] = _value(given[param.name], param)
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError) as exc:
                raise ValueError(f"{name}: {str(exc)[:80] or param.name + ' is not a literal'}") from None
        elif param.default is not None:
            params[param.name] = param.default
        else:
            raise ValueError(f"{name} needs {param.name}")
    return name, params


def canonical(calls: list[Call]) -> str:
    """The calls as the native action text, one a line, keyword arguments in the skill's order."""
    return "\n".join(f"{name}({', '.join(f'{k}={v!r}' for k, v in params.items())})" for name, params in calls)


def _lines(text: str) -> list[str]:
    body = text.replace("```python", "\n").replace("```", "\n")
    lines = []
    for raw in body.split("\n", MAX_LINES)[:MAX_LINES]:
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def read_calls(text: str, allowed: tuple[str, ...]) -> tuple[list[Call], list[str]]:
    """The first ``MAX_CALLS`` calls in ``text`` and, for every line skipped, why."""
    calls, problems = [], []
    for line in _lines(text):
        try:
            call = read_call(line, allowed)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if len(calls) == MAX_CALLS:
            problems.append(f"{call[0]}: at most {MAX_CALLS} skills a step, the rest skipped")
            break
        calls.append(call)
    return calls, problems


def calls_of(native: Any, allowed: tuple[str, ...]) -> list[Call]:
    """The env's reading of a native action: the calls of a canonical text (anything else: none)."""
    return read_calls(native, allowed)[0] if isinstance(native, str) else []


class StardewParser(ActionParser):
    """Text to skill calls for one task (each task offers its own skills)."""

    default_action_text = "```python\n```"

    def __init__(self, task: str = "earn_money") -> None:
        self.task = task
        self.allowed = TASK_SKILLS[task]

    def _parse(self, text: str, state: Any) -> ParsedAction:
        body = actions_section(text)
        body = body if body is not None else text
        if body.strip() in ("", "```python\n```", "```python```", "```"):
            return ParsedAction(actions=[""], valid=True, feedback="no skill called: the game goes on unchanged")
        calls, problems = read_calls(body, self.allowed)
        if not calls:
            reason = "; ".join(problems[:3]) or "no skill call found"
            return ParsedAction(actions=[""], valid=False, feedback=f"{reason} (skills: {', '.join(self.allowed)})")
        feedback = canonical(calls).replace("\n", "; ")
        if problems:
            feedback += " (skipped: " + "; ".join(problems[:3]) + ")"
        return ParsedAction(actions=[canonical(calls)], valid=not problems, feedback=feedback)
