"""The expert baseline: the BFS solver, playing through the text interface like an LLM would.

It rebuilds the board from ``info["state"]``, finds a shortest solution and answers with the
whole move sequence (``right 4 up``); the env runs moves until the level is won, so one decision
normally clears a level.  A board with no solution gets ``idle``.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.policy import ScriptedPolicy
from orak_gym.games.baba_is_you.level import Level
from orak_gym.games.baba_is_you.solver import SolverLimitError, solve
from orak_gym.games.baba_is_you.vocab import parse_kind_name


def level_from_state(state: dict[str, Any]) -> Level:
    """A :class:`Level` holding the board of ``BabaState.to_dict()``."""
    objects = tuple((parse_kind_name(name), int(x), int(y)) for name, x, y in state["objects"])
    return Level(name=str(state["level"]), width=int(state["width"]), height=int(state["height"]), objects=objects)


class BabaExpert(ScriptedPolicy):
    """Shortest-path play from any board; ``max_states`` bounds one search (seconds: ``blocking``)."""

    blocking = True

    def __init__(self, max_states: int = 2_000_000) -> None:
        self.max_states = max_states
        self._cache: dict[tuple[Any, ...], str] = {}

    def on_reset(self) -> None:
        self._cache.clear()

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        state = info["state"]
        key = (state["level"], state["width"], state["height"], tuple(map(tuple, state["objects"])))
        if key not in self._cache:
            try:
                solution = solve(level_from_state(state), max_states=self.max_states)
            except SolverLimitError:
                solution = None
            self._cache[key] = solution.to_text() if solution and solution.moves else "idle"
        return self._cache[key]
