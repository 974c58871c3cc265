"""``gym.make_vec("orak/BabaIsYou-v0", num_envs=N, vectorization_mode="vector_entry_point")``.

Why a vector env of its own: an RL loop over N ``gym.make`` copies pays, per board and step, for
the wrapper chain, a full :class:`BabaState`, the Orak text and the ``info`` dict, which together
cost about ten times the engine's move.  Here the N engines live in one object, a step moves them
in one Python loop, and the only per-board work besides the move is what the caller gets back:

* the observation planes are the engines' own presence planes (kept up to date by every move in
  the engine itself), read for all boards with one numpy copy;
* the Orak rubric (won / a WIN rule formed / the barrier rule broken) is read from the engine's
  flags and its cached :class:`RuleSet`, whose rubric answers are memoised per rule set.

Boards may play different levels (``level=[...]``); observations are padded to the largest
width and height (padding cells are always empty).  Native modality only: ``(N, kinds, H, W)``
uint8 presence planes and ``Discrete(5)`` per board, the single env's spaces; rewards, scores and
terminations equal N single envs stepped with the same actions.  Finished boards restart on the
next step (Gymnasium's default next-step autoreset), as in the 2048 vector env.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from orak_gym.core.scoring import rubric
from orak_gym.games.baba_is_you.engine import BabaEngine
from orak_gym.games.baba_is_you.env import RUBRIC
from orak_gym.games.baba_is_you.level import Level, load_level
from orak_gym.games.baba_is_you.rules import RuleSet
from orak_gym.games.baba_is_you.vocab import N_KINDS

_VALID_MOVES = frozenset(range(5))


class BabaVectorEnv(VectorEnv):
    """N Baba Is You boards stepped together; see the module docstring for what it computes."""

    metadata = {"autoreset_mode": AutoresetMode.NEXT_STEP}  # noqa: RUF012

    def __init__(
        self,
        num_envs: int = 1,
        level: str | Level | Sequence[str | Level] | None = None,
        max_episode_steps: int | None = None,
        modality: str = "native",
        **_: Any,  # the registry's ``game`` kwarg, which only the single env reads
    ) -> None:
        if modality != "native":
            raise ValueError(
                f"the Baba Is You vector env is native only (modality={modality!r}); for text or images use "
                "gym.make_vec(..., vectorization_mode='sync' or 'async')"
            )
        if num_envs < 1:
            raise ValueError(f"num_envs must be at least 1, got {num_envs}")
        choices = list(level) if isinstance(level, (list, tuple)) else [level]
        if not choices:
            raise ValueError("level=[] names no level: pass one level or one per board")
        loaded = [load_level(choice) for choice in choices]
        self.num_envs = num_envs
        self.levels: list[Level] = [loaded[i % len(loaded)] for i in range(num_envs)]
        self.max_episode_steps = max_episode_steps
        self.height = max(lv.height for lv in self.levels)
        self.width = max(lv.width for lv in self.levels)
        self.single_observation_space = spaces.Box(0, 1, shape=(N_KINDS, self.height, self.width), dtype=np.uint8)
        self.single_action_space = spaces.Discrete(5)
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)

        # Every engine keeps its planes (kinds x its own cells) in place: boards of the full size write
        # straight into a row of ``_planes``; smaller ones are copied into the padding after a change.
        self._planes = np.zeros((num_envs, N_KINDS, self.height, self.width), dtype=np.uint8)
        self._padded = [(lv.height, lv.width) != (self.height, self.width) for lv in self.levels]
        self._engines: list[BabaEngine] = [self._new_engine(i) for i in range(num_envs)]
        self._all_valid = np.ones(num_envs, dtype=bool)  # a native move is always a valid move
        self._scores = [0.0] * num_envs
        self._steps = [0] * num_envs
        self._needs_reset = [False] * num_envs
        self._rubric_memo: dict[tuple[int, tuple[str, str, str] | None], tuple[RuleSet, float]] = {}
        # per board, the rule set ``_score`` last read while the board was not won, and that score
        self._ruled: list[RuleSet | None] = [None] * num_envs
        self._partials = [0.0] * num_envs

    # ------------------------------------------------------------------ Gymnasium API
    def reset(
        self, *, seed: int | list[int] | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        super().reset(seed=seed if not isinstance(seed, list) else seed[0])  # the boards are deterministic
        for i in range(self.num_envs):
            self._restart(i)
        self._needs_reset = [False] * self.num_envs
        return self._planes.copy(), {"score": np.array(self._scores)}

    def step(
        self, actions: np.ndarray | Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        moves = actions.tolist() if isinstance(actions, np.ndarray) else list(actions)
        if len(moves) != self.num_envs or not _VALID_MOVES.issuperset(moves):
            shape = np.shape(actions)
            if shape != (self.num_envs,):
                raise ValueError(f"expected {self.num_envs} actions, got shape {shape}")
            raise ValueError(f"each action must be 0-4 (idle, up, right, down, left), got {moves}")
        n = self.num_envs
        rewards = [0.0] * n
        terminated = [False] * n
        truncated = [False] * n
        engines, scores, steps, restart = self._engines, self._scores, self._steps, self._needs_reset
        ruled, partials = self._ruled, self._partials
        padded, limit = self._padded, self.max_episode_steps
        for i, move in enumerate(moves):
            if restart[i]:
                self._restart(i)
                continue
            engine = engines[i]
            if engine.step(move):
                if padded[i]:
                    self._copy_padded(i)
                rules = engine.rules
                # most moves keep the rule set: its score, read last time, stands (unless the board is won)
                score = partials[i] if rules is ruled[i] and not engine.won else self._score(i)
                rewards[i] = (score - scores[i]) / 100.0
                scores[i] = score
            steps[i] += 1
            done = terminated[i] = engine.won or engine.lost
            truncated[i] = limit is not None and steps[i] >= limit and not done
        self._needs_reset = [a or b for a, b in zip(terminated, truncated, strict=True)]
        info = {"score": np.array(scores), "action_valid": self._all_valid.copy()}
        return (
            self._planes.copy(),
            np.array(rewards),
            np.array(terminated, dtype=bool),
            np.array(truncated, dtype=bool),
            info,
        )

    def render(self) -> None:
        return None  # frames per board: use the single env's rgb_array rendering

    # ------------------------------------------------------------------ per board
    def _new_engine(self, i: int) -> BabaEngine:
        level = self.levels[i]
        if self._padded[i]:
            engine = BabaEngine(level)
            self._planes[i] = 0
        else:
            engine = BabaEngine(level, planes=self._planes[i].reshape(-1).data)
        return engine

    def _restart(self, i: int) -> None:
        self._engines[i] = self._new_engine(i)
        self._steps[i] = 0
        if self._padded[i]:
            self._copy_padded(i)
        self._scores[i] = self._score(i)

    def _copy_padded(self, i: int) -> None:
        level = self.levels[i]
        planes = np.frombuffer(self._engines[i].planes, dtype=np.uint8)
        self._planes[i, :, : level.height, : level.width] = planes.reshape(N_KINDS, level.height, level.width)

    def _score(self, i: int) -> float:
        """The Orak rubric of board ``i``, memoised per (rule set, barrier): rules change rarely."""
        engine = self._engines[i]
        if engine.won:
            return RUBRIC["won"]
        rules = self._ruled[i] = engine.rules
        barrier = self.levels[i].barrier
        key = (id(rules), barrier)
        memo = self._rubric_memo.get(key)
        if memo is None or memo[0] is not rules:
            texts = rules.texts
            reached = set()
            if any(text.endswith(" IS WIN") for text in texts):
                reached.add("win_rule")
            if barrier is not None and " ".join(barrier).upper() not in texts:
                reached.add("barrier_broken")
            memo = (rules, rubric(RUBRIC, reached))
            if len(self._rubric_memo) > 100_000:
                self._rubric_memo.clear()
            self._rubric_memo[key] = memo
        score = self._partials[i] = memo[1]
        return score
