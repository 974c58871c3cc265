"""Input into Darkest Dungeon on Linux: a virtual gamepad (``/dev/uinput``) or keys through xdotool.

Orak drives the game with an emulated Xbox pad (x360ce on Windows). On Linux the kernel can make a
real pad: :class:`UinputPad` creates one through the ``evdev`` package, which the game sees like a
plugged-in controller. :class:`XdotoolKeys` sends keys to the game's X11 window instead (the owner
binds them to the game's controls, docs/games/darkest_dungeon.md). The checks of both ways and the
xdotool window are the shared ones in :mod:`orak_gym.backends.desktop_input`. :class:`ChannelInput` is for
tests only: it appends each press as a JSON line to ``orak_input.jsonl`` in the profile folder, where
the tests' raid model reads it; no real game reads that file.

Every injector presses the same named buttons (:data:`BUTTONS`); :func:`press_sequence` says which,
for each native command (the same list whatever the injector).
"""

from __future__ import annotations

import json
import time
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

CHANNEL_NAME = "orak_input.jsonl"
WINDOW_TITLE = "^Darkest Dungeon"  # the game window, for xdotool
KINDS = ("auto", "uinput", "xdotool", "channel")
BUTTONS = ("a", "b", "x", "y", "lb", "rb", "left", "right", "up", "down")
PRESS_SECONDS = 0.05


def press_sequence(command: str) -> list[str]:
    """The buttons that carry out one native command (our controller mapping, see the module doc).

    Skills: LB four times puts the cursor on slot 1, RB moves it to slot Y, A picks it. Targets: the
    cursor goes to rank 1 (enemies: left four times; allies: right four times), then one press per rank,
    A confirms. A swap: Y opens the move, left/right per rank, A confirms; a skip is X (pass the turn).
    ``walk``: right (the party walks on out of combat); ``idle`` presses nothing.
    """
    kind, *numbers = command.split()
    if kind in ("attack", "heal"):
        target, slot = (int(n) for n in numbers)
        home, step = ("right", "left") if kind == "heal" else ("left", "right")
        return ["lb"] * 4 + ["rb"] * (slot - 1) + ["a"] + [home] * 4 + [step] * (target - 1) + ["a"]
    if kind == "swap":
        _, distance = (int(n) for n in numbers)
        if distance == 0:
            return ["x"]
        return ["y"] + ["right" if distance > 0 else "left"] * abs(distance) + ["a"]
    if kind == "walk":
        return ["right"]
    return []


class Injector(Protocol):
    name: str

    def press(self, button: str) -> None: ...
    def close(self) -> None: ...


class ChannelInput:
    """Test-only: each press as a JSON line ``{"op": "press", "button": "a"}`` in ``orak_input.jsonl``."""

    name = "channel"

    def __init__(self, profile_dir: Path) -> None:
        self.path = Path(profile_dir) / CHANNEL_NAME

    def press(self, button: str) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"op": "press", "button": button}) + "\n")

    def close(self) -> None:
        pass


class UinputPad:
    """A virtual Xbox-like gamepad made through ``/dev/uinput`` (the ``evdev`` package)."""

    name = "uinput"

    def __init__(self) -> None:
        try:
            from evdev import AbsInfo, ecodes
        except ImportError:
            raise InputUnavailable(f"input='uinput' needs python-evdev ({MISSING_EVDEV})") from None
        e = ecodes
        self.codes: dict[str, tuple[int, int, int]] = {  # button -> (event type, code, pressed value)
            "a": (e.EV_KEY, e.BTN_A, 1),
            "b": (e.EV_KEY, e.BTN_B, 1),
            "x": (e.EV_KEY, e.BTN_X, 1),
            "y": (e.EV_KEY, e.BTN_Y, 1),
            "lb": (e.EV_KEY, e.BTN_TL, 1),
            "rb": (e.EV_KEY, e.BTN_TR, 1),
            "left": (e.EV_ABS, e.ABS_HAT0X, -1),
            "right": (e.EV_ABS, e.ABS_HAT0X, 1),
            "up": (e.EV_ABS, e.ABS_HAT0Y, -1),
            "down": (e.EV_ABS, e.ABS_HAT0Y, 1),
        }
        hat = AbsInfo(value=0, min=-1, max=1, fuzz=0, flat=0, resolution=0)
        keys = [code for kind, code, _ in self.codes.values() if kind == e.EV_KEY] + [e.BTN_START, e.BTN_SELECT]
        capabilities = {e.EV_KEY: keys, e.EV_ABS: [(e.ABS_HAT0X, hat), (e.ABS_HAT0Y, hat)]}
        self.device = open_uinput(capabilities, "orak-gym pad", vendor=0x045E, product=0x028E)
        self.ecodes = e

    def press(self, button: str) -> None:
        kind, code, value = self.codes[button]
        self.device.write(kind, code, value)
        self.device.syn()
        time.sleep(PRESS_SECONDS)
        self.device.write(kind, code, 0)
        self.device.syn()
        time.sleep(PRESS_SECONDS)

    def close(self) -> None:
        self.device.close()


class XdotoolKeys:
    """Keys to the game's X11 window through ``xdotool`` (the owner binds them in the game)."""

    name = "xdotool"
    KEYS: ClassVar[dict[str, str]] = {
        "a": "Return",
        "b": "Escape",
        "x": "space",
        "y": "m",
        "lb": "q",
        "rb": "e",
        "left": "Left",
        "right": "Right",
        "up": "Up",
        "down": "Down",
    }

    def __init__(self) -> None:
        self.window = XdotoolWindow(WINDOW_TITLE, "Darkest Dungeon")

    def press(self, button: str) -> None:
        self.window.key(self.KEYS[button])
        time.sleep(PRESS_SECONDS)

    def close(self) -> None:
        pass


def input_problem(kind: str) -> str | None:
    """One line saying why ``kind`` cannot send input here, or None (``auto``: when neither can)."""
    if kind not in KINDS:
        return f"input={kind!r} is not one of {', '.join(KINDS)}"
    if kind == "channel":
        return None
    pad, keys = uinput_problem(), xdotool_problem()
    if kind == "uinput":
        return f"input='uinput' is not possible: {pad}" if pad else None
    if kind == "xdotool":
        return f"input='xdotool' is not possible: {keys}" if keys else None
    if pad and keys:
        return f"no way to send input to the game: no virtual pad ({pad}) and no X11 keys ({keys})"
    return None


def make_injector(kind: str, profile_dir: Path) -> Injector:
    """The injector ``kind`` names (``auto``: the pad, else xdotool); InputUnavailable in one line."""
    problem = input_problem(kind)
    if problem:
        raise InputUnavailable(problem)
    if kind == "channel":
        return ChannelInput(profile_dir)
    if kind == "uinput" or (kind == "auto" and uinput_problem() is None):
        return UinputPad()
    return XdotoolKeys()
