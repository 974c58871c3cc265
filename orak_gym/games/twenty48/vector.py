"""``gym.make_vec("orak/2048-v0", num_envs=N, vectorization_mode="vector_entry_point")``.

Each board is one ``uint64`` (16 four-bit exponents, row ``i`` at bits ``16*i``, column ``j`` at
``4*j``), so a step for all boards is a few dozen numpy operations on ``N`` integers: up/down
moves transpose with bit masks, the four 16-bit rows (a ``uint16`` view) go through
65,536-entry tables, and new tiles are placed by a popcount binary search over the empty cells.
Four-bit cells cap tiles at 32768, which is why this env accepts ``target_tile <= 32768`` (the
single-board env goes to 131072).

Native modality only (exponent boards, ``Discrete(4)`` per board); finished boards reset on the
next step (Gymnasium's default next-step autoreset).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from orak_gym.games.twenty48.engine import DOWN, RIGHT, UP, slide_left
from orak_gym.games.twenty48.env import EXPERT_SCORE

U64 = np.uint64
_LOW_BITS = U64(0x1111111111111111)
_NIBBLES = U64(0x0F0F0F0F0F0F0F0F)
_CARRIES = U64(0x1010101010101010)
_HORIZONTAL_PAIRS = U64(0x0111011101110111)  # nibble j compared with j + 1 in the same row
_VERTICAL_PAIRS = U64(0x0000111111111111)  # row i compared with row i + 1


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Row results and merge scores for 4-bit rows: left slides at [0, 65536), right slides after."""
    codes = np.arange(1 << 16, dtype=np.int64)
    digits = (codes[:, None] >> (4 * np.arange(4))) & 0xF
    weights = 1 << (4 * np.arange(4, dtype=np.int64))
    slid, gain_left = slide_left(digits, max_exponent=15)
    left = slid @ weights
    reverse = digits[:, ::-1] @ weights
    right = reverse[left[reverse]]
    rows = np.concatenate([left, right]).astype(np.uint16)
    gains = np.concatenate([gain_left, gain_left[reverse]])
    return rows, gains


def _transpose(x: np.ndarray) -> np.ndarray:
    a = (x & U64(0xF0F00F0FF0F00F0F)) | ((x & U64(0x0000F0F00000F0F0)) << U64(12))
    a |= (x & U64(0x0F0F00000F0F0000)) >> U64(12)
    b = (a & U64(0xFF00FF0000FF00FF)) | ((a & U64(0x00FF00FF00000000)) >> U64(24))
    return b | ((a & U64(0x00000000FF00FF00)) << U64(24))


def _occupied(x: np.ndarray) -> np.ndarray:
    """The low bit of every nibble set where that nibble is non-zero."""
    y = x | (x >> U64(1))
    y |= y >> U64(2)
    return y & _LOW_BITS


