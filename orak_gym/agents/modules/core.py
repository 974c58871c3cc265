"""Orak's three generic modules: self-reflection, subtask planning, action inference."""

from __future__ import annotations

from typing import ClassVar

from orak_gym.agents.modules.base import DecisionContext, Module
from orak_gym.agents.parsing import ParseResult, last_line


class SelfReflection(Module):
    """Did the last action do what was intended, and if not, why? Skipped on the first step."""

    name: ClassVar[str] = "self_reflection"
    output_keys: ClassVar[tuple[str, ...]] = ("self_reflection", "self_reflection_summary", "success")
    needs_history: ClassVar[bool] = True

    def apply(self, ctx: DecisionContext, result: ParseResult | None, raw: str | None) -> None:
        super().apply(ctx, result, raw)
        if result is not None and "success" in result.fields:
            ctx.memory.set("success", _yes_no(result.fields["success"]))


class SubtaskPlanning(Module):
    """Keep the current subtask or replace it; the previous subtask is in the prompt."""

    name: ClassVar[str] = "subtask_planning"
    output_keys: ClassVar[tuple[str, ...]] = ("subtask_reasoning", "subtask")


class ActionInference(Module):
    """Reasoning plus the action text: the policy's answer.

    When the answer has no ``Actions`` section, its last non-empty line is taken as the action
    (and ``actions`` is reported missing); the game's tolerant parser does the rest.
    """

    name: ClassVar[str] = "action_inference"
    output_keys: ClassVar[tuple[str, ...]] = ("reasoning", "actions")

    def apply(self, ctx: DecisionContext, result: ParseResult | None, raw: str | None) -> None:
        if result is None:
            return
        if result.fields.get("reasoning"):
            ctx.memory.set("reasoning", result.fields["reasoning"])
        action = result.fields.get("actions") or last_line(raw)
        ctx.extra["action"] = action.strip().strip("`*").strip()  # markdown emphasis is not part of it


def _yes_no(text: str) -> str:
    """Normalises a free-text success verdict to "yes" / "no" (unknown stays as written)."""
    words = text.strip().lower().replace("*", "").split()
    if not words:
        return ""
    first = words[0].strip(".,;:!")
    if first in {"yes", "true", "success", "succeeded", "successful", "y"}:
        return "yes"
    if first in {"no", "false", "failure", "failed", "unsuccessful", "n", "partially"}:
        return "no"
    return text.strip()
