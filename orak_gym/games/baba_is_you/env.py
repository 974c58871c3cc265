"""``orak/BabaIsYou-v0``: Baba Is You on the embedded rules engine, scored with Orak's rubric."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.core.env import OrakEnv
from orak_gym.core.fast_path import NativeFastPath
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.scoring import rubric
from orak_gym.core.texts import game_text
from orak_gym.games.baba_is_you.actions import BabaParser
from orak_gym.games.baba_is_you.backend import BabaBackend, make_backend
from orak_gym.games.baba_is_you.level import Level, load_level
from orak_gym.games.baba_is_you.render import draw_board, frame_shape
from orak_gym.games.baba_is_you.rules import RuleSet
from orak_gym.games.baba_is_you.state import BabaState
from orak_gym.games.baba_is_you.vocab import ACTION_NAMES, N_KINDS

#: Orak's rubric for Baba Is You: cleared, a WIN rule formed, the barrier rule broken.
RUBRIC = {"won": 100.0, "win_rule": 40.0, "barrier_broken": 20.0}
_WON_SCORE = RUBRIC["won"]


class BabaIsYouEnv(NativeFastPath, OrakEnv[np.ndarray, int, BabaState]):
    """One Baba Is You level.

    Native observation: ``(kinds, height, width)`` uint8 presence planes, one per object noun and
    one per text word (kind order in :mod:`orak_gym.games.baba_is_you.vocab`).  Native action:
    ``Discrete(5)`` = idle, up, right, down, left.  Reward: the change of the Orak score / 100
    (so 1.0 in total for a win from a fresh level).  The episode terminates when the level is won
    or lost (nothing is YOU); the 30-decision limit (Orak's) applies in the text and image modalities.

    ``level``: a shipped level name (see ``orak_gym.games.baba_is_you.level.shipped_levels()``),
    a path to a ``.level`` file, or a :class:`Level`.  Default: ``where do i go?``, which has the
    structure of Orak's evaluation level.
    """

    def __init__(
        self, render_mode: str | None = None, level: str | Level | None = None, backend: str = "embedded"
    ) -> None:
        super().__init__(render_mode=render_mode)
        self.level = load_level(level)
        self.backend_name = backend
        make_backend(backend, self.level)  # fail now, not on reset, for an unknown backend
        self.action_parser = BabaParser()
        self.observation_space = spaces.Box(0, 1, shape=(N_KINDS, self.level.height, self.level.width), dtype=np.uint8)
        self.action_space = spaces.Discrete(5)
        self.frame_shape = frame_shape(self.level.width, self.level.height)
        self._game: BabaBackend | None = None
        # Derived facts of each rule set the engine reaches (its texts, a WIN rule, the barrier broken,
        # the rubric score short of a win): rule sets are shared and change rarely, so they are worked
        # out once, not every step; ``_last_facts`` is the latest, checked by identity.
        self._rule_facts: dict[int, tuple[RuleSet, tuple[tuple[str, ...], bool, bool], float]] = {}
        self._last_facts: tuple[RuleSet | None, tuple[tuple[str, ...], bool, bool], float] = (
            None,
            ((), False, False),
            0,
        )
        barrier = " ".join(self.level.barrier).upper() if self.level.barrier else None
        self._fixed = (self.level.name, self.level.width, self.level.height, barrier, self.level.hint)
        self._scored: tuple[BabaState | None, float] = (None, 0.0)
        self._score_now = 0.0  # the score of the current moment (kept by every move)
        self._over = False  # whether the level is won or lost (kept by every move that changes the board)
        self._last_move = 0
        # The engine's presence planes seen as the (kinds, height, width) observation: a step hands out a copy.
        self._planes: np.ndarray | None = None

    # ------------------------------------------------------------------ hooks
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> BabaState:
        self._game = make_backend(self.backend_name, self.level)
        self._planes = np.frombuffer(self._game.planes, dtype=np.uint8).reshape(self.observation_space.shape)
        return self._make_state("")

    def _act(self, action: int) -> tuple[BabaState, float, bool, bool]:
        # one implementation of a move: its observation (one numpy call) is dropped here, next to a state
        _, reward, done, _, _, _ = self._native_step(action)
        return self._make_state(ACTION_NAMES[self._last_move]), reward, done, False

    def _native_step(self, action: int) -> tuple[np.ndarray, float, bool, bool, float, float]:
        # The lean native modality's hot path: the engine's step is ~3 us, so this builds
        # no state (``_deferred_state`` does when asked), reads the score from cached rule facts and
        # makes no Python call of its own beyond the engine's step and the observation.
        game = self._game
        assert game is not None
        move = action if type(action) is int else int(action)
        if not 0 <= move <= 4:
            raise ValueError(f"action must be 0-4 (idle, up, right, down, left), got {action!r}")
        self._last_move = move
        if not game.step(move):  # nothing moved (an idle or blocked move): rules, score and end stand
            score = self._score_now
            return self._planes.copy(), 0.0, self._over, False, score, score  # type: ignore[union-attr]
        before = self._score_now
        ruleset, _, partial = self._last_facts
        if ruleset is not game.rules:
            ruleset, _, partial = self._last_facts = self._facts(game.rules)
        won = game.won
        over = self._over = won or game.lost
        score = self._score_now = _WON_SCORE if won else partial
        return self._planes.copy(), (score - before) / 100.0, over, False, score, score  # type: ignore[union-attr]

    def _deferred_state(self) -> BabaState:
        return self._make_state(ACTION_NAMES[self._last_move])

    def observe(self, state: BabaState) -> np.ndarray:
        if self._planes is None:
            return np.zeros(self.observation_space.shape, dtype=np.uint8)
        return self._planes.copy()

    def score(self, state: BabaState) -> float:
        scored, value = self._scored  # the state step() just made was scored when it was made
        if scored is not state:
            value = rubric(RUBRIC, {name for name, reached in state.rubric.items() if reached})
            self._scored = (state, value)
        return value

    def prompt_context(self) -> PromptContext:
        level = self.level
        task = f"Clear the level '{level.name}': move something that is YOU onto something that is WIN."
        if level.barrier:
            task += f" The barrier rule here is {' '.join(level.barrier).upper()}."
        return PromptContext(
            title="Baba Is You",
            task=task,
            rules=game_text("orak_gym.games.baba_is_you.prompts", "rules.md"),
            valid_actions="moves up, down, left, right (each optionally followed by a count), idle",
            action_format="### Actions\nup 3 right 2",
            default_action=self.action_parser.default_action_text,
            extras={"hint": level.hint},
        )

    def render_frame(self, state: BabaState) -> np.ndarray:
        things = self._game.things() if self._game is not None else list(self.level.objects)
        return draw_board(self.level.width, self.level.height, things)

    def _close(self) -> None:
        self._game = None
        self._planes = None

    def __getstate__(self) -> dict[str, Any]:
        # ``_planes`` is a view of the engine's planes: a pickled copy would stop following the engine
        state = dict(self.__dict__)
        state["_planes"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self._game is not None:
            self._planes = np.frombuffer(self._game.planes, dtype=np.uint8).reshape(self.observation_space.shape)

    # ------------------------------------------------------------------ helpers
    def _make_state(self, last_action: str) -> BabaState:
        """The current board (its objects decoded when read), scored at once from the cached rule facts."""
        game = self._game
        assert game is not None
        ruleset, facts, partial = self._last_facts
        if ruleset is not game.rules:
            ruleset, facts, partial = self._last_facts = self._facts(game.rules)
        won = game.won
        rules, win_rule, barrier_broken = facts
        level, width, height, barrier, hint = self._fixed
        state = BabaState.from_board(
            tuple(map(tuple, game.where)),
            level=level,
            width=width,
            height=height,
            rules=rules,
            won=won,
            lost=game.lost,
            moves=game.moves,
            barrier=barrier,
            hint=hint,
            last_action=last_action,
            rubric={"won": won, "win_rule": win_rule, "barrier_broken": barrier_broken},
        )
        self._score_now = _WON_SCORE if won else partial
        self._over = won or game.lost
        self._scored = (state, self._score_now)
        return state

    def _facts(self, ruleset: RuleSet) -> tuple[RuleSet, tuple[tuple[str, ...], bool, bool], float]:
        """(the rule set, (its texts, a WIN rule formed, the barrier broken), the rubric score without a win)."""
        found = self._rule_facts.get(id(ruleset))
        if found is None or found[0] is not ruleset:
            rules = tuple(ruleset.texts)
            barrier = self._fixed[3]
            win_rule = any(rule.endswith(" IS WIN") for rule in rules)
            broken = barrier is not None and barrier not in rules
            partial = rubric(
                RUBRIC, [name for name, hit in (("win_rule", win_rule), ("barrier_broken", broken)) if hit]
            )
            found = (ruleset, (rules, win_rule, broken), partial)
            if len(self._rule_facts) > 10_000:
                self._rule_facts.clear()
            self._rule_facts[id(ruleset)] = found
        return found
