"""Shortest solutions by breadth-first search over engine states.

Why BFS: moves all cost one, so the first winning state BFS meets is a shortest solution, and
Baba Is You has no admissible heuristic that is both cheap and useful (the rules themselves move).
States are the engine's sorted snapshots; moves that change nothing and lost boards are pruned.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from orak_gym.core.errors import OrakError
from orak_gym.games.baba_is_you.actions import moves_to_text
from orak_gym.games.baba_is_you.engine import BabaEngine
from orak_gym.games.baba_is_you.level import Level

MOVES = (1, 2, 3, 4)


class SolverLimitError(OrakError, RuntimeError):
    """The search visited ``max_states`` states without finding a win."""


@dataclass(frozen=True)
class Solution:
    """A shortest winning move sequence (native actions 1-4) and how much search it took."""

    moves: tuple[int, ...]
    states_visited: int

    def to_text(self) -> str:
        """Orak's action grammar with runs collapsed: ``right 3 up 2``."""
        return moves_to_text(self.moves)


def solve(start: BabaEngine | Level, max_states: int = 2_000_000) -> Solution | None:
    """A shortest winning sequence from ``start`` (not modified), or None when no win is reachable.

    Raises :class:`SolverLimitError` when more than ``max_states`` states would be needed.
    """
    engine = BabaEngine(start) if isinstance(start, Level) else _copy(start)
    if engine.won:
        return Solution((), 1)
    if engine.lost:
        return None
    root = engine.snapshot()
    parents: dict[tuple[int, ...], tuple[tuple[int, ...], int] | None] = {root: None}
    frontier: deque[tuple[int, ...]] = deque([root])
    while frontier:
        state = frontier.popleft()
        engine.restore(state)
        for move in MOVES:
            if not engine.step(move):
                continue  # nothing moved: the board is still ``state``, no restore needed
            child = engine.snapshot()
            won, lost = engine.won, engine.lost
            engine.restore(state)
            if child in parents:
                continue
            parents[child] = (state, move)
            if won:
                return Solution(_path(parents, child), len(parents))
            if lost:
                continue
            if len(parents) > max_states:
                raise SolverLimitError(f"no solution within {max_states} states")
            frontier.append(child)
    return None


Snapshot = tuple[int, ...]


def _path(parents: dict[Snapshot, tuple[Snapshot, int] | None], end: Snapshot) -> tuple[int, ...]:
    moves: list[int] = []
    link = parents[end]
    while link is not None:
        state, move = link
        moves.append(move)
        link = parents[state]
    return tuple(reversed(moves))


def _copy(engine: BabaEngine) -> BabaEngine:
    clone = BabaEngine.__new__(BabaEngine)
    clone.__dict__.update(engine.__dict__)
    clone.moves = engine.moves
    clone.planes = bytearray(len(engine.planes))  # restore() fills planes in place: never share them
    clone.restore(engine.snapshot())
    return clone
