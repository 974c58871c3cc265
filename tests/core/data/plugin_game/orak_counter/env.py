"""The counter env: a number starts at a seeded value; ``inc``/``dec`` move it; reach the target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.core import ActionParser, GameState, OrakEnv, ParsedAction, PromptContext, game_text, normalised

WORDS = {"dec": 0, "stay": 1, "inc": 2}


@dataclass
class CounterState(GameState):
    value: int
    target: int
    moves: int

    def to_text(self) -> str:
        return f"Value: {self.value}\nTarget: {self.target}\nMoves: {self.moves}"


class CounterParser(ActionParser):
    default_action_text = "stay"

    def _parse(self, text: str, state: Any) -> ParsedAction:
        words = [w for w in text.lower().split() if w in WORDS]
        if not words:
            return self.fallback("answer with inc, dec or stay")
        return ParsedAction([WORDS[words[-1]]], True, f"understood {words[-1]}")


class CounterEnv(OrakEnv[np.ndarray, int, CounterState]):
    frame_shape = (16, 64, 3)

    def __init__(self, render_mode: str | None = None, target: int = 10) -> None:
        super().__init__(render_mode=render_mode)
        self.target = target
        self.action_parser = CounterParser()
        self.observation_space = spaces.Box(-1000, 1000, shape=(2,), dtype=np.int64)
        self.action_space = spaces.Discrete(3)

    def _start(self, seed: int | None, options: dict[str, Any] | None) -> CounterState:
        return CounterState(int(self.np_random.integers(0, 5)), self.target, 0)

    def _act(self, action: int) -> tuple[CounterState, float, bool, bool]:
        old = self.state
        state = CounterState(old.value + int(action) - 1, self.target, old.moves + 1)
        reward = float(abs(self.target - old.value) - abs(self.target - state.value))
        return state, reward, state.value == self.target, False

    def observe(self, state: CounterState) -> np.ndarray:
        return np.array([state.value, state.target], dtype=np.int64)

    def score(self, state: CounterState) -> float:
        return normalised(self.target - abs(self.target - state.value), self.target)

    def prompt_context(self) -> PromptContext:
        return PromptContext(
            title="Counter",
            task=f"Make the value {self.target}.",
            rules=game_text(__package__, "rules.md"),
            valid_actions=["inc", "dec", "stay"],
            action_format="### Actions\ninc",
            default_action="stay",
        )

    def render_frame(self, state: CounterState) -> np.ndarray:
        frame = np.zeros(self.frame_shape, dtype=np.uint8)
        frame[:, : max(0, min(64, state.value + 32))] = (40, 160, 40)
        return frame
