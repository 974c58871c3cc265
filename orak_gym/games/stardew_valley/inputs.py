"""Keys and clicks into Stardew Valley: the hotkeys StateExtractor listens for and the game's controls.

One :class:`HotkeySink` per way of reaching the game, chosen at reset:

- ``xdotool``: X11 (the native Linux game under a desktop or Xvfb); needs the ``xdotool`` program and
  ``DISPLAY``. Keys go to the focused game window through XTEST.
- ``uinput``: a virtual keyboard and absolute pointer made with ``python-evdev`` on ``/dev/uinput``
  (Wayland, or X11 without xdotool); needs write access to ``/dev/uinput`` and ``pip install 'orak-gym[input]'``.
- ``channel``: **tests only**: each op as a JSON line in ``orak_input.jsonl`` in the game folder, read
  by the stand-in game, which acknowledges each one in ``orak_input.ack``. No real game reads it.

``auto`` picks xdotool, then uinput; where neither can work, reset fails with one line saying why.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Protocol

from orak_gym.backends.desktop_input import (
    MISSING_EVDEV,
    InputUnavailable,
    XdotoolWindow,
    open_uinput,
    uinput_problem,
    xdotool_problem,
)

#: The SMAPI window's title starts with this (Orak matches ``^Stardew Valley.*SMAPI``).
WINDOW_PATTERN = "^Stardew Valley"
CHANNEL_NAME = "orak_input.jsonl"
ACK_NAME = "orak_input.ack"
KINDS = ("auto", "xdotool", "uinput", "channel")


class HotkeySink(Protocol):
    def key(self, key: str) -> None: ...  # a letter, a digit, "-", "+", "escape"
    def hold(self, key: str, seconds: float) -> None: ...
    def move(self, x: int, y: int) -> None: ...
    def click(self, button: str) -> None: ...  # "left" or "right"
    def close(self) -> None: ...


class ChannelInput:
    """Test-only: ops as JSON lines; each call returns once the stand-in game has acknowledged it, as an
    X server has the event once ``xdotool`` returns."""

    def __init__(self, game_dir: Path, timeout: float = 10.0, alive: Callable[[], None] | None = None) -> None:
        self.path, self.ack = Path(game_dir) / CHANNEL_NAME, Path(game_dir) / ACK_NAME
        self.timeout, self.sent, self.alive = timeout, 0, alive

    def _send(self, event: dict) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(event) + "\n")
        self.sent += 1
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                if int(self.ack.read_text(encoding="utf-8") or 0) >= self.sent:
                    return
            except (FileNotFoundError, ValueError):
                pass
            if self.alive is not None:
                self.alive()  # a stand-in that exited raises here, not after the timeout
            time.sleep(0.002)
        raise InputUnavailable(f"the game took no input for {self.timeout:g} s (op {event['op']})")

    def key(self, key: str) -> None:
        self._send({"op": "key", "key": key})

    def hold(self, key: str, seconds: float) -> None:
        self._send({"op": "hold", "key": key, "seconds": seconds})

    def move(self, x: int, y: int) -> None:
        self._send({"op": "move", "x": int(x), "y": int(y)})

    def click(self, button: str) -> None:
        self._send({"op": "click", "button": button})

    def close(self) -> None:
        pass


class XdotoolInput:
    """X11: the SMAPI window found by its title; hotkeys as X keysyms."""

    KEYS: ClassVar[dict[str, str]] = {"escape": "Escape", "-": "minus", "+": "plus"}

    def __init__(self, timeout: float = 10.0) -> None:
        self.window = XdotoolWindow(WINDOW_PATTERN, "Stardew Valley", timeout)

    def key(self, key: str) -> None:
        self.window.key(self.KEYS.get(key, key))

    def hold(self, key: str, seconds: float) -> None:
        self.window.hold(self.KEYS.get(key, key), seconds)

    def move(self, x: int, y: int) -> None:
        self.window.move(x, y)

    def click(self, button: str) -> None:
        self.window.click(button)

    def close(self) -> None:
        pass


def uinput_capabilities(width: int, height: int) -> dict[int, list]:
    """The keys the hotkeys use (letters, digits, Escape, minus, equals, shift), two mouse buttons and an
    absolute pointer over a ``width`` x ``height`` screen, in python-evdev's terms."""
    from evdev import AbsInfo, ecodes

    keys = [ecodes.ecodes[f"KEY_{c.upper()}"] for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    keys += [ecodes.KEY_ESC, ecodes.KEY_MINUS, ecodes.KEY_EQUAL, ecodes.KEY_LEFTSHIFT]
    abs_axes = [
        (ecodes.ABS_X, AbsInfo(0, 0, width - 1, 0, 0, 0)),
        (ecodes.ABS_Y, AbsInfo(0, 0, height - 1, 0, 0, 0)),
    ]
    return {ecodes.EV_KEY: [*keys, ecodes.BTN_LEFT, ecodes.BTN_RIGHT], ecodes.EV_ABS: abs_axes}


def uinput_key_code(key: str) -> int:
    """The evdev key code of a hotkey as :mod:`.skills` names it (``a``, ``1``, ``escape``, ``-``, ``+``:
    the toolbar's last slot, the key beside minus)."""
    from evdev import ecodes

    named = {"escape": "KEY_ESC", "-": "KEY_MINUS", "+": "KEY_EQUAL"}
    return ecodes.ecodes[named.get(key, f"KEY_{key.upper()}")]


class UinputInput:
    """A virtual keyboard and absolute pointer (``python-evdev``): works under X11 and Wayland alike."""

    def __init__(self, width: int = 3840, height: int = 2160) -> None:
        try:
            from evdev import ecodes
        except ImportError:
            raise InputUnavailable(f"input='uinput' needs python-evdev ({MISSING_EVDEV})") from None
        self.ecodes = ecodes
        self.device = open_uinput(uinput_capabilities(width, height), "orak-gym stardew input")
        time.sleep(0.5)  # the desktop picks the new device up

    def _code(self, key: str) -> int:
        return uinput_key_code(key)

    def _emit(self, code: int, value: int) -> None:
        self.device.write(self.ecodes.EV_KEY, code, value)
        self.device.syn()

    def key(self, key: str) -> None:
        self.hold(key, 0.05)

    def hold(self, key: str, seconds: float) -> None:
        code = self._code(key)
        self._emit(code, 1)
        time.sleep(seconds)
        self._emit(code, 0)

    def move(self, x: int, y: int) -> None:
        self.device.write(self.ecodes.EV_ABS, self.ecodes.ABS_X, int(x))
        self.device.write(self.ecodes.EV_ABS, self.ecodes.ABS_Y, int(y))
        self.device.syn()

    def click(self, button: str) -> None:
        code = self.ecodes.BTN_LEFT if button == "left" else self.ecodes.BTN_RIGHT
        self._emit(code, 1)
        time.sleep(0.1)
        self._emit(code, 0)

    def close(self) -> None:
        self.device.close()


def input_problem(kind: str) -> str | None:
    """None when ``kind`` can reach the game here; else one line naming what is missing."""
    if kind not in KINDS:
        return f"input={kind!r} is not one of {', '.join(KINDS)}"
    if kind == "channel":
        return None
    problems = {"xdotool": xdotool_problem(), "uinput": uinput_problem()}
    if kind != "auto":
        return f"input={kind}: {problems[kind]}" if problems[kind] else None
    if all(problems.values()):
        return (
            "Stardew Valley needs keys and clicks in its window and this machine has no way to send them "
            f"(xdotool: {problems['xdotool']}; uinput: {problems['uinput']})"
        )
    return None


def make_sink(kind: str, game_dir: Path, alive: Callable[[], None] | None = None) -> HotkeySink:
    """The sink ``kind`` names (``auto`` chooses); InputUnavailable in one line when none can work.
    ``alive`` raises when the game the env started has gone (the channel checks it while it waits)."""
    problem = input_problem(kind)
    if problem:
        raise InputUnavailable(problem)
    if kind == "channel":
        return ChannelInput(game_dir, alive=alive)
    if kind == "xdotool" or (kind == "auto" and xdotool_problem() is None):
        return XdotoolInput()
    return UinputInput()
