"""``orak/SuperMario-v0``: Super Mario Bros on stable-retro, its state decoded from RAM.

Native modality: NES frames (optionally grayscale and/or downsampled) with the SIMPLE_MOVEMENT
discrete actions, ``frame_skip`` frames per step (4, as Orak's SkipFrame).  Text modality: the
same env stepped with :class:`JumpLevel` macros (Orak's execution semantics, see ``_jump``).

An episode is one life on one level, as in Orak: it ends when Mario dies or reaches the flag.
Each reset loads the level's start state and then idles a seeded 20-30 frames (Orak idles an
unseeded 20-30), so ``reset(seed=s)`` reproduces an episode exactly.
"""

from __future__ import annotations

import gzip
from typing import Any, NamedTuple

import numpy as np
from gymnasium import spaces

from orak_gym.backends.emulator_env import EmulatorEnvMixin
from orak_gym.backends.retro import RetroBackend
from orak_gym.core.env import OrakEnv
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.scoring import normalised
from orak_gym.games.super_mario import ram as smb
from orak_gym.games.super_mario.actions import SIMPLE_MOVEMENT, JumpLevel, JumpLevelParser
from orak_gym.games.super_mario.level import goal_x
from orak_gym.games.super_mario.rom import INTEGRATION, INTEGRATION_DIR, ROM, state_name
from orak_gym.games.super_mario.state import MarioState

NOOP_START = (20, 30)  # Orak's random no-op frames at the start of an episode (inclusive)
DEATH_PENALTY = 25.0
LANDING_SAMPLES = 3  # Orak: landed when y is equal for 3 consecutive samples
MAX_LANDING_STEPS = 50  # safety net: a macro never runs more than this many steps after its jumps
HISTORY = 3  # Orak's mario_loc_history keeps the last 3 positions
FALLBACK_LEVEL_LENGTH = 3128  # 1-1's start-to-flag distance, used if a level's flag is not found


class SavedState(NamedTuple):
    """A moment of an episode: the emulator's state plus what the env remembers about it."""

    emulator: bytes
    ram: np.ndarray
    history: list[tuple[int, int]]
    previous_action: str | None
    previous_level: int
    state: MarioState | None


