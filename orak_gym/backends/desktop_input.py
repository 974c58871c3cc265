"""Keys, clicks and pads into a game window on a Linux desktop: what commercial games without a state
mod's input file need (Her Story, Stardew Valley's hotkeys, Darkest Dungeon's controls).

Two ways in, each checked before a game is touched, each failing in one line:

- :class:`XdotoolWindow`: X11 through the ``xdotool`` program (a desktop, Xvfb, Proton). Keys go to the
  focused window through XTEST: with ``--window``, xdotool sends synthetic events, which Wine and many
  games ignore.
- ``/dev/uinput`` devices made with ``python-evdev`` (X11 and Wayland alike); games build their own
  device (a keyboard, a pad) with :func:`uinput_problem` checked first.

A game's own module maps its verbs (a hotkey, a click at a logged position) onto these.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any, ClassVar

from orak_gym.core.errors import BackendError

MISSING_EVDEV = "pip install 'orak-gym[input]'"


class InputUnavailable(BackendError):
    """No way to send input to the game on this machine (or the way chosen stopped working)."""


def xdotool_problem() -> str | None:
    """None when xdotool can reach an X11 display here; else what is missing."""
    needs = (("xdotool program", shutil.which("xdotool")), ("X11 display (DISPLAY)", os.environ.get("DISPLAY")))
    missing = [what for what, found in needs if not found]
    return f"no {' and no '.join(missing)}" if missing else None


def uinput_problem() -> str | None:
    """None when this process may make a virtual input device; else what is missing."""
    try:
        import evdev  # noqa: F401
    except ImportError:
        return f"python-evdev is not installed ({MISSING_EVDEV})"
    if not os.access("/dev/uinput", os.W_OK):
        return "/dev/uinput is not writable (add yourself to the input group or a udev rule)"
    return None


def open_uinput(capabilities: dict[int, Any], name: str, **ids: int) -> Any:
    """A virtual input device (``evdev.UInput``) with ``capabilities``: every way the kernel or evdev
    refuses (evdev missing, no uinput module, no permission) is one :class:`InputUnavailable` line."""
    try:
        from evdev import UInput, UInputError
    except ImportError:
        raise InputUnavailable(f"the virtual device {name!r} needs python-evdev ({MISSING_EVDEV})") from None
    try:
        return UInput(capabilities, name=name, **ids)
    except (OSError, UInputError) as exc:  # UInputError: no /dev/uinput character device (module not loaded)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputUnavailable(f"cannot create the virtual device {name!r} through /dev/uinput: {reason}") from None


class XdotoolWindow:
    """One game window, found by a title pattern (``xdotool search --name``) and activated once."""

    BUTTONS: ClassVar[dict[str, str]] = {"left": "1", "right": "3"}

    def __init__(self, title_pattern: str, game: str, timeout: float = 10.0) -> None:
        self.title_pattern, self.game, self.timeout = title_pattern, game, timeout
        self._window = ""

    def run(self, *args: str) -> str:
        try:
            done = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=self.timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputUnavailable(f"xdotool failed: {exc}") from None
        if done.returncode != 0:
            raise InputUnavailable(f"xdotool {args[0]} failed: {done.stderr.strip()[:200] or done.returncode}")
        return done.stdout

    def focus(self) -> str:
        """The window's id, activated on first use (a game that is not up is one line)."""
        if not self._window:
            found = self.run("search", "--name", self.title_pattern).split()
            if not found:
                raise InputUnavailable(f"no {self.game} window on {os.environ.get('DISPLAY')}: start the game")
            self._window = found[0]
            self.run("windowactivate", "--sync", self._window)
        return self._window

    def key(self, name: str) -> None:
        """One key press; ``name`` is an X keysym (``Escape``, ``Return``, ``minus``, ``a``)."""
        self.focus()
        self.run("key", name)

    def hold(self, name: str, seconds: float) -> None:
        self.focus()
        self.run("keydown", name, "sleep", f"{seconds:.3f}", "keyup", name)

    def move(self, x: int, y: int) -> None:
        """The pointer to (x, y) in the window's client area, origin top left."""
        self.run("mousemove", "--window", self.focus(), str(int(x)), str(int(y)))

    def click_at(self, x: int, y: int, button: str = "left") -> None:
        """Move and click in one xdotool call, so nothing moves the pointer in between."""
        self.run("mousemove", "--window", self.focus(), str(int(x)), str(int(y)), "click", self.BUTTONS[button])

    def click(self, button: str = "left") -> None:
        self.focus()
        self.run("click", self.BUTTONS[button])

    def type_text(self, text: str) -> None:
        self.focus()
        self.run("type", "--delay", "20", "--", text)
