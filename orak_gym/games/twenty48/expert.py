"""A scripted 2048 expert: expectimax over the engine's tables with a row heuristic.

The heuristic (empty cells, mergeable neighbours, monotonic rows, penalty on large scattered
tiles) is the one popularised by nneonneo's 2048 AI, precomputed for every row code, so a
board's value is eight table look-ups.  It plays through the text interface like an LLM would:
it reads the board from ``info["state"]`` and answers with a direction word.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from orak_gym.core.policy import ScriptedPolicy
from orak_gym.games.twenty48 import engine


@lru_cache(maxsize=1)
def _row_heuristic() -> list[float]:
    d = engine.tables().digits.astype(np.float64)
    empty = (d == 0).sum(axis=1)
    merges = np.zeros(len(d))
    for i in range(3):
        merges += (d[:, i] == d[:, i + 1]) & (d[:, i] != 0)
    power = d**4
    left = np.zeros(len(d))
    right = np.zeros(len(d))
    for i in range(3):
        diff = power[:, i] - power[:, i + 1]
        left += np.where(diff < 0, -diff, 0)
        right += np.where(diff > 0, diff, 0)
    sum_penalty = (d**3.5).sum(axis=1)
    value = 200000.0 + 270.0 * empty + 700.0 * merges - 47.0 * np.minimum(left, right) - 11.0 * sum_penalty
    return value.tolist()


def evaluate(rows: engine.Rows) -> float:
    h = _row_heuristic()
    cols = engine.transpose(rows)
    return h[rows[0]] + h[rows[1]] + h[rows[2]] + h[rows[3]] + h[cols[0]] + h[cols[1]] + h[cols[2]] + h[cols[3]]


class Twenty48Expert(ScriptedPolicy):
    """Expectimax policy; ``depth`` moves of look-ahead (2 is fast, 3 reaches 2048 more often)."""

    def __init__(self, depth: int = 2) -> None:
        self.depth = depth

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        board = np.array(info["state"]["board"], dtype=np.int64)
        exponents = np.where(board > 0, np.log2(np.maximum(board, 1)), 0).astype(np.int64)
        return engine.DIRECTIONS[self.best_move(engine.encode(exponents))]

    def best_move(self, rows: engine.Rows) -> int:
        depth = self.depth + (1 if len(engine.empty_cells(rows)) <= 3 else 0)
        best, best_value = engine.LEFT, -1.0
        cache: dict[tuple[engine.Rows, int], float] = {}
        for direction in (engine.UP, engine.DOWN, engine.LEFT, engine.RIGHT):
            moved, _ = engine.move(rows, direction)
            if moved == rows:
                continue
            value = self._chance(moved, depth - 1, 1.0, cache)
            if value > best_value:
                best, best_value = direction, value
        return best

    def _chance(self, rows: engine.Rows, depth: int, probability: float, cache: dict) -> float:
        if depth <= 0 or probability < 1e-4:
            return evaluate(rows)
        key = (rows, depth)
        if key in cache:
            return cache[key]
        empty = engine.empty_cells(rows)
        if not empty:
            return evaluate(rows)
        total = 0.0
        share = probability / len(empty)
        for cell in empty:
            total += 0.9 * self._max(engine.place(rows, cell, 1), depth, share * 0.9, cache)
            total += 0.1 * self._max(engine.place(rows, cell, 2), depth, share * 0.1, cache)
        value = total / len(empty)
        cache[key] = value
        return value

    def _max(self, rows: engine.Rows, depth: int, probability: float, cache: dict) -> float:
        best = 0.0
        for direction in (engine.UP, engine.DOWN, engine.LEFT, engine.RIGHT):
            moved, _ = engine.move(rows, direction)
            if moved != rows:
                best = max(best, self._chance(moved, depth - 1, probability, cache))
        return best