class SuperMarioEnv(EmulatorEnvMixin, OrakEnv[np.ndarray, Any, MarioState]):
    """Super Mario Bros, one level, one life (see the module docstring).

    Args:
        level: "1-1" (default) or another level with a start state (``rom.LEVELS``).
        frame_skip: NES frames per native step (and per step of a jump macro).
        grayscale: native observations as HxWx1 luminance instead of RGB.
        downsample: keep every n-th row and column of the native observation.
        subprocess: force (True) or forbid (False) running the emulator in a child process;
            by default the first env of a process runs in it and later ones in children.
    """

    frame_shape = (224, 240, 3)

    def __init__(
        self,
        render_mode: str | None = None,
        level: str = "1-1",
        frame_skip: int = 4,
        grayscale: bool = False,
        downsample: int = 1,
        subprocess: bool | None = None,
    ) -> None:
        super().__init__(render_mode=render_mode)
        state_name(level)  # validates the level before the emulator starts
        if frame_skip < 1 or downsample < 1:
            raise ValueError("frame_skip and downsample must be >= 1")
        self.level, self.frame_skip = level, frame_skip
        self.grayscale, self.downsample = grayscale, downsample
        self.action_parser = JumpLevelParser()
        self.action_space = spaces.Discrete(len(SIMPLE_MOVEMENT))
        self.backend = RetroBackend(INTEGRATION, state_name(level), subprocess=subprocess)
        self.frame_shape = tuple(self.backend.frame_shape)  # type: ignore[assignment]
        h, w, _ = self.frame_shape
        shape = (-(-h // downsample), -(-w // downsample), 1 if grayscale else 3)
        self.observation_space = spaces.Box(0, 255, shape=shape, dtype=np.uint8)
        self._masks = [self.backend.buttons_mask(*combo) for combo in SIMPLE_MOVEMENT]
        self._right = self.backend.buttons_mask("RIGHT")
        self._right_a = self.backend.buttons_mask("RIGHT", "A")
        self._start_states = {name: _read_state(name) for name in {state_name(level)}}
        self._goals: dict[int, int | None] = {}  # level data pointer -> flagpole x
        self._ram = np.zeros(0x800, np.uint8)
        self._frame: np.ndarray | None = None
        self.start_x = 0
        self.flag_x: int | None = None
        self._history: list[tuple[int, int]] = []
        self._previous_action: str | None = None

    # ------------------------------------------------------------------ hooks
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> MarioState:
        level = (options or {}).get("level", self.level)
        name = state_name(level)
        if name not in self._start_states:
            self._start_states[name] = _read_state(name)
        self.backend.reset(self._start_states[name])
        noop = int(self.np_random.integers(NOOP_START[0], NOOP_START[1] + 1))
        self._ram = self.backend.noop(noop)
        area_ptr = int(self._ram[smb.AREA_DATA_LO]) | int(self._ram[smb.AREA_DATA_HI]) << 8
        if area_ptr not in self._goals:  # the ROM is read once per level, not on every reset
            self._goals[area_ptr] = goal_x(ROM.path, area_ptr)
        self.flag_x = self._goals[area_ptr]
        self.start_x = smb.level_x(self._ram)
        self.action_parser.previous_level = 0
        self._history, self._previous_action = [], None
        self._frame = None
        return self._decode()

    def _act(self, action: Any) -> tuple[MarioState, float, bool, bool]:
        before = smb.level_x(self._ram)
        if isinstance(action, JumpLevel):
            self._jump(action.level)
            self.action_parser.previous_level = action.level
            self._previous_action = repr(action)
            self._frame = None
        else:
            index = int(action)
            if not 0 <= index < len(self._masks):
                raise ValueError(f"native action must be 0..{len(self._masks) - 1}, got {action!r}")
            if self.native_observations:  # the observation is the screen after the step: fetch both at once
                self._ram, self._frame = self.backend.run_frame(self._masks[index], self.frame_skip)
            else:
                self._ram, self._frame = self.backend.run(self._masks[index], self.frame_skip), None
            self._previous_action = "+".join(SIMPLE_MOVEMENT[index]) or "NOOP"
        state = self._decode()
        reward = float(state.level_x - before) - (DEATH_PENALTY if state.dying else 0.0)
        return state, reward, state.dying or state.flag_reached, False

    def _jump(self, level: int) -> None:
        """Orak's macro: level 0 = one step right; level n = n steps of right+A, then right until
        Mario's y is the same for 3 consecutive samples (landed), or the life/level ends."""
        if level == 0:
            self._ram = self.backend.run(self._right, self.frame_skip)
            return
        for _ in range(level):
            self._ram = self.backend.run(self._right_a, self.frame_skip)
            if self._over():
                return
        ys: list[int] = []
        for _ in range(MAX_LANDING_STEPS):
            self._ram = self.backend.run(self._right, self.frame_skip)
            if self._over():
                return
            ys.append(smb.player_y(self._ram))
            if len(ys) >= LANDING_SAMPLES and len(set(ys[-LANDING_SAMPLES:])) == 1:
                return

    def _over(self) -> bool:
        return smb.is_dying(self._ram) or smb.is_flag_reached(self._ram)

    def _decode(self) -> MarioState:
        decode = smb.decode_deferred if self.lean_info else smb.decode  # native modality: decode on demand
        state = decode(self._ram, self.flag_x, self._previous_action, self._history)
        self._history = [*self._history, state.mario][-HISTORY:]
        return state

    def observe(self, state: MarioState) -> np.ndarray:
        frame = self._current_frame()
        if self.downsample > 1:
            frame = frame[:: self.downsample, :: self.downsample]
        if self.grayscale:
            frame = (frame @ np.array([0.299, 0.587, 0.114]))[..., None].astype(np.uint8)
        return np.ascontiguousarray(frame)

    def render_frame(self, state: MarioState) -> np.ndarray:
        return self._current_frame()

    def _current_frame(self) -> np.ndarray:
        if self._frame is None:
            self._frame = self.backend.frame()
        return self._frame

    def score(self, state: MarioState) -> float:
        """Orak: distance travelled / distance from the start to the flagpole x 100, 100 at the flag."""
        if state.flag_reached:
            return 100.0
        length = (self.flag_x - self.start_x) if self.flag_x else FALLBACK_LEVEL_LENGTH
        return normalised(state.level_x - self.start_x, max(length, 1))

    def raw_score(self, state: MarioState) -> float:
        """Orak's ``evaluate``: Mario's x in the level (``x_pos``)."""
        return float(state.level_x)

    def prompt_context(self) -> PromptContext:
        from orak_gym.games.super_mario.prompts import prompt_context

        return prompt_context(self.level, self.action_parser.previous_level)

    # ------------------------------------------------------------------ look-ahead support
    def save_state(self) -> SavedState:
        """Everything needed to come back to this exact moment (used by the expert's search)."""
        return SavedState(
            self.backend.save_state(),
            self._ram.copy(),
            list(self._history),
            self._previous_action,
            self.action_parser.previous_level,
            self._state,
        )

    def load_state(self, saved: SavedState) -> None:
        """Restores a :meth:`save_state` snapshot (emulator, decoded state and macro memory)."""
        self.backend.load_state(saved.emulator)
        self._ram = saved.ram.copy()
        self._history = list(saved.history)
        self._previous_action = saved.previous_action
        self.action_parser.previous_level = saved.previous_level
        self._state = saved.state
        self._frame = None

    # The snapshot protocol (orak_gym.core.SnapshotEnv) that look-ahead experts use.
    save_snapshot = save_state
    load_snapshot = load_state


def _read_state(name: str) -> bytes:
    """A save state of the integration, decompressed (stable-retro stores them gzip'ed)."""
    path = INTEGRATION_DIR / f"{name}.state"
    return gzip.decompress(path.read_bytes())
