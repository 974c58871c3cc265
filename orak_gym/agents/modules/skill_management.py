"""Skill management: remember actions that worked, with a description; recall the relevant ones."""

from __future__ import annotations

from typing import Any, ClassVar

from orak_gym.agents.modules.base import DecisionContext, Module
from orak_gym.agents.parsing import ParseResult


class SkillManagement(Module):
    """Stores the last action as a skill when it succeeded, then retrieves the top-k skills.

    Success is the reflection's verdict (``success`` = yes) when a reflection ran this step, else
    an increase of the game score. Storing costs one LLM call (``### Skill_description``); the
    retrieval is local (the policy's :class:`SkillLibrary`) and fills ``retrieved_skills`` for the
    action prompt. Skipped on the first step for the storing part only.
    """

    name: ClassVar[str] = "skill_management"
    output_keys: ClassVar[tuple[str, ...]] = ("skill_description",)

    def __init__(self, k: int = 5, template: str | None = None) -> None:
        super().__init__(template)
        self.k = k

    def _succeeded(self, ctx: DecisionContext) -> bool:
        current = ctx.memory.current
        if current is not None and "success" in current.fields:
            return current.fields["success"] == "yes"
        previous = ctx.memory.previous
        if current is None or previous is None or current.score is None or previous.score is None:
            return False
        return current.score > previous.score

    def prepare(self, ctx: DecisionContext) -> list[dict[str, Any]] | None:
        previous = ctx.memory.previous
        if previous is None or not previous.action or not self._succeeded(ctx):
            return None
        ctx.extra["skill_action"] = previous.action
        ctx.extra["skill_state"] = previous.observation
        return super().prepare(ctx)

    def apply(self, ctx: DecisionContext, result: ParseResult | None, raw: str | None) -> None:
        if result is not None and result.fields.get("skill_description") and ctx.extra.get("skill_action"):
            description = result.fields["skill_description"]
            ctx.memory.set("skill_description", description)
            ctx.skills.add(description, ctx.extra["skill_action"], context=ctx.extra.get("skill_state", ""))
        query = " ".join(
            str(x) for x in (ctx.memory.get("subtask"), ctx.memory.current and ctx.memory.current.observation) if x
        )
        found = ctx.skills.retrieve(query, self.k) if len(ctx.skills) else []
        text = "\n".join(f"- {s.description} -> `{s.action}`" for s in found)
        ctx.memory.set("retrieved_skills", text)
