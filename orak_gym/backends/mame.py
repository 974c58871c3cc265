"""A MAME machine driven in lockstep from Python: RAM reads, inputs per frame, optional frames.

MAME runs as a child on the core's process channel (JSON lines on its stdin/stdout) with our own
Lua script (``mame_bridge.lua``, loaded with ``-autoboot_script``).  The script blocks inside MAME's
frame hook until Python sends the next step, so the game advances only when the env steps and a
run is a pure function of the inputs.  A frame, when asked for, goes through a file in a private
temporary folder (raw pixels are 344 KB: too much for a JSON line, and a file cannot deadlock).

Anything that speaks the same protocol can stand in for MAME (``command=``): the tests' fake peer
(``mame_fake_peer.py`` beside this module) replays scripted RAM for a game whose ROM CI cannot have.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from orak_gym.core.channel import ProcessChannel
from orak_gym.core.errors import BackendError, MissingDependencyError

BRIDGE_SCRIPT = Path(__file__).resolve().parent / "mame_bridge.lua"
#: The pure-Python stand-in that speaks the bridge protocol with scripted RAM (``mame_fake_peer.py``).
FAKE_PEER_SCRIPT = Path(__file__).resolve().parent / "mame_fake_peer.py"
#: Where Debian and Ubuntu put the binary (``/usr/games`` is not on every PATH).
DEBIAN_MAME = "/usr/games/mame"
RAM_KINDS = ("u8", "s8", "u16", "s16", "u32")
INSTALL_HINT = "Install it with: apt-get install mame (Debian/Ubuntu; any MAME >= 0.227), or set ORAK_MAME to its path."


def find_mame() -> str | None:
    """The MAME binary: ``$ORAK_MAME``, ``mame`` on PATH, or Debian's ``/usr/games/mame``; None if absent."""
    configured = os.environ.get("ORAK_MAME")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    found = shutil.which("mame")
    if found:
        return found
    return DEBIAN_MAME if os.access(DEBIAN_MAME, os.X_OK) else None


def require_mame() -> str:
    """The MAME binary, or a one-line :class:`MissingDependencyError` saying how to install it."""
    path = find_mame()
    if path is None:
        raise MissingDependencyError("mame", "", "the MAME emulator, a system package", fix=INSTALL_HINT)
    return path


@dataclass(frozen=True)
class RamValue:
    """One value the bridge reads after every step."""

    address: int
    kind: str = "u8"

    def __post_init__(self) -> None:
        if self.kind not in RAM_KINDS:
            raise ValueError(f"RAM kind must be one of {RAM_KINDS}, got {self.kind!r}")


