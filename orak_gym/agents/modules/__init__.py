"""Agent modules and the agent types built from them (Orak's ``agent_types.py``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from orak_gym.agents.modules.base import DecisionContext, Module
from orak_gym.agents.modules.core import ActionInference, SelfReflection, SubtaskPlanning
from orak_gym.agents.modules.knowledge import KnowledgeRetrieval
from orak_gym.agents.modules.long_memory import HistorySummarization, MemoryManagement
from orak_gym.agents.modules.skill_management import SkillManagement

#: Module name -> factory; ``build_modules`` accepts these names in custom lists.
MODULES: dict[str, Callable[[], Module]] = {
    "self_reflection": SelfReflection,
    "subtask_planning": SubtaskPlanning,
    "action_inference": ActionInference,
    "knowledge_retrieval": KnowledgeRetrieval,
    "skill_management": SkillManagement,
    "history_summarization": HistorySummarization,
    "memory_management": MemoryManagement,
}

#: Agent type -> its modules, in order (Orak's agent types, names without ``_agent``).
AGENT_TYPES: dict[str, tuple[str, ...]] = {
    "zeroshot": ("action_inference",),
    "reflection": ("self_reflection", "action_inference"),
    "planning": ("subtask_planning", "action_inference"),
    "reflection_planning": ("self_reflection", "subtask_planning", "action_inference"),
    "skill_management": (
        "self_reflection",
        "knowledge_retrieval",
        "subtask_planning",
        "skill_management",
        "action_inference",
    ),
}


def agent_types(game: str | None = None) -> dict[str, tuple[str, ...]]:
    """Every agent type a game offers: the generic ones, then the game's own (its spec's
    ``agent_types``, e.g. Pokémon Red's ``pokemon``). ``game`` is an env id or a game name."""
    types = dict(AGENT_TYPES)
    if game:
        from orak_gym.core.registry import UnknownEnvError, spec_of

        with contextlib.suppress(UnknownEnvError):  # a game of the caller's own, not registered: generic types
            types.update(dict(spec_of(game).agent_types))
    return types


def build_modules(agent: str | Sequence[Module | str], game: str | None = None) -> list[Module]:
    """Modules for an agent type name (``"reflection"`` or Orak's ``"reflection_agent"``; ``game``'s own
    types too) or a list of module objects / module names. The list must end with a module that
    yields the action (``ActionInference`` or a subclass); otherwise ``ValueError``.
    """
    if isinstance(agent, str):
        key = agent.removesuffix("_agent")
        types = agent_types(game)
        if key not in types:
            raise ValueError(f"unknown agent type {agent!r}; choose one of {sorted(types)} or pass modules")
        items: Sequence[Module | str] = types[key]
    else:
        items = agent
    modules: list[Module] = []
    for item in items:
        if isinstance(item, Module):
            modules.append(item)
        elif isinstance(item, str) and item in MODULES:
            modules.append(MODULES[item]())
        else:
            raise ValueError(f"not a module or module name: {item!r}; known names: {sorted(MODULES)}")
    if not modules or not isinstance(modules[-1], ActionInference):
        raise ValueError("the last module must be ActionInference (or a subclass): it produces the action")
    return modules


__all__ = [
    "AGENT_TYPES",
    "MODULES",
    "ActionInference",
    "DecisionContext",
    "HistorySummarization",
    "KnowledgeRetrieval",
    "MemoryManagement",
    "Module",
    "SelfReflection",
    "SkillManagement",
    "SubtaskPlanning",
    "agent_types",
    "build_modules",
]
