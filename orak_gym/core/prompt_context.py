"""``PromptContext``: the variables every game gives the agent's prompt templates.

Every env returns one from ``prompt_context()``; ``info["prompt_context"]`` holds its
``to_dict()``, so templates read the same keys in every game (``title``, ``task``, ``rules``,
``valid_actions``, ``action_format``, ``default_action``, ``knowledge``) and a game's own
variables under ``extras`` (``{{ extras.hint }}``), where they cannot collide with the agent's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: The keys of ``PromptContext.to_dict()``.
FIELDS = ("title", "task", "rules", "valid_actions", "action_format", "default_action", "knowledge", "extras")


@dataclass(frozen=True)
class PromptContext:
    """What an agent needs to prompt for one game at one decision."""

    title: str  # the game's display name, as prompts say it ("Super Mario Bros")
    task: str  # what this episode asks for
    rules: str = ""  # rules and mechanics (the game's rules file)
    #: The actions the game accepts: a list of action texts, or a one-line description.
    valid_actions: str | Sequence[str] = ""
    action_format: str = ""  # how an answer's ``### Actions`` section must look
    default_action: str = ""  # always valid; policies fall back to it
    knowledge: Sequence[str] = ()  # notes the knowledge-retrieval module may draw from
    extras: Mapping[str, Any] = field(default_factory=dict)  # game-specific variables

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe plain dict (what ``info["prompt_context"]`` carries)."""
        valid = self.valid_actions if isinstance(self.valid_actions, str) else list(self.valid_actions)
        return {
            "title": self.title,
            "task": self.task,
            "rules": self.rules,
            "valid_actions": valid,
            "action_format": self.action_format,
            "default_action": self.default_action,
            "knowledge": list(self.knowledge),
            "extras": dict(self.extras),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PromptContext:
        """The inverse of ``to_dict`` (unknown keys land in ``extras``)."""
        extras = dict(data.get("extras") or {})
        extras.update({k: v for k, v in data.items() if k not in FIELDS})
        return cls(
            title=str(data.get("title", "")),
            task=str(data.get("task", "")),
            rules=str(data.get("rules", "")),
            valid_actions=data.get("valid_actions", ""),
            action_format=str(data.get("action_format", "")),
            default_action=str(data.get("default_action", "")),
            knowledge=tuple(data.get("knowledge") or ()),
            extras=extras,
        )
