"""The 2048 rules as lookup tables.

A row of four tiles is one integer (base-18 digits of the tiles' log2 values, leftmost first),
so a move is four table look-ups instead of a Python loop over tiles.  Up/down moves transpose
the board with "spread" tables whose entries place a row's digits in separate 20-bit slots of
one Python int, so four additions build all four columns at once.  The same tables, as numpy
arrays, drive the vectorised env.

Tiles are stored as exponents: 0 is empty, 1 is a 2, 11 is a 2048, up to 17 (131072), the
largest tile a 4x4 board can hold.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

BASE = 18  # exponents 0..17
N_ROWS = BASE**4
SLOT = 20  # bits per column slot in a spread int (N_ROWS < 2**17)
SLOT_MASK = (1 << SLOT) - 1
WEIGHTS = np.array([BASE**3, BASE**2, BASE, 1], dtype=np.int64)

UP, DOWN, LEFT, RIGHT = 0, 1, 2, 3
NOOP = 4  # the text parser's default: no move (counts as a no-change move, as in Orak)
DIRECTIONS = ("up", "down", "left", "right")

Rows = tuple[int, int, int, int]


class Tables(NamedTuple):
    digits: np.ndarray  # (N_ROWS, 4) int8: row code -> exponents
    left: np.ndarray  # (N_ROWS,) int64: row code after sliding left
    right: np.ndarray
    gain_left: np.ndarray  # (N_ROWS,) int64: merge score of the slide
    gain_right: np.ndarray
    # Python lists of the same, for the single-board hot path (list indexing beats numpy scalars).
    left_list: list[int]
    right_list: list[int]
    gain_left_list: list[int]
    gain_right_list: list[int]
    spread: tuple[list[int], list[int], list[int], list[int]]


def slide_left(digits: np.ndarray, max_exponent: int = BASE - 1) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised slide-and-merge of many rows; each tile merges at most once per move."""
    order = np.argsort(digits == 0, axis=1, kind="stable")
    row = np.take_along_axis(digits, order, axis=1).astype(np.int64)
    gain = np.zeros(len(row), dtype=np.int64)
    for i in range(3):
        merge = (row[:, i] != 0) & (row[:, i] == row[:, i + 1]) & (row[:, i] < max_exponent)
        row[merge, i] += 1
        gain[merge] += 1 << row[merge, i]
        row[merge, i + 1 :] = np.concatenate([row[merge, i + 2 :], np.zeros((merge.sum(), 1), np.int64)], axis=1)
    return row, gain


def _spread(values: np.ndarray) -> list[int]:
    """Per row code, its four values placed in 20-bit slots of one int (slot j = column j)."""
    low = (values[:, :3] << (SLOT * np.arange(3, dtype=np.int64))).sum(axis=1)  # fits in int64
    high = values[:, 3]
    return [lo + (hi << 3 * SLOT) for lo, hi in zip(low.tolist(), high.tolist(), strict=True)]


@lru_cache(maxsize=1)
def tables() -> Tables:
    """Builds the tables once per process (about 0.2 s)."""
    codes = np.arange(N_ROWS, dtype=np.int64)
    digits = (codes[:, None] // WEIGHTS[None, :]) % BASE
    slid, gain_left = slide_left(digits)
    left = slid @ WEIGHTS
    reverse = digits[:, ::-1] @ WEIGHTS
    right = reverse[left[reverse]]
    gain_right = gain_left[reverse]
    spread = tuple(_spread(digits * BASE ** (3 - i)) for i in range(4))
    return Tables(
        digits=digits.astype(np.int8),
        left=left,
        right=right,
        gain_left=gain_left,
        gain_right=gain_right,
        left_list=left.tolist(),
        right_list=right.tolist(),
        gain_left_list=gain_left.tolist(),
        gain_right_list=gain_right.tolist(),
        spread=spread,  # type: ignore[arg-type]
    )


def encode(board: np.ndarray) -> Rows:
    """A (4, 4) exponent board as four row codes."""
    codes = np.asarray(board, dtype=np.int64) @ WEIGHTS
    return (int(codes[0]), int(codes[1]), int(codes[2]), int(codes[3]))


def decode(rows: Rows) -> np.ndarray:
    """Four row codes as a (4, 4) int8 exponent board."""
    return tables().digits[list(rows)]


def transpose(rows: Rows) -> Rows:
    s0, s1, s2, s3 = tables().spread
    x = s0[rows[0]] + s1[rows[1]] + s2[rows[2]] + s3[rows[3]]
    return (x & SLOT_MASK, (x >> SLOT) & SLOT_MASK, (x >> 2 * SLOT) & SLOT_MASK, x >> 3 * SLOT)


def move(rows: Rows, direction: int) -> tuple[Rows, int]:
    """Applies one move: returns the new rows and the merge score it earned (no spawn)."""
    t = tables()
    if direction in (LEFT, RIGHT):
        table, gains = (t.left_list, t.gain_left_list) if direction == LEFT else (t.right_list, t.gain_right_list)
        r0, r1, r2, r3 = rows
        return (table[r0], table[r1], table[r2], table[r3]), gains[r0] + gains[r1] + gains[r2] + gains[r3]
    if direction in (UP, DOWN):
        table, gains = (t.left_list, t.gain_left_list) if direction == UP else (t.right_list, t.gain_right_list)
        c0, c1, c2, c3 = transpose(rows)
        moved = (table[c0], table[c1], table[c2], table[c3])
        return transpose(moved), gains[c0] + gains[c1] + gains[c2] + gains[c3]
    return rows, 0


def legal_moves(rows: Rows) -> list[int]:
    """The directions that change the board."""
    return [d for d in (UP, DOWN, LEFT, RIGHT) if move(rows, d)[0] != rows]


def empty_cells(rows: Rows) -> list[int]:
    """Flat indices (row * 4 + col) of the empty cells."""
    digits = tables().digits
    return [i * 4 + j for i, r in enumerate(rows) for j in range(4) if digits[r, j] == 0]


def place(rows: Rows, cell: int, exponent: int) -> Rows:
    """Puts a tile with the given exponent on an empty cell."""
    i, j = divmod(cell, 4)
    out = list(rows)
    out[i] += exponent * BASE ** (3 - j)
    return (out[0], out[1], out[2], out[3])


def max_exponent(rows: Rows) -> int:
    return int(tables().digits[list(rows)].max())


@lru_cache(maxsize=1)
def row_values() -> list[tuple[int, int, int, int]]:
    """Row code -> the four tile values (0, 2, 4, ...), for building text without numpy."""
    return [tuple(0 if d == 0 else 1 << d for d in row) for row in tables().digits.tolist()]  # type: ignore[misc]
