"""``orak/BabaIsYou-v0``: Baba Is You on the embedded rules engine, scored with Orak's rubric."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.core.env import OrakEnv
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.scoring import rubric
from orak_gym.core.texts import game_text
from orak_gym.games.baba_is_you.actions import BabaParser
from orak_gym.games.baba_is_you.backend import BabaBackend, make_backend
from orak_gym.games.baba_is_you.level import Level, load_level
from orak_gym.games.baba_is_you.render import draw_board, frame_shape
from orak_gym.games.baba_is_you.state import BabaState
from orak_gym.games.baba_is_you.vocab import ACTION_NAMES, N_KINDS, kind_name

#: Orak's rubric for Baba Is You: cleared, a WIN rule formed, the barrier rule broken.
RUBRIC = {"won": 100.0, "win_rule": 40.0, "barrier_broken": 20.0}


class BabaIsYouEnv(OrakEnv[np.ndarray, int, BabaState]):
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

    # ------------------------------------------------------------------ hooks
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> BabaState:
        self._game = make_backend(self.backend_name, self.level)
        return self._make_state("")

    def _act(self, action: int) -> tuple[BabaState, float, bool, bool]:
        assert self._game is not None
        move = int(action)
        if not 0 <= move < len(ACTION_NAMES):
            raise ValueError(f"action must be 0-4 (idle, up, right, down, left), got {action!r}")
        before = self.score(self.state)
        self._game.step(move)
        state = self._make_state(ACTION_NAMES[move])
        reward = (self.score(state) - before) / 100.0
        return state, reward, state.won or state.lost, False

    def observe(self, state: BabaState) -> np.ndarray:
        planes = np.zeros(self.observation_space.shape, dtype=np.uint8)
        if self._game is not None:
            things = self._game.things()
            if things:
                kinds, xs, ys = zip(*things, strict=True)
                planes[list(kinds), list(ys), list(xs)] = 1
        return planes

    def score(self, state: BabaState) -> float:
        return rubric(RUBRIC, {name for name, reached in state.rubric.items() if reached})

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

    # ------------------------------------------------------------------ helpers
    def _make_state(self, last_action: str) -> BabaState:
        game = self._game
        assert game is not None
        rules = tuple(game.rules.texts)
        barrier = " ".join(self.level.barrier).upper() if self.level.barrier else None
        win_rule = any(rule.endswith(" IS WIN") for rule in rules)
        return BabaState(
            level=self.level.name,
            width=self.level.width,
            height=self.level.height,
            objects=tuple((kind_name(k), x, y) for k, x, y in game.things()),
            rules=rules,
            won=game.won,
            lost=game.lost,
            moves=game.moves,
            barrier=barrier,
            hint=self.level.hint,
            last_action=last_action,
            rubric={
                "won": game.won,
                "win_rule": win_rule,
                "barrier_broken": barrier is not None and barrier not in rules,
            },
        )
