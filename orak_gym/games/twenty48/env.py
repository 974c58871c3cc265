"""``orak/2048-v0``: Orak's 2048 on a table-driven engine."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.core.env import OrakEnv
from orak_gym.core.fast_path import NativeFastPath
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.scoring import normalised
from orak_gym.core.texts import game_text
from orak_gym.games.twenty48 import engine
from orak_gym.games.twenty48.actions import Twenty48Parser
from orak_gym.games.twenty48.render import FRAME_SHAPE, draw_board
from orak_gym.games.twenty48.state import Twenty48State

EXPERT_SCORE = 20_000  # Orak: min(score / 20000, 1) * 100, 20000 being about a human expert
_RANDOM_BATCH = 256


class Twenty48Env(NativeFastPath, OrakEnv[np.ndarray, int, Twenty48State]):
    """2048 with Orak's rules.

    A move that changes nothing spawns nothing.  New tiles are a 2 (90%) or a 4 (10%) on a
    uniformly chosen empty cell.  The episode ends on the target tile (2048), when no move is
    possible, or after ``max_no_change`` consecutive moves that change nothing.  The reward is
    the merge score of the move.
    """

    frame_shape = FRAME_SHAPE

    def __init__(self, render_mode: str | None = None, target_tile: int = 2048, max_no_change: int = 5) -> None:
        super().__init__(render_mode=render_mode)
        if target_tile < 4 or target_tile & (target_tile - 1) or target_tile > 1 << 17:
            raise ValueError("target_tile must be a power of two between 4 and 131072")
        self.target_exponent = target_tile.bit_length() - 1
        self.max_no_change = max_no_change
        self.action_parser = Twenty48Parser()
        self.observation_space = spaces.Box(0, 17, shape=(4, 4), dtype=np.int8)
        self.action_space = spaces.Discrete(4)
        self._rows: engine.Rows = (0, 0, 0, 0)
        self._random: list[float] = []
        self._digits = engine.tables().digits  # build the tables now, not on the first step
        # The episode so far, kept here rather than read back from the state, so that the native
        # modality's fast path (``_native_step``) needs no state object: score, moves, the run of
        # moves that changed nothing, the last move's name, the legal directions, the target reached.
        self._score = 0
        self._moves = 0
        self._streak = 0
        self._last = ""
        self._legal: list[int] = []
        self._won = False

    # ------------------------------------------------------------------ hooks
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> Twenty48State:
        self._random = []
        self._rows = self._spawn(self._spawn((0, 0, 0, 0)))
        return self._make_state(score=0, moves=0, streak=0, last="")

    def _act(self, action: int) -> tuple[Twenty48State, float, bool, bool]:
        gain, terminated = self._advance(action)
        return self._deferred_state(), float(gain), terminated, False

    def _native_step(self, action: int) -> tuple[np.ndarray, float, bool, bool, float, float]:
        # The lean native modality's path: no state object, the observation by one ``take``.
        gain, terminated = self._advance(action)
        raw = float(self._score)
        return self._digits.take(self._rows, axis=0), float(gain), terminated, False, normalised(raw, EXPERT_SCORE), raw

    def _deferred_state(self) -> Twenty48State:
        values = engine.row_values()
        rows = self._rows
        return Twenty48State(
            board=(values[rows[0]], values[rows[1]], values[rows[2]], values[rows[3]]),
            score=self._score,
            legal_moves=tuple(engine.DIRECTIONS[d] for d in self._legal),
            moves=self._moves,
            no_change_streak=self._streak,
            last_action=self._last,
            won=self._won,
        )

    def _advance(self, action: int) -> tuple[int, bool]:
        """One move, a spawn if it changed the board, the end check: (merge gain, terminated)."""
        direction = int(action)
        last = engine.DIRECTIONS[direction] if direction != engine.NOOP else "none"  # IndexError before any change
        rows, gain = engine.move(self._rows, direction) if direction != engine.NOOP else (self._rows, 0)
        changed = rows != self._rows
        if changed:
            self._rows = self._spawn(rows)
        self._streak = 0 if changed else self._streak + 1
        self._last = last
        self._score += gain
        self._moves += 1
        self._legal = engine.legal_moves(self._rows)
        self._won = engine.max_exponent(self._rows) >= self.target_exponent
        return gain, self._won or not self._legal or self._streak >= self.max_no_change

    def observe(self, state: Twenty48State) -> np.ndarray:
        return self._digits.take(self._rows, axis=0)

    def score(self, state: Twenty48State) -> float:
        return normalised(state.score, EXPERT_SCORE)

    def raw_score(self, state: Twenty48State) -> float:
        return float(state.score)

    def prompt_context(self) -> PromptContext:
        legal = self.state.legal_moves if self._state is not None else engine.DIRECTIONS
        return PromptContext(
            title="2048",
            task=f"Reach the {1 << self.target_exponent} tile, scoring as many points as you can.",
            rules=game_text(__package__, "rules.md").strip(),
            valid_actions="up, down, left, right",
            action_format="One word under '### Actions': up, down, left or right.",
            default_action=legal[0] if legal else "up",
            extras={"legal_moves": list(legal)},
        )

    def render_frame(self, state: Twenty48State) -> np.ndarray:
        return draw_board(state.board, state.score)

    # ------------------------------------------------------------------ helpers
    def _make_state(self, score: int, moves: int, streak: int, last: str) -> Twenty48State:
        """Sets the episode's counters (the board is ``_rows``) and returns the state they make."""
        self._score, self._moves, self._streak, self._last = score, moves, streak, last
        self._legal = engine.legal_moves(self._rows)
        self._won = engine.max_exponent(self._rows) >= self.target_exponent
        return self._deferred_state()

    def _uniform(self) -> float:
        """Uniform draws come from ``np_random`` in batches: seeded, and cheap per step."""
        if not self._random:
            self._random = self.np_random.random(_RANDOM_BATCH).tolist()
        return self._random.pop()

    def _spawn(self, rows: engine.Rows) -> engine.Rows:
        empty = engine.empty_cells(rows)
        if not empty:
            return rows
        cell = empty[int(self._uniform() * len(empty))]
        exponent = 1 if self._uniform() < 0.9 else 2
        return engine.place(rows, cell, exponent)
