"""Scripted "models" for :class:`ScriptedOpenAIServer`: answer each agent module in its format.

``ModuleResponder`` recognises which module a request comes from by the sections its prompt asks
for, and answers in that module's Orak format, with actions taken in turn from a list. It lets an
evaluation, a benchmark or a test run any agent type end to end with no model.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Iterable
from typing import Any

#: (module, a section only that module's prompt asks for), most specific first.
_SIGNATURES = (
    ("self_reflection", "### Self_reflection_summary"),
    ("history_summarization", "### History_summary"),
    ("subtask_planning", "### Subtask_reasoning"),
    ("knowledge_retrieval", "### Knowledge"),
    ("skill_management", "### Skill_description"),
    ("action_inference", "### Actions"),
)


def request_text(body: dict[str, Any]) -> str:
    chunks: list[str] = []
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, str):
            chunks.append(content)
        elif isinstance(content, list):
            chunks.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "\n".join(chunks)


def module_of(body: dict[str, Any]) -> str:
    """The agent module a chat request comes from (``"unknown"`` when none matches)."""
    system = "\n".join(str(m.get("content")) for m in body.get("messages", []) if m.get("role") == "system")
    text = system or request_text(body)
    for module, signature in _SIGNATURES:
        if signature in text:
            return module
    return "unknown"


class ModuleResponder:
    """Answers every default module; actions cycle through ``actions``. Thread-safe.

    ``success`` is the verdict the reflection returns (so skill storage can be exercised).
    ``calls`` counts requests per module.
    """

    def __init__(self, actions: Iterable[str] = ("left", "down", "right", "up"), success: str = "yes") -> None:
        self._actions = itertools.cycle(list(actions))
        self.success = success
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any]) -> str:
        module = module_of(body)
        with self._lock:
            self.calls[module] += 1
            number = self.calls[module]
            action = next(self._actions) if module in ("action_inference", "unknown") else ""
        if module == "self_reflection":
            return (
                f"### Self_reflection\nReflection {number}: the move changed the board as intended.\n"
                f"### Self_reflection_summary\nReflection summary {number}: keep the big tile in a corner.\n"
                f"### Success\n{self.success}"
            )
        if module == "subtask_planning":
            return f"### Subtask_reasoning\nPlan {number}.\n### Subtask\nSubtask {number}: merge the bottom row"
        if module == "knowledge_retrieval":
            return f"### Knowledge\nKnowledge {number}: corners keep big tiles safe."
        if module == "history_summarization":
            return f"### History_summary\nSummary {number}: playing on, nothing lost yet."
        if module == "skill_management":
            return f"### Skill_description\nSkill {number}: slide to merge equal neighbours"
        return f"### Reasoning\nStep {number}: {action} merges tiles.\n### Actions\n{action}"
