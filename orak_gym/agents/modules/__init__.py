"""Agent modules and the agent types built from them (Orak's ``agent_types.py``)."""

from __future__ import annotations

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
    # Orak's pokemon_agent; its action_execution step is the env's own tool execution here
    "pokemon": (
        "history_summarization",
        "memory_management",
        "self_reflection",
        "memory_management",
        "subtask_planning",
        "memory_management",
        "action_inference",
    ),
}


def build_modules(agent: str | Sequence[Module | str]) -> list[Module]:
    """Modules for an agent type name (``"reflection"`` or Orak's ``"reflection_agent"``) or a list
    of module objects / module names. The list must end with a module that yields the action
    (``ActionInference`` or a subclass); otherwise ``ValueError``.
    """
    if isinstance(agent, str):
        key = agent.removesuffix("_agent")
        if key not in AGENT_TYPES:
            raise ValueError(f"unknown agent type {agent!r}; choose one of {sorted(AGENT_TYPES)} or pass modules")
        items: Sequence[Module | str] = AGENT_TYPES[key]
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
    "build_modules",
]
