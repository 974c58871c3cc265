"""A stable-retro emulator backend shared by every stable-retro game (Super Mario, Street Fighter...).

What it adds over ``stable_retro.make``:

* frame skip without fetching a screen per frame (the frame is read only when asked for);
* RAM, frame, save/load state and seeded no-op starts behind one small API;
* a clear ``MissingAssetError`` naming the ROM (file name, SHA-1, where to put it);
* stable-retro allows one emulator per process, so when one is already running here, the next
  backend transparently runs its emulator in a child process (same API, one pipe round trip
  per call).  ``gym.make_vec(..., vectorization_mode="async")`` gives each worker its own emulator.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from orak_gym.backends.retro_integration import RetroIntegration, assemble
from orak_gym.core.channel import ChildObject
from orak_gym.core.errors import BackendError, MissingDependencyError

_lock = threading.Lock()
_in_process_busy = False  # True while this process hosts an emulator


@dataclass
class RetroStep:
    """What one (frame-skipped) step returns: enough to decode the game state without a frame."""

    ram: np.ndarray
    reward: float
    done: bool
    info: dict[str, Any] = field(default_factory=dict)
    frames: int = 0


def _import_retro() -> Any:
    try:
        import stable_retro
    except ImportError as exc:
        raise MissingDependencyError("stable-retro", "retro", "the stable-retro emulators") from exc
    return stable_retro


class RetroEmulator:
    """The emulator itself, in this process.  Use :class:`RetroBackend`, which picks the process."""

    def __init__(self, integration: RetroIntegration, state: str | None, custom_root: str | None) -> None:
        retro = _import_retro()
        ints = retro.data.Integrations
        if custom_root is not None:
            ints._init()  # creates CUSTOM_PATHS on first use
            if custom_root not in ints.CUSTOM_PATHS:
                ints.add_custom_path(custom_root)
            inttype = ints.CUSTOM_ONLY
        else:
            inttype = ints.STABLE
        kwargs: dict[str, Any] = {"inttype": inttype, "render_mode": None}
        kwargs["use_restricted_actions"] = retro.Actions.ALL
        if state is not None:
            kwargs["state"] = state
        self.env = retro.make(integration.name, **kwargs)
        self.em = self.env.em
        self.data = self.env.data
        self.buttons: list[str | None] = list(self.env.buttons)
        self._ram_blocks = sorted(self.data.memory.blocks)
        self.env.reset()

    # All methods return plain picklable values so that the child-process proxy can forward them.
    def describe(self) -> dict[str, Any]:
        frame = self.frame()
        return {"buttons": self.buttons, "frame_shape": tuple(frame.shape), "ram_size": self.ram().size}

    def reset(self, state: bytes | None = None) -> RetroStep:
        if state is None:
            self.env.reset()
        else:  # stable-retro's reset would load its own start state and run a frame, both overwritten here
            self.em.set_button_mask(np.zeros(len(self.buttons), np.uint8), 0)
            self.data.reset()
            self._set_state(state)
        return RetroStep(self.ram(), 0.0, False, dict(self.data.lookup_all()))

    def step(self, buttons: np.ndarray, frames: int = 1) -> RetroStep:
        """Holds ``buttons`` for ``frames`` frames; stops early when the scenario says done."""
        mask = np.asarray(buttons, dtype=np.uint8)
        reward = 0.0
        done = False
        n = 0
        for n in range(1, frames + 1):  # noqa: B007 - n is the number of frames actually run
            self.em.set_button_mask(mask, 0)
            self.em.step()
            self.data.update_ram()
            reward += float(self.data.current_reward())
            done = bool(self.data.is_done())
            if done:
                break
        return RetroStep(self.ram(), reward, done, dict(self.data.lookup_all()), n)

    def run(self, buttons: np.ndarray, frames: int) -> np.ndarray:
        """Holds ``buttons`` for ``frames`` frames without scenario bookkeeping (fast); returns RAM."""
        mask = np.asarray(buttons, dtype=np.uint8)
        for _ in range(frames):
            self.em.set_button_mask(mask, 0)
            self.em.step()
        return self.ram()  # the memory blocks are live views: no update_ram (0.2 ms) needed

    def run_frame(self, buttons: np.ndarray, frames: int) -> tuple[np.ndarray, np.ndarray]:
        """``run`` then ``frame``: one call, so one pipe round trip when the emulator is in a child."""
        return self.run(buttons, frames), self.frame()

    def ram(self) -> np.ndarray:
        blocks = self.data.memory.blocks
        return np.concatenate([np.frombuffer(blocks[k], dtype=np.uint8) for k in self._ram_blocks])

    def frame(self) -> np.ndarray:
        return np.ascontiguousarray(self.em.get_screen())

    def save_state(self) -> bytes:
        return bytes(self.em.get_state())

    def load_state(self, state: bytes) -> np.ndarray:
        self._set_state(state)
        return self.ram()

    def _set_state(self, state: bytes) -> None:
        if not self.em.set_state(state):  # the core says False for bytes that are not its state
            raise ValueError(f"not a save state of {self.env.gamename} ({len(state)} bytes)")
        self.data.update_ram()  # keeps the scenario's reward/done bookkeeping in step with the RAM

    def close(self) -> None:
        env, self.env = getattr(self, "env", None), None
        self.em = self.data = None
        if env is not None:
            env.close()
            del env


class _ChildEmulator:
    """The same API as :class:`RetroEmulator`, served by a child Python process over the backend
    channel (:class:`orak_gym.core.channel.ChildObject`): timeouts, the child's stderr in errors."""

    #: No emulator call takes this long; a child that does is hung and gets killed.
    CALL_TIMEOUT_S = 300.0

    def __init__(self, integration: RetroIntegration, state: str | None, custom_root: str | None) -> None:
        self._child = ChildObject(
            "orak_gym.backends.retro:RetroEmulator",
            integration,
            state,
            custom_root,
            name="stable-retro child",
            call_timeout=self.CALL_TIMEOUT_S,
        )
        self._info: dict[str, Any] = self._child.call("describe")
        self.buttons = self._info["buttons"]

    @property
    def channel(self) -> Any:
        return self._child.channel

    def describe(self) -> dict[str, Any]:
        return self._info

    def __getattr__(self, method: str) -> Any:
        if method.startswith("_"):
            raise AttributeError(method)
        return lambda *args: self._child.call(method, *args)

    def close(self) -> None:
        self._child.close()


