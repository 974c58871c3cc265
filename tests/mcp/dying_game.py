"""A tiny orak game whose backend is a real child process, so tests can kill it ("a backend that
died") and check that closing a session stops it ("no process left behind").

Importing this module registers ``orak-test/Dying-v0`` the way a third-party game package would
(``GameSpec.register``); a server reaches it with ``--env dying_game:orak-test/Dying-v0`` when
this folder is on ``PYTHONPATH``.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.core import (
    ActionParser,
    BackendError,
    EnvVariant,
    GameSpec,
    GameState,
    OrakEnv,
    ParsedAction,
    PromptContext,
)
from orak_gym.registration import register

#: The backend's program; the marker lets tests find leftover backends in /proc.
BACKEND_PROGRAM = "import time; time.sleep(3600)  # orak-mcp-test-backend"


@dataclass
class DyingState(GameState):
    backend_pid: int
    count: int

    def to_text(self) -> str:
        return f"count: {self.count} (backend pid {self.backend_pid})"


class CountParser(ActionParser):
    default_action_text = "wait"

    def _parse(self, text: str, state: Any) -> ParsedAction:
        if text.strip() == "count":
            return ParsedAction(actions=[1], valid=True, feedback="count")
        return ParsedAction(actions=[0], valid=False, feedback="only 'count' counts")


class DyingEnv(OrakEnv[np.ndarray, int, DyingState]):
    action_parser = CountParser()
    frame_shape = (8, 8, 3)

    def __init__(self, render_mode: str | None = None) -> None:
        super().__init__(render_mode)
        self.observation_space = spaces.Box(0, 1000, shape=(1,), dtype=np.int64)
        self.action_space = spaces.Discrete(2)
        self.backend = subprocess.Popen([sys.executable, "-c", BACKEND_PROGRAM])
        self.count = 0

    def _alive(self) -> None:
        if self.backend.poll() is not None:
            raise BackendError(f"the backend process {self.backend.pid} died (exit {self.backend.returncode})")

    def _start(self, seed: int | None, options: dict[str, Any] | None) -> DyingState:
        self._alive()
        self.count = 0
        return DyingState(self.backend.pid, 0)

    def _act(self, native_action: int) -> tuple[DyingState, float, bool, bool]:
        self._alive()
        self.count += int(native_action)
        return DyingState(self.backend.pid, self.count), float(native_action), self.count >= 5, False

    def observe(self, state: DyingState) -> np.ndarray:
        return np.array([state.count], dtype=np.int64)

    def score(self, state: DyingState) -> float:
        return 20.0 * state.count

    def prompt_context(self) -> PromptContext:
        return PromptContext(
            title="Dying test game",
            task="Count to five.",
            rules="Say 'count' five times.",
            valid_actions=["count"],
            default_action="wait",
        )

    def render_frame(self, state: DyingState) -> np.ndarray:
        return np.full(self.frame_shape, state.count * 40, dtype=np.uint8)

    def _close(self) -> None:
        if self.backend.poll() is None:
            self.backend.kill()
        self.backend.wait(timeout=10)


SPEC = GameSpec(
    name="dying_test_game",
    title="DyingTestGame",
    genre="test",
    env_class=f"{__name__}:DyingEnv",
    variants=(EnvVariant("orak-test/Dying-v0"),),
)
register(SPEC)
