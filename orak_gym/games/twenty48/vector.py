"""``gym.make_vec("orak/2048-v0", num_envs=N, vectorization_mode="vector_entry_point")``.

All boards move in one numpy call: each board is permuted so that its chosen move becomes a
left slide, the rows are looked up in the engine's tables, and the result is permuted back.
Native modality only (exponent boards, ``Discrete(4)`` per board); finished boards reset on the
next step (Gymnasium's default next-step autoreset).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from orak_gym.games.twenty48 import engine
from orak_gym.games.twenty48.env import EXPERT_SCORE

_GRID = np.arange(16).reshape(4, 4)
# flat cell order that turns each move into "slide every row left"
_PERMS = np.stack([_GRID.T.ravel(), _GRID.T[:, ::-1].ravel(), _GRID.ravel(), _GRID[:, ::-1].ravel()])
_INVERSE = np.argsort(_PERMS, axis=1)


class Twenty48VectorEnv(VectorEnv):
    metadata = {"autoreset_mode": AutoresetMode.NEXT_STEP}  # noqa: RUF012

    def __init__(self, num_envs: int = 1, target_tile: int = 2048, max_no_change: int = 5, **_: Any) -> None:
        self.num_envs = num_envs
        self.target_exponent = target_tile.bit_length() - 1
        self.max_no_change = max_no_change
        self.single_observation_space = spaces.Box(0, 17, shape=(4, 4), dtype=np.int8)
        self.single_action_space = spaces.Discrete(4)
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        t = engine.tables()
        self._left, self._gain, self._digits = t.left, t.gain_left, t.digits
        self.boards = np.zeros((num_envs, 16), dtype=np.int8)
        self.scores = np.zeros(num_envs, dtype=np.int64)
        self.streaks = np.zeros(num_envs, dtype=np.int64)
        self._needs_reset = np.zeros(num_envs, dtype=bool)

    def reset(self, *, seed: int | list[int] | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed if not isinstance(seed, list) else seed[0])
        self._reset_boards(np.ones(self.num_envs, dtype=bool))
        return self.boards.reshape(-1, 4, 4).copy(), {}

    def step(self, actions: np.ndarray):
        actions = np.asarray(actions, dtype=np.int64)
        done_before = self._needs_reset
        perm = _PERMS[actions]
        permuted = np.take_along_axis(self.boards, perm, axis=1).reshape(-1, 4, 4).astype(np.int64)
        codes = permuted @ engine.WEIGHTS
        new_codes = self._left[codes]
        gains = self._gain[codes].sum(axis=1)
        changed = (new_codes != codes).any(axis=1)
        moved = self._digits[new_codes].reshape(-1, 16)
        new_boards = np.take_along_axis(moved, _INVERSE[actions], axis=1)
        self.boards = np.where(changed[:, None], new_boards, self.boards)
        self._spawn(changed)
        self.scores += gains
        self.streaks = np.where(changed, 0, self.streaks + 1)
        won = self.boards.max(axis=1) >= self.target_exponent
        terminated = won | ~self._has_move() | (self.streaks >= self.max_no_change)
        rewards = gains.astype(np.float64)
        # boards that finished on the previous step restart now (next-step autoreset)
        if done_before.any():
            self._reset_boards(done_before)
            rewards[done_before] = 0.0
            terminated[done_before] = False
        self._needs_reset = terminated.copy()
        info = {"raw_score": self.scores.copy(), "score": np.minimum(self.scores / EXPERT_SCORE, 1.0) * 100.0}
        truncated = np.zeros(self.num_envs, dtype=bool)
        return self.boards.reshape(-1, 4, 4).copy(), rewards, terminated, truncated, info

    # ------------------------------------------------------------------ helpers
    def _reset_boards(self, mask: np.ndarray) -> None:
        self.boards[mask] = 0
        self.scores[mask] = 0
        self.streaks[mask] = 0
        self._spawn(mask)
        self._spawn(mask)

    def _spawn(self, mask: np.ndarray) -> None:
        """One new tile (2 at 90%, 4 at 10%) on a uniformly chosen empty cell of each masked board."""
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            return
        empty = self.boards[rows] == 0
        keys = np.where(empty, self.np_random.random(empty.shape), -1.0)
        cells = keys.argmax(axis=1)
        has_empty = empty.any(axis=1)
        values = np.where(self.np_random.random(rows.size) < 0.9, 1, 2).astype(np.int8)
        self.boards[rows[has_empty], cells[has_empty]] = values[has_empty]

    def _has_move(self) -> np.ndarray:
        b = self.boards.reshape(-1, 4, 4)
        empty = (b == 0).any(axis=(1, 2))
        horizontal = ((b[:, :, 1:] == b[:, :, :-1]) & (b[:, :, 1:] != 0)).any(axis=(1, 2))
        vertical = ((b[:, 1:, :] == b[:, :-1, :]) & (b[:, 1:, :] != 0)).any(axis=(1, 2))
        return empty | horizontal | vertical
