"""One episode's memory, shared by all modules of a policy.

Orak keeps every value but shows prompts only the latest one (one-step memory). Here the last
``window`` steps stay available to prompts as ``history`` (state, action, reflection, subtask per
step), and the latest value of every parsed field is still at hand, as in Orak.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class StepMemory:
    """What happened at one step: the state seen, what the modules concluded, the action taken."""

    index: int
    observation: str
    image: np.ndarray | None = None
    score: float | None = None
    raw_score: float | None = None
    action_valid: bool | None = None
    action_feedback: str = ""
    action: str | None = None
    fields: dict[str, str] = field(default_factory=dict)

    def to_prompt(self) -> dict[str, Any]:
        """The step as template variables (no image)."""
        return {
            "step": self.index,
            "state": self.observation,
            "action": self.action,
            "score": self.score,
            "raw_score": self.raw_score,
            "action_valid": self.action_valid,
            "action_feedback": self.action_feedback,
            **self.fields,
        }


class EpisodeMemory:
    """Bounded step history plus the latest value of every field the modules produced.

    Args:
        window: how many past steps prompts see as ``history`` (Orak's ``long_term_memory_len``
            default is 10). Older steps are dropped, so memory stays bounded on long episodes.
    """

    def __init__(self, window: int = 10) -> None:
        if window < 1:
            raise ValueError(f"window must be >= 1, got {window}")
        self.window = window
        self._steps: deque[StepMemory] = deque(maxlen=window + 1)
        self.latest: dict[str, str] = {}
        self.num_observations = 0
        #: Free-form per-episode store for modules (e.g. the previous score a skill module compares).
        self.scratch: dict[str, Any] = {}

    def reset(self) -> None:
        self._steps.clear()
        self.latest.clear()
        self.scratch.clear()
        self.num_observations = 0

    # ------------------------------------------------------------------ writing
    def observe(self, text: str, image: np.ndarray | None = None, info: dict[str, Any] | None = None) -> StepMemory:
        """Starts a new step with the observation the policy was called with."""
        info = info or {}
        if self._steps and self._steps[-1].image is not None and len(self._steps) >= 2:
            self._steps[-2].image = None  # keep frames for the current and previous step only
        step = StepMemory(
            index=self.num_observations,
            observation=text,
            image=image,
            score=_as_float(info.get("score")),
            raw_score=_as_float(info.get("raw_score")),
            action_valid=info.get("action_valid") if isinstance(info.get("action_valid"), bool) else None,
            action_feedback=str(info.get("action_feedback") or ""),
        )
        self._steps.append(step)
        self.num_observations += 1
        return step

    def set(self, key: str, value: str) -> None:
        """Stores a module's output for the current step (and as the latest value of ``key``)."""
        self.latest[key] = value
        if self._steps:
            self._steps[-1].fields[key] = value

    def commit_action(self, action: str) -> None:
        """Records the action chosen at the current step."""
        if self._steps:
            self._steps[-1].action = action
        self.latest["action"] = action

    # ------------------------------------------------------------------ reading
    def get(self, key: str, default: str | None = None) -> str | None:
        return self.latest.get(key, default)

    @property
    def current(self) -> StepMemory | None:
        return self._steps[-1] if self._steps else None

    @property
    def previous(self) -> StepMemory | None:
        return self._steps[-2] if len(self._steps) >= 2 else None

    def history(self, n: int | None = None) -> list[StepMemory]:
        """Past steps (oldest first, the current one excluded), at most ``n`` (default: the window)."""
        past = list(self._steps)[:-1]
        limit = self.window if n is None else max(0, min(n, self.window))
        return past[-limit:] if limit else []

    def variables(self) -> dict[str, Any]:
        """Template variables: the latest fields, states, last action, and the history window."""
        current, previous = self.current, self.previous
        return {
            **self.latest,
            "step": current.index if current else 0,
            "cur_state": current.observation if current else "",
            "prev_state": previous.observation if previous else "",
            "last_action": previous.action if previous else None,
            "last_action_valid": current.action_valid if current else None,
            "last_action_feedback": current.action_feedback if current else "",
            "score": current.score if current else None,
            "prev_score": previous.score if previous else None,
            "history": [s.to_prompt() for s in self.history()],
        }


def _as_float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None
