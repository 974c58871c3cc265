"""A game that talks to its mod through files, written as a third-party game package would write it:
this module and the mod beside it are its whole folder, it registers itself with
``orak_gym.registration.register``, and it reaches its mod through the shared mod link
(:mod:`orak_gym.backends.mod_link`) in the mod's own message format. Nothing else in orak-gym
knows it exists.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.backends.emulator_env import RebuiltOnCopyMixin
from orak_gym.backends.mod_link import FileLink, MessageFormat, ModLinkError
from orak_gym.core import ActionParser, EnvVariant, GameSpec, GameState, OrakEnv, ParsedAction, PromptContext
from orak_gym.core.actions import actions_section
from orak_gym.registration import register

MOD = Path(__file__).with_name("lantern_mod.py")
_FIELD = re.compile(r"(\w+)=([^ ;]*)")


def _decode(line: str | bytes) -> dict[str, str]:
    text = line.decode() if isinstance(line, bytes) else line
    if not text.endswith(";"):
        raise ModLinkError(f"the Lantern mod sent a broken message: {text[:60]!r}")
    return dict(_FIELD.findall(text))


#: The mod's own format: ``key=value`` pairs, a message ends with ``;``.
LANTERN_FORMAT = MessageFormat(complete=lambda text: text.endswith(";"), decode=_decode)


@dataclass
class LanternState(GameState):
    turn: int
    lit: int
    wind: int
    done: bool

    def to_text(self) -> str:
        return f"Turn {self.turn}: {self.lit} lanterns lit (the wind blew out {self.wind})."


class LanternParser(ActionParser):
    default_action_text = "wait"
    _MOVE = re.compile(r"\A\s*(?:light\s+([123])|(wait))\s*\Z", re.IGNORECASE)

    def _parse(self, text: str, state: Any) -> ParsedAction:
        body = actions_section(text)
        match = self._MOVE.match(body if body is not None else text)
        if match is None:
            return self.fallback("write 'light 1', 'light 2', 'light 3' or 'wait'")
        amount = int(match.group(1) or 0)
        return ParsedAction(actions=[amount], valid=True, feedback=f"light {amount}" if amount else "wait")

    def fallback(self, reason: str) -> ParsedAction:
        return ParsedAction(actions=[0], valid=False, feedback=reason)


# the mod is a process: a copy (a pickle, a vector worker's env) starts its own
class LanternEnv(RebuiltOnCopyMixin, OrakEnv[np.ndarray, int, LanternState]):
    action_parser = LanternParser()
    frame_shape = (8, 24, 3)

    def __init__(self, render_mode: str | None = None, message_timeout: float = 10.0) -> None:
        super().__init__(render_mode)
        self.observation_space = spaces.Box(0, 30, shape=(2,), dtype=np.int64)
        self.action_space = spaces.Discrete(4)
        self.message_timeout = message_timeout
        self.folder: Path | None = None
        self.mod: subprocess.Popen | None = None
        self.link: FileLink | None = None

    def _exchange(self, command: str) -> LanternState:
        assert self.link is not None and self.mod is not None
        if self.mod.poll() is not None:
            raise ModLinkError(f"the Lantern mod exited (code {self.mod.returncode})")
        self.link.write(command)
        text = self.link.read(timeout=self.message_timeout)
        if text is None:
            raise ModLinkError(f"the Lantern mod sent nothing for {self.message_timeout:g} s")
        fields = LANTERN_FORMAT.decode(text)
        if "error" in fields:
            raise ModLinkError(f"the Lantern mod refused {command!r}: {fields['error']}")
        return LanternState(int(fields["turn"]), int(fields["lit"]), int(fields["wind"]), fields["done"] == "1")

    def _start(self, seed: int | None, options: dict[str, Any] | None) -> LanternState:
        if self.mod is None:
            self.folder = Path(tempfile.mkdtemp(prefix="orak-lantern-"))
            self.link = FileLink(self.folder / "commands.txt", self.folder / "messages.txt", poll=0.002,
                                 message_format=LANTERN_FORMAT)  # fmt: skip
            self.mod = subprocess.Popen([sys.executable, str(MOD), str(self.folder)])
            self.link.announce()
        seed = int(self.np_random.integers(2**31)) if seed is None else seed
        return self._exchange(f"START {seed}")

    def _act(self, native_action: int) -> tuple[LanternState, float, bool, bool]:
        before = self.state.lit
        state = self._exchange(f"LIGHT {native_action}" if native_action else "WAIT")
        return state, float(state.lit - before), state.done, False

    def observe(self, state: LanternState) -> np.ndarray:
        return np.array([state.turn, state.lit], dtype=np.int64)

    def score(self, state: LanternState) -> float:
        return min(100.0, 100.0 * state.lit / 12)

    def prompt_context(self) -> PromptContext:
        return PromptContext(
            title="Lanterns (a test game)",
            task="Light twelve lanterns within fifteen turns.",
            rules="Each turn light 1-3 lanterns or wait; the wind may blow one out.",
            valid_actions=["light 1", "light 2", "light 3", "wait"],
            default_action="wait",
        )

    def render_frame(self, state: LanternState) -> np.ndarray:
        frame = np.full(self.frame_shape, (16, 16, 48), dtype=np.uint8)  # the night sky
        frame[:6, : 2 * min(state.lit, 12)] = (255, 200, 64)  # a lit lantern per two columns
        frame[7, : min(state.turn, 15)] = (200, 200, 200)  # a tick per turn played
        return frame

    def _close(self) -> None:
        if self.mod is not None:
            if self.mod.poll() is None and self.link is not None:
                self.link.write("QUIT")
            try:
                self.mod.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.mod.kill()
                self.mod.wait(timeout=5)
        if self.link is not None:
            self.link.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.mod = self.link = self.folder = None


SPEC = GameSpec(
    name="lantern_test_game",
    title="LanternTestGame",
    genre="test",
    env_class=f"{__name__}:LanternEnv",
    variants=(EnvVariant("orak-test/Lantern-v0"),),
)
register(SPEC)
