"""A PyBoy backend any Game Boy game can use: headless, stepped, deterministic.

Orak ticks PyBoy in a real-time background thread (~100 Hz) and sleeps 3 s after each action,
so the same inputs never give the same game.  Here nothing runs between calls: the emulator
advances only when the env asks (``tick``/``press``), as fast as the CPU allows, so a seeded
episode replays exactly and a decision costs milliseconds of emulation.

The ROM is passed to PyBoy as bytes (not as a path) so PyBoy never picks up a stray battery save
(``<rom>.ram``) lying next to the user's file: every start is a clean power-on.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from orak_gym.core.errors import BackendError, MissingDependencyError

#: The Game Boy's eight buttons, with PyBoy's names (the standard RL action set is built from them).
BUTTONS: tuple[str, ...] = ("up", "down", "left", "right", "a", "b", "start", "select")

SCREEN_SHAPE = (144, 160, 3)  # height, width, RGB
DEFAULT_HOLD_FRAMES = 10  # Orak presses a button for 10 ticks ...
DEFAULT_RELEASE_FRAMES = 10  # ... and we let the game see the release before the next press


def _import_pyboy() -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Using SDL2 binaries from pysdl2-dll" on import
            from pyboy import PyBoy
    except ImportError as exc:
        raise MissingDependencyError("pyboy", "pyboy", "the Game Boy emulator") from exc
    return PyBoy


class PyBoyBackend:
    """One headless PyBoy emulator driven by explicit ticks.

    Args:
        rom: the ROM file (already verified by the caller, usually through an ``Asset``) or its bytes.
        symbols: optional ``.sym`` file, for ``symbol`` look-ups (address of a named label).
        cgb: force Game Boy Color mode (True), original mode (False) or auto (None).
    """

    def __init__(self, rom: Path | str | bytes, *, symbols: Path | str | None = None, cgb: bool | None = None) -> None:
        PyBoy = _import_pyboy()
        self.rom_bytes: bytes = bytes(rom) if isinstance(rom, (bytes, bytearray)) else Path(rom).read_bytes()
        kwargs: dict[str, Any] = {"window": "null", "sound_emulated": False, "log_level": "ERROR"}
        if symbols is not None:
            kwargs["symbols"] = str(symbols)
        if cgb is not None:
            kwargs["cgb"] = cgb
        try:
            self._pyboy = PyBoy(io.BytesIO(self.rom_bytes), **kwargs)
        except Exception as exc:  # PyBoy raises its own exception types on a bad cartridge header
            raise BackendError(f"PyBoy could not load the ROM: {exc}") from exc
        self._pyboy.set_emulation_speed(0)  # no real-time throttling: we drive the clock
        self._held: set[str] = set()
        self.frame_count = 0
        self._rendered = False

    # ------------------------------------------------------------------ time and input
    def tick(self, frames: int = 1, render: bool = False) -> None:
        """Advances ``frames`` frames; ``render`` draws the last one (needed before ``frame()``)."""
        if frames <= 0:
            return
        self._pyboy.tick(frames, render, False)
        self.frame_count += frames
        self._rendered = render

    def hold(self, *buttons: str) -> None:
        """Presses buttons and keeps them down until ``release``."""
        for button in buttons:
            name = _check(button)
            if name not in self._held:
                self._pyboy.button_press(name)
                self._held.add(name)

    def release(self, *buttons: str) -> None:
        """Releases buttons (all held ones when none are named)."""
        for button in buttons or tuple(self._held):
            name = _check(button)
            if name in self._held:
                self._pyboy.button_release(name)
                self._held.discard(name)

    @property
    def held(self) -> frozenset[str]:
        return frozenset(self._held)

    def press(
        self,
        buttons: str | Sequence[str],
        hold_frames: int = DEFAULT_HOLD_FRAMES,
        release_frames: int = DEFAULT_RELEASE_FRAMES,
        render: bool = False,
    ) -> None:
        """Holds ``buttons`` (one name or several at once) for ``hold_frames``, then releases them and
        waits ``release_frames``: one deterministic button tap."""
        names = (buttons,) if isinstance(buttons, str) else tuple(buttons)
        self.hold(*names)
        self.tick(hold_frames, render and release_frames <= 0)
        self.release(*names)
        self.tick(release_frames, render)

    # ------------------------------------------------------------------ state
    def save_state(self) -> bytes:
        """The whole machine (CPU, memory, cartridge RAM, timers) as bytes."""
        buffer = io.BytesIO()
        self._pyboy.save_state(buffer)
        return buffer.getvalue()

    def load_state(self, state: bytes) -> None:
        """Restores a ``save_state`` snapshot; held buttons are released first."""
        self.release()
        self._pyboy.load_state(io.BytesIO(state))
        self._rendered = False

    # ------------------------------------------------------------------ output
    def frame(self) -> np.ndarray:
        """The last rendered screen as 144x160x3 uint8.

        Reading it never advances the game (so rendering cannot change an episode): a caller that
        wants the current picture ends its ticks with ``render=True``, as the Pokémon env does
        after every action; ``rendered`` says whether the last tick drew."""
        rgba = self._pyboy.screen.ndarray
        frame = np.empty(SCREEN_SHAPE, np.uint8)
        for channel in range(3):  # plane by plane: 5x faster than copying the strided RGB view at once
            frame[..., channel] = rgba[..., channel]
        return frame

    @property
    def rendered(self) -> bool:
        """Whether the screen buffer shows the current frame (the last tick rendered)."""
        return self._rendered

    def read(self, address: int) -> int:
        """One byte of the address space (ROM bank 0/switched bank, VRAM, WRAM, HRAM, I/O)."""
        return int(self._pyboy.memory[address])

    def read_range(self, start: int, length: int) -> bytes:
        """``length`` bytes from ``start`` (contiguous in the CPU's address space)."""
        if length <= 0:
            return b""
        return bytes(self._pyboy.memory[start : start + length])

    def write(self, address: int, value: int) -> None:
        """Pokes one byte (tests and debugging; a game env never writes the game's RAM)."""
        self._pyboy.memory[address] = value & 0xFF

    def wram(self) -> np.ndarray:
        """Work RAM C000-DFFF as an 8 KiB uint8 array (what RAM decoders read)."""
        return np.frombuffer(self.read_range(0xC000, 0x2000), dtype=np.uint8)

    def symbol(self, name: str) -> int:
        """Address of a label from the symbol file given at start (KeyError-like ValueError when absent)."""
        try:
            _bank, address = self._pyboy.symbol_lookup(name)
        except Exception as exc:
            raise ValueError(f"symbol {name!r} not found (start the backend with symbols=...)") from exc
        return int(address)

    def close(self) -> None:
        pyboy = getattr(self, "_pyboy", None)
        if pyboy is not None:
            self._pyboy = None
            pyboy.stop(save=False)

    def __enter__(self) -> PyBoyBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check(button: str) -> str:
    name = button.lower()
    if name not in BUTTONS:
        raise ValueError(f"unknown Game Boy button {button!r}; choose from {', '.join(BUTTONS)}")
    return name
