"""``RandomPolicy``: a uniformly random valid action each step, the floor of every leaderboard."""

from __future__ import annotations

from typing import Any

import numpy as np

from orak_gym.agents.policy import default_action
from orak_gym.agents.records import StepRecord


class RandomPolicy:
    """Picks one of ``info["prompt_context"]["valid_actions"]`` uniformly (seeded).

    ``valid_actions`` may be a list of action texts, a dict whose keys are the actions, or a
    one-line comma-separated string; when a game gives none (or a free-form description), the
    game's default action is returned.
    """

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.last_step: StepRecord | None = None

    def reset(self) -> None:
        self.last_step = None

    def __call__(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        context = (info or {}).get("prompt_context") if isinstance(info, dict) else None
        choices: list[str] = []
        if isinstance(context, dict):
            valid = context.get("valid_actions")
            if isinstance(valid, dict):
                choices = [str(k) for k in valid]
            elif isinstance(valid, (list, tuple)):
                choices = [str(v) for v in valid]
            elif isinstance(valid, str) and "\n" not in valid.strip() and "," in valid:
                choices = [part.strip() for part in valid.split(",") if part.strip()]
        if choices:
            action, fallback = choices[int(self.rng.integers(len(choices)))], False
        else:
            action, fallback = default_action(info if isinstance(info, dict) else None), True
        self.last_step = StepRecord(action=action, fallback=fallback)
        return action

    async def acall(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        return self(observation, info)
