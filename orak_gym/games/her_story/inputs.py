"""Clicks and keys into the Her Story window, at the client coordinates the plugin logs.

The plugin logs positions (search box, thumbnails, play and close buttons) in the window's client
area, origin top left, as Orak reads them. One :class:`Injector` per way of reaching the window:

- ``xdotool``: X11 (a Linux desktop, Proton included), through :mod:`orak_gym.backends.desktop_input`.
- ``sendinput``: Windows, through ``user32`` (``FindWindowW``, ``ClientToScreen``, ``SendInput``) via ctypes.
- ``channel``: **tests only**: appends each event as a JSON line to ``orak_input.jsonl`` in the game
  folder, where a game double (the fake plugin) reads it. No real game reads that file.

``auto`` picks sendinput on Windows, else xdotool when it can work, else fails at reset with one line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import ClassVar, Protocol

from orak_gym.backends.desktop_input import InputUnavailable, XdotoolWindow, xdotool_problem

#: The game window's title (Orak's ``win_name_pattern`` on Windows).
WINDOW_TITLE = "HerStory"
CHANNEL_NAME = "orak_input.jsonl"
KINDS = ("auto", "xdotool", "sendinput", "channel")


class Injector(Protocol):
    def click(self, x: int, y: int) -> None: ...
    def type_text(self, text: str) -> None: ...
    def press(self, key: str) -> None: ...  # "escape" or "return"
    def close(self) -> None: ...


class ChannelInput:
    """Test-only: events as JSON lines in ``orak_input.jsonl`` (``{"op": "click", "x": 1, "y": 2}``)."""

    def __init__(self, game_dir: Path) -> None:
        self.path = Path(game_dir) / CHANNEL_NAME

    def _send(self, event: dict) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(event) + "\n")

    def click(self, x: int, y: int) -> None:
        self._send({"op": "click", "x": int(x), "y": int(y)})

    def type_text(self, text: str) -> None:
        self._send({"op": "type", "text": text})

    def press(self, key: str) -> None:
        self._send({"op": "key", "key": key})

    def close(self) -> None:
        pass


class XdotoolInput:
    """X11: clicks at the logged client positions, text and keys to the focused window."""

    KEYS: ClassVar[dict[str, str]] = {"escape": "Escape", "return": "Return"}

    def __init__(self, title: str = WINDOW_TITLE, timeout: float = 10.0) -> None:
        self.window = XdotoolWindow(f"^{title}$", "Her Story", timeout)

    def click(self, x: int, y: int) -> None:
        self.window.click_at(x, y)

    def type_text(self, text: str) -> None:
        self.window.type_text(text)

    def press(self, key: str) -> None:
        self.window.key(self.KEYS.get(key, key))

    def close(self) -> None:
        pass


class SendInputWindows:  # pragma: no cover - Windows only
    """Windows ``SendInput`` through ctypes: mouse moves in absolute screen units, keys as Unicode."""

    VK: ClassVar[dict[str, int]] = {"escape": 0x1B, "return": 0x0D}

    def __init__(self, title: str = WINDOW_TITLE) -> None:
        import ctypes
        from ctypes import wintypes

        self.ctypes, self.wintypes = ctypes, wintypes
        self.user32 = ctypes.WinDLL("user32", use_last_error=True)
        self.title = title

        class MOUSEINPUT(ctypes.Structure):
            _fields_ = [
                ("dx", wintypes.LONG),
                ("dy", wintypes.LONG),
                ("mouseData", wintypes.DWORD),
                ("dwFlags", wintypes.DWORD),
                ("time", wintypes.DWORD),
                ("dwExtraInfo", ctypes.c_size_t),
            ]

        class KEYBDINPUT(ctypes.Structure):
            _fields_ = [
                ("wVk", wintypes.WORD),
                ("wScan", wintypes.WORD),
                ("dwFlags", wintypes.DWORD),
                ("time", wintypes.DWORD),
                ("dwExtraInfo", ctypes.c_size_t),
            ]

        class _U(ctypes.Union):
            _fields_ = [("mi", MOUSEINPUT), ("ki", KEYBDINPUT), ("pad", ctypes.c_byte * 32)]

        class INPUT(ctypes.Structure):
            _fields_ = [("type", wintypes.DWORD), ("u", _U)]

        self.MOUSEINPUT, self.KEYBDINPUT, self.INPUT = MOUSEINPUT, KEYBDINPUT, INPUT

    def _hwnd(self) -> int:
        hwnd = self.user32.FindWindowW(None, self.title)
        if not hwnd:
            raise InputUnavailable(f"no window titled {self.title!r}: start the game")
        self.user32.SetForegroundWindow(hwnd)
        return hwnd

    def _send(self, *inputs: object) -> None:
        array = (self.INPUT * len(inputs))(*inputs)
        if self.user32.SendInput(len(inputs), array, self.ctypes.sizeof(self.INPUT)) != len(inputs):
            raise InputUnavailable(f"SendInput was blocked (error {self.ctypes.get_last_error()})")

    def click(self, x: int, y: int) -> None:
        point = self.wintypes.POINT(int(x), int(y))
        self.user32.ClientToScreen(self._hwnd(), self.ctypes.byref(point))
        width, height = self.user32.GetSystemMetrics(0), self.user32.GetSystemMetrics(1)
        ax, ay = point.x * 65535 // max(1, width - 1), point.y * 65535 // max(1, height - 1)
        move, down, up, absolute = 0x0001, 0x0002, 0x0004, 0x8000
        self._send(*(self.INPUT(0, self._mouse(ax, ay, flags | absolute)) for flags in (move, down, up)))

    def _mouse(self, x: int, y: int, flags: int) -> object:
        u = type(self.INPUT().u)()
        u.mi = self.MOUSEINPUT(x, y, 0, flags, 0, 0)
        return u

    def _key(self, vk: int, scan: int, flags: int) -> object:
        u = type(self.INPUT().u)()
        u.ki = self.KEYBDINPUT(vk, scan, flags, 0, 0)
        return self.INPUT(1, u)

    def type_text(self, text: str) -> None:
        self._hwnd()
        unicode, keyup = 0x0004, 0x0002
        for code in memoryview(text.encode("utf-16-le")).cast("H"):  # UTF-16 code units, surrogates as two
            if code == 0x0A:
                self.press("return")
                continue
            self._send(self._key(0, code, unicode), self._key(0, code, unicode | keyup))

    def press(self, key: str) -> None:
        self._hwnd()
        vk = self.VK[key]
        self._send(self._key(vk, 0, 0), self._key(vk, 0, 0x0002))

    def close(self) -> None:
        pass


def make_injector(kind: str, game_dir: Path) -> Injector:
    """The injector ``kind`` names (``auto`` chooses); InputUnavailable in one line when none can work."""
    if kind not in KINDS:
        raise InputUnavailable(f"input={kind!r} is not one of {', '.join(KINDS)}")
    if kind == "channel":
        return ChannelInput(game_dir)
    if kind == "sendinput" or (kind == "auto" and sys.platform == "win32"):
        if sys.platform != "win32":
            raise InputUnavailable("input='sendinput' works on Windows only; on X11 use input='xdotool'")
        return SendInputWindows()
    problem = xdotool_problem()
    if problem:
        raise InputUnavailable(
            "Her Story needs clicks and keys in its window, and this machine has neither Windows' SendInput nor "
            f"X11 input ({problem}): play where the game runs, or serve it over MCP from there"
        )
    return XdotoolInput()