@dataclass(frozen=True)
class MameMachine:
    """What to run and what to read and press: the system, its media, its RAM list and input fields.

    ``fields`` are (port tag, field name) pairs; bit ``i`` of a step's mask presses ``fields[i]``.
    """

    system: str
    ram: tuple[RamValue, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    cpu: str = ":maincpu"
    space: str = "program"
    screen: str = ":screen"
    media: tuple[str, ...] = ()  # extra MAME arguments, e.g. ("-cart", "/path/game.nes")

    def config_text(self, frame_file: Path) -> str:
        lines = [f"cpu\t{self.cpu}\t{self.space}", f"screen\t{self.screen}", f"framefile\t{frame_file}"]
        lines += [f"ram\t{value.address:#x}\t{value.kind}" for value in self.ram]
        lines += [f"field\t{port}\t{name}" for port, name in self.fields]
        return "\n".join(lines) + "\n"


@dataclass
class MameStep:
    """What one step returns: the frame number reached, the RAM values in ``MameMachine.ram`` order,
    and the RGB frame (HxWx3 uint8) when it was asked for."""

    frame: int
    ram: list[int]
    image: np.ndarray | None = None


@dataclass
class MameBridge:
    """One running MAME machine (see the module docstring).  ``start`` returns MAME's hello: the
    system, screen size, every input port with its fields, and the configured fields it lacks."""

    machine: MameMachine
    rompath: str | os.PathLike[str] | None = None
    command: Sequence[str] | None = None  # a stand-in peer's argv instead of MAME
    timeout_s: float = 60.0
    hello: dict[str, Any] = field(default_factory=dict)
    _channel: ProcessChannel | None = None
    _workdir: Path | None = None

    def argv(self, workdir: Path) -> list[str]:
        if self.command is not None:
            return list(self.command)
        mame = require_mame()
        args = [mame, self.machine.system, *self.machine.media]
        if self.rompath is not None:
            args += ["-rompath", str(self.rompath)]
        return [
            *args,
            "-video", "none", "-sound", "none", "-nothrottle", "-skip_gameinfo", "-noreadconfig",
            "-cfg_directory", str(workdir / "cfg"), "-nvram_directory", str(workdir / "nvram"),
            "-snapshot_directory", str(workdir / "snap"), "-diff_directory", str(workdir / "diff"),
            "-autoboot_script", str(BRIDGE_SCRIPT),
        ]  # fmt: skip

    def start(self) -> dict[str, Any]:
        """Starts MAME (or the stand-in) and waits for the bridge's hello; BackendError if it fails."""
        self.close()
        if self.command is None:
            require_mame()  # before anything is written
        shm = Path("/dev/shm")
        self._workdir = Path(tempfile.mkdtemp(prefix="orak-mame-", dir=shm if shm.is_dir() else None))
        # Removed by close(); also at interpreter exit for a bridge nobody closed (an env left to the GC).
        weakref.finalize(self, shutil.rmtree, self._workdir, True)
        config = self._workdir / "bridge.cfg"
        config.write_text(self.machine.config_text(self._workdir / "frame.raw"))
        env = dict(os.environ, ORAK_MAME_CONFIG=str(config), XDG_RUNTIME_DIR=str(self._workdir))
        env.setdefault("SDL_VIDEODRIVER", "dummy")
        name = "MAME" if self.command is None else "MAME stand-in"
        self._channel = ProcessChannel(self.argv(self._workdir), name=name, transport="jsonl", env=env)
        try:
            self._channel.start()
            self.hello = self._receive("start")
        except BaseException:
            self.close()
            raise
        if self.hello.get("t") != "ready":
            self.close()
            raise BackendError(f"{name} sent {self.hello!r} instead of the bridge's hello")
        return self.hello

    @property
    def running(self) -> bool:
        return self._channel is not None and self._channel.alive

    @property
    def pid(self) -> int | None:
        return self._channel.pid if self._channel is not None else None

    @property
    def missing_fields(self) -> list[str]:
        """Configured ``port / field`` names this machine does not have."""
        return list(self.hello.get("missing", []))

    def step(self, mask: int = 0, frames: int = 1, image: bool = False) -> MameStep:
        """Holds the inputs of ``mask`` for ``frames`` frames; returns the RAM (and frame) after the last."""
        reply = self._request(["step", max(int(frames), 1), int(mask), int(bool(image))], "step")
        return self._step_of(reply, image)

    def peek(self, image: bool = False) -> MameStep:
        """The RAM (and frame) of the current frame, without advancing the machine."""
        return self._step_of(self._request(["peek", int(bool(image))], "peek"), image)

    def _step_of(self, reply: dict[str, Any], image: bool) -> MameStep:
        frame = None
        if image and reply.get("w") and self._workdir is not None:
            w, h = int(reply["w"]), int(reply["h"])
            raw = np.fromfile(self._workdir / "frame.raw", dtype=np.uint8)
            if raw.size != w * h * 4:
                raise BackendError(f"the MAME frame has {raw.size} bytes, expected {w}x{h}x4")
            frame = np.ascontiguousarray(raw.reshape(h, w, 4)[:, :, 2::-1])  # BGRA in memory -> RGB
        return MameStep(int(reply["frame"]), [int(v) for v in reply["ram"]], frame)

    def poke(self, address: int, value: int, size: int = 1) -> None:
        """Writes ``size`` bytes of RAM (fixtures for tests, calibration checks)."""
        self._request(["poke", int(address), int(value), int(size)], "poke")

    def close(self) -> None:
        """Asks MAME to quit, then kills its process group; removes the temporary folder.  Idempotent."""
        if self._channel is not None:
            self._channel.close(goodbye=["quit"], grace_s=2.0)
            self._channel = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    # ------------------------------------------------------------------ internals
    def _request(self, message: list[Any], what: str) -> dict[str, Any]:
        if self._channel is None:
            raise BackendError(f"MAME is not running (call start() before {what})")
        try:
            self._channel.send(message)
        except BackendError as exc:
            raise self._died(what, exc) from None
        reply = self._receive(what)
        if reply.get("t") == "error":
            raise BackendError(f"the MAME bridge refused {what}: {reply.get('message')}")
        return reply

    def _receive(self, what: str) -> dict[str, Any]:
        assert self._channel is not None
        try:
            reply = self._channel.receive(timeout=self.timeout_s)
        except BackendError as exc:
            raise self._died(what, exc) from None
        if not isinstance(reply, dict):
            raise BackendError(f"the MAME bridge sent {reply!r} during {what}")
        return reply

    def _died(self, what: str, exc: BackendError) -> BackendError:
        """A one-line error for MAME gone during ``what`` (its stderr tail kept on the exception)."""
        tail = list(exc.stderr_tail)
        self.close()
        reason = str(exc).splitlines()[0]
        hint = next((line.strip() for line in reversed(tail) if "NOT FOUND" in line or "rror" in line), "")
        error = BackendError(f"{reason} during {what}" + (f" ({hint})" if hint else ""))
        error.stderr_tail = tail
        return error


def python_peer_command(script: str | os.PathLike[str], *args: str) -> list[str]:
    """argv that runs a stand-in peer script with this interpreter, isolated (``-I``: the stand-in uses the
    standard library only, so it starts in tens of milliseconds instead of importing orak-gym)."""
    return [sys.executable, "-I", str(script), *args]
