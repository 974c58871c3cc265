"""Virtual input devices through the real python-evdev: made where the kernel allows it, one line where not.

Most machines that run the suite (containers, CI) have no ``uinput`` module, so the device is refused
there; the same test makes, uses and closes a real device where ``/dev/uinput`` is writable. Either way
python-evdev's own exceptions (``UInputError`` for a missing device node, ``OSError`` for a refused one)
must never reach the caller as a traceback.
"""

from __future__ import annotations

import os
import sys

import pytest

from orak_gym.backends.desktop_input import InputUnavailable, open_uinput, uinput_problem

evdev = pytest.importorskip("evdev", reason="python-evdev is not installed (pip install 'orak-gym[input]')")
WRITABLE = os.access("/dev/uinput", os.W_OK)


def _keyboard() -> dict[int, list[int]]:
    e = evdev.ecodes
    return {e.EV_KEY: [e.KEY_A, e.KEY_ESC]}


def test_uinput_problem_agrees_with_the_kernel() -> None:
    problem = uinput_problem()
    assert (problem is None) == WRITABLE
    if problem:
        assert "/dev/uinput" in problem and "\n" not in problem


def test_a_device_is_made_or_refused_in_one_line() -> None:
    if WRITABLE:
        device = open_uinput(_keyboard(), "orak-gym test keyboard")
        try:
            device.write(evdev.ecodes.EV_KEY, evdev.ecodes.KEY_A, 1)
            device.write(evdev.ecodes.EV_KEY, evdev.ecodes.KEY_A, 0)
            device.syn()
        finally:
            device.close()
        return
    with pytest.raises(InputUnavailable) as caught:
        open_uinput(_keyboard(), "orak-gym test keyboard")
    message = str(caught.value)
    assert message.startswith("cannot create the virtual device 'orak-gym test keyboard' through /dev/uinput: ")
    assert "\n" not in message and caught.value.__cause__ is None


def test_without_evdev_the_line_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "evdev", None)  # import evdev fails
    with pytest.raises(InputUnavailable, match=r"needs python-evdev \(pip install 'orak-gym\[input\]'\)"):
        open_uinput({}, "orak-gym test keyboard")
    assert "pip install 'orak-gym[input]'" in (uinput_problem() or "")
