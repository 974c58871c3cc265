"""The module interface: one small step of an agent's decision, usually one LLM call.

A module builds its messages from the shared episode memory and the game's prompt context
(``prepare``), and stores what it parsed from the answer back into the memory (``apply``). The
policy makes the LLM call in between, sync or async, so modules never touch the network and the
same module code serves ``policy(obs, info)`` and ``await policy.acall(obs, info)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from orak_gym.agents.memory import EpisodeMemory
from orak_gym.agents.parsing import ParseResult
from orak_gym.agents.prompting import PromptLibrary
from orak_gym.agents.skills import SkillLibrary


@dataclass
class DecisionContext:
    """Everything a module may read or write during one decision."""

    memory: EpisodeMemory
    prompts: PromptLibrary
    prompt_context: dict[str, Any]
    skills: SkillLibrary
    #: Whether frames are sent as image parts (image modality and a client that accepts images).
    images: bool = False
    #: Variables one module hands to later modules of the same decision (not kept in memory).
    extra: dict[str, Any] = field(default_factory=dict)

    def variables(self) -> dict[str, Any]:
        """Template variables: game context, then memory, then this decision's extras."""
        return {**self.prompt_context, **self.memory.variables(), **self.extra}

    def messages(self, template: str) -> list[dict[str, Any]]:
        current, previous = self.memory.current, self.memory.previous
        return self.prompts.messages(
            template,
            self.variables(),
            cur_image=current.image if current else None,
            prev_image=previous.image if previous else None,
            images=self.images,
        )


class Module:
    """Base class of agent modules; subclass it to add your own (see docs/agents.md, "Adding a custom module").

    Class attributes:
        name: the module name in records and the default template stem.
        output_keys: the answer sections the module asks for (``snake_case``).
        needs_history: skip the module until there are two observations (as Orak does for
            reflection-like modules).
        calls_llm: False for a module that never calls the LLM (it needs no templates).
    """

    name: ClassVar[str] = "module"
    output_keys: ClassVar[tuple[str, ...]] = ()
    needs_history: ClassVar[bool] = False
    #: Whether the module ever calls the LLM (a prompt set must then have its templates).
    calls_llm: ClassVar[bool] = True

    def __init__(self, template: str | None = None) -> None:
        self.template = template or self.name

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def reset(self) -> None:
        """Called by ``policy.reset()`` between episodes (the memory is reset by the policy)."""

    def should_run(self, ctx: DecisionContext) -> bool:
        return not (self.needs_history and ctx.memory.num_observations < 2)

    def prepare(self, ctx: DecisionContext) -> list[dict[str, Any]] | None:
        """The messages for the LLM call, or None when this decision needs no call."""
        return ctx.messages(self.template)

    def apply(self, ctx: DecisionContext, result: ParseResult | None, raw: str | None) -> None:
        """Stores the parsed sections (``result`` is None when no call was made or it failed)."""
        if result is None:
            return
        for key, value in result.fields.items():
            if key in self.output_keys:
                ctx.memory.set(key, value)

    def json_schema(self) -> dict[str, Any]:
        """The structured-output schema of the answer: one string per output key."""
        return {
            "title": self.name,
            "type": "object",
            "properties": {key: {"type": "string"} for key in self.output_keys},
            "required": list(self.output_keys),
            "additionalProperties": False,
        }