class Twenty48VectorEnv(VectorEnv):
    metadata = {"autoreset_mode": AutoresetMode.NEXT_STEP}  # noqa: RUF012

    def __init__(self, num_envs: int = 1, target_tile: int = 2048, max_no_change: int = 5, **_: Any) -> None:
        if target_tile < 4 or target_tile & (target_tile - 1) or target_tile > 1 << 15:
            raise ValueError("the vectorised 2048 env takes target_tile a power of two from 4 to 32768")
        self.num_envs = num_envs
        self.target_exponent = target_tile.bit_length() - 1
        self.max_no_change = max_no_change
        self.single_observation_space = spaces.Box(0, 17, shape=(4, 4), dtype=np.int8)
        self.single_action_space = spaces.Discrete(4)
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        self._rows, self._gains = _tables()
        self.boards = np.zeros(num_envs, dtype=np.uint64)
        self.scores = np.zeros(num_envs, dtype=np.int64)
        self.streaks = np.zeros(num_envs, dtype=np.int64)
        self._needs_reset = np.zeros(num_envs, dtype=bool)

    def reset(self, *, seed: int | list[int] | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed if not isinstance(seed, list) else seed[0])
        self._reset_boards(np.ones(self.num_envs, dtype=bool))
        return self.exponents(), {}

    def step(self, actions: np.ndarray):
        actions = np.asarray(actions)
        restart = self._needs_reset
        vertical = (actions == UP) | (actions == DOWN)
        offset = np.where((actions == RIGHT) | (actions == DOWN), 1 << 16, 0)  # left table, then right table
        before = np.where(vertical, _transpose(self.boards), self.boards)
        index = before.view(np.uint16).reshape(-1, 4) + offset[:, None]  # the four 16-bit rows
        after = np.ascontiguousarray(self._rows[index]).view(np.uint64).ravel()
        g = self._gains[index]
        gains = g[:, 0] + g[:, 1] + g[:, 2] + g[:, 3]
        after = np.where(vertical, _transpose(after), after)
        changed = after != self.boards
        self.boards = after
        self._spawn(changed)
        self.scores += gains
        self.streaks = np.where(changed, 0, self.streaks + 1)
        terminated = self._reached(self.target_exponent) | ~self._has_move()
        terminated |= self.streaks >= self.max_no_change
        rewards = gains.astype(np.float64)
        if restart.any():  # boards that finished on the previous step restart now
            self._reset_boards(restart)
            rewards[restart] = 0.0
            terminated[restart] = False
        self._needs_reset = terminated.copy()
        info = {"raw_score": self.scores.copy(), "score": np.minimum(self.scores / EXPERT_SCORE, 1.0) * 100.0}
        return self.exponents(), rewards, terminated, np.zeros(self.num_envs, dtype=bool), info

    def exponents(self) -> np.ndarray:
        """The boards as (N, 4, 4) int8 exponents (two nibbles per byte of each uint64)."""
        octets = self.boards.view(np.uint8).reshape(-1, 8)
        out = np.empty((self.num_envs, 8, 2), dtype=np.int8)
        np.bitwise_and(octets, 15, out=out[:, :, 0], casting="unsafe")
        np.right_shift(octets, 4, out=out[:, :, 1], casting="unsafe")
        return out.reshape(-1, 4, 4)

    # ------------------------------------------------------------------ helpers
    def _reset_boards(self, mask: np.ndarray) -> None:
        self.boards[mask] = 0
        self.scores[mask] = 0
        self.streaks[mask] = 0
        self._spawn(mask)
        self._spawn(mask)

    def _spawn(self, mask: np.ndarray) -> None:
        """One new tile (2 at 90%, 4 at 10%) on a uniformly chosen empty cell of each masked board.

        The k-th empty cell (k uniform) is found by a four-level binary search with popcounts on
        the empty-nibble mask: a few operations on N integers, no per-cell arrays.
        """
        which = np.flatnonzero(mask)
        boards = self.boards[which]
        empty = ~_occupied(boards) & _LOW_BITS
        count = np.bitwise_count(empty).astype(np.int64)
        k = (self.np_random.random(which.size) * count).astype(np.int64)
        position = np.zeros(which.size, dtype=np.uint64)
        for width in (32, 16, 8, 4):
            low = np.bitwise_count((empty >> position) & U64((1 << width) - 1)).astype(np.int64)
            upper = k >= low
            k -= np.where(upper, low, 0)
            position += np.where(upper, U64(width), U64(0))
        values = np.where(self.np_random.random(which.size) < 0.9, U64(1), U64(2))
        self.boards[which] = boards | np.where(count > 0, values << position, U64(0))

    def _reached(self, exponent: int) -> np.ndarray:
        """Whether any tile has at least the given exponent (SWAR: add per byte, test the carry bit)."""
        x = self.boards
        bump = U64((16 - exponent) * 0x0101010101010101)
        low = ((x & _NIBBLES) + bump) & _CARRIES
        high = (((x >> U64(4)) & _NIBBLES) + bump) & _CARRIES
        return (low | high) != 0

    def _has_move(self) -> np.ndarray:
        x = self.boards
        empty = np.bitwise_count(_occupied(x)) < 16
        horizontal = (~_occupied(x ^ (x >> U64(4))) & _HORIZONTAL_PAIRS) != 0
        vertical = (~_occupied(x ^ (x >> U64(16))) & _VERTICAL_PAIRS) != 0
        return empty | horizontal | vertical