class RetroBackend:
    """A stable-retro game: the first in a process runs here, any further one in a child process.

    ``subprocess=None`` picks automatically; ``True``/``False`` force it (tests, benchmarks).
    """

    def __init__(
        self, integration: RetroIntegration, state: str | None = None, *, subprocess: bool | None = None
    ) -> None:
        global _in_process_busy
        _import_retro()
        root = assemble(integration)  # raises MissingAssetError with the ROM's name, SHA-1 and place
        custom_root = str(root) if root is not None else None
        self.integration = integration
        self.in_process = False
        self._emu: Any = None
        with _lock:
            use_here = not _in_process_busy if subprocess is None else not subprocess
            if use_here:
                if _in_process_busy:
                    raise BackendError("this process already hosts a stable-retro emulator")
                try:
                    self._emu = RetroEmulator(integration, state, custom_root)
                    _in_process_busy = self.in_process = True
                except RuntimeError as exc:
                    if "multiple emulator" not in str(exc) or subprocess is False:
                        raise BackendError(f"stable-retro could not start {integration.name}: {exc}") from exc
        if self._emu is None:
            self._emu = _ChildEmulator(integration, state, custom_root)
        info = self._emu.describe()
        self.buttons: list[str | None] = list(info["buttons"])
        self.frame_shape: tuple[int, int, int] = tuple(info["frame_shape"])
        self.ram_size: int = int(info["ram_size"])

    def buttons_mask(self, *names: str) -> np.ndarray:
        """The button array pressing exactly ``names`` (e.g. ``"RIGHT", "A"``)."""
        mask = np.zeros(len(self.buttons), dtype=np.uint8)
        for name in names:
            if name not in self.buttons:
                raise ValueError(f"{name!r} is not a button of {self.integration.name}: {self.buttons}")
            mask[self.buttons.index(name)] = 1
        return mask

    def reset(self, state: bytes | None = None) -> RetroStep:
        """Back to the integration's start state (or ``state``, a ``save_state()`` blob)."""
        return self._emu.reset(state)

    def step(self, buttons: np.ndarray, frames: int = 1) -> RetroStep:
        return self._emu.step(buttons, frames)

    def run(self, buttons: np.ndarray, frames: int) -> np.ndarray:
        """Fast path: hold ``buttons`` for ``frames`` frames, no reward/done bookkeeping; returns RAM."""
        return self._emu.run(buttons, frames)

    def run_frame(self, buttons: np.ndarray, frames: int) -> tuple[np.ndarray, np.ndarray]:
        """``run``, then the screen after it: (RAM, frame) in one call (a native step's observation)."""
        return self._emu.run_frame(buttons, frames)

    def noop(self, frames: int) -> np.ndarray:
        """Idles ``frames`` frames (seeded no-op starts draw ``frames`` from the env's ``np_random``)."""
        return self._emu.run(np.zeros(len(self.buttons), dtype=np.uint8), frames)

    def ram(self) -> np.ndarray:
        return self._emu.ram()

    def frame(self) -> np.ndarray:
        """The current screen, HxWx3 uint8 (headless: no window is ever opened)."""
        return self._emu.frame()

    def save_state(self) -> bytes:
        return self._emu.save_state()

    def load_state(self, state: bytes) -> np.ndarray:
        return self._emu.load_state(state)

    def close(self) -> None:
        global _in_process_busy
        emu, self._emu = self._emu, None
        if emu is None:
            return
        emu.close()
        if self.in_process:
            with _lock:
                _in_process_busy = False

    def __del__(self) -> None:
        try:  # noqa: SIM105 - not contextlib.suppress: at interpreter shutdown it may already be gone
            self.close()
        except Exception:  # nothing can be reported from a finaliser
            pass
