"""The virtual pad over ``/dev/uinput``: the events each button writes, through the real python-evdev.

Most machines that run the suite have no ``uinput`` module, so only evdev's ``UInput`` (the device itself)
is replaced by a recorder; the codes, ``AbsInfo`` and the env's pad code are the real ones, and the codes
are checked against the kernel's (linux/input-event-codes.h). The last tests use no recorder at all.
"""

from __future__ import annotations

import os
import sys
from typing import ClassVar

import pytest

from orak_gym.games.darkest_dungeon import inputs

evdev_module = pytest.importorskip("evdev", reason="python-evdev is not installed (pip install 'orak-gym[input]')")

CODES = {"EV_SYN": 0, "EV_KEY": 1, "EV_ABS": 3, "BTN_A": 0x130, "BTN_B": 0x131, "BTN_X": 0x133, "BTN_Y": 0x134,
         "BTN_TL": 0x136, "BTN_TR": 0x137, "BTN_SELECT": 0x13A, "BTN_START": 0x13B, "ABS_HAT0X": 0x10,
         "ABS_HAT0Y": 0x11}  # fmt: skip


class RecordingUInput:
    made: ClassVar[list[RecordingUInput]] = []
    fail: ClassVar[Exception | None] = None

    def __init__(self, capabilities, name, vendor, product) -> None:
        if RecordingUInput.fail is not None:
            raise RecordingUInput.fail
        self.capabilities, self.name, self.ids = capabilities, name, (vendor, product)
        self.events: list[tuple[int, int, int] | str] = []
        self.closed = False
        RecordingUInput.made.append(self)

    def write(self, kind: int, code: int, value: int) -> None:
        self.events.append((kind, code, value))

    def syn(self) -> None:
        self.events.append("syn")

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def evdev(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(evdev_module, "UInput", RecordingUInput)
    monkeypatch.setattr(inputs, "PRESS_SECONDS", 0.0)
    monkeypatch.setattr(inputs, "uinput_problem", lambda: None)
    RecordingUInput.made, RecordingUInput.fail = [], None
    return evdev_module


def test_evdev_codes_are_the_kernels(evdev):
    assert {name: getattr(evdev.ecodes, name) for name in CODES} == CODES


def test_the_pad_looks_like_an_xbox_pad_with_a_hat(evdev):
    pad = inputs.make_injector("auto", profile_dir=None)  # auto: the pad when it can be made
    assert isinstance(pad, inputs.UinputPad)
    device = RecordingUInput.made[0]
    assert device.ids == (0x045E, 0x028E) and device.name == "orak-gym pad"
    keys = set(device.capabilities[CODES["EV_KEY"]])
    assert {CODES[b] for b in ("BTN_A", "BTN_B", "BTN_X", "BTN_Y", "BTN_TL", "BTN_TR", "BTN_START")} <= keys
    axes = dict(device.capabilities[CODES["EV_ABS"]])
    assert set(axes) == {CODES["ABS_HAT0X"], CODES["ABS_HAT0Y"]}
    assert (axes[CODES["ABS_HAT0X"]].min, axes[CODES["ABS_HAT0X"]].max) == (-1, 1)
    pad.close()
    assert device.closed


def test_each_press_is_down_sync_up_sync(evdev):
    pad = inputs.UinputPad()
    press_order = inputs.press_sequence("heal 2 2")
    for button in press_order:
        pad.press(button)
    events = RecordingUInput.made[0].events
    assert len(events) == 4 * len(press_order)
    key, hat = CODES["EV_KEY"], CODES["EV_ABS"]
    assert events[:4] == [(key, CODES["BTN_TL"], 1), "syn", (key, CODES["BTN_TL"], 0), "syn"]  # lb
    right = press_order.index("right") * 4
    assert events[right : right + 4] == [(hat, CODES["ABS_HAT0X"], 1), "syn", (hat, CODES["ABS_HAT0X"], 0), "syn"]
    left = press_order.index("left") * 4
    assert events[left] == (hat, CODES["ABS_HAT0X"], -1)


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (PermissionError(13, "Permission denied"), "Permission denied"),
        (evdev_module.UInputError('"/dev/uinput" does not exist'), '"/dev/uinput" does not exist'),
    ],
)
def test_a_pad_the_kernel_refuses_is_one_line(evdev, failure, reason):
    RecordingUInput.fail = failure
    with pytest.raises(inputs.InputUnavailable) as caught:
        inputs.make_injector("uinput", profile_dir=None)
    assert str(caught.value) == f"cannot create the virtual device 'orak-gym pad' through /dev/uinput: {reason}"


@pytest.mark.skipif(os.access("/dev/uinput", os.W_OK), reason="/dev/uinput is writable here: the pad would be made")
def test_the_real_pad_without_uinput_is_one_line():
    with pytest.raises(inputs.InputUnavailable) as caught:
        inputs.UinputPad()  # real evdev, real kernel: no uinput module on this machine
    assert str(caught.value).startswith("cannot create the virtual device 'orak-gym pad' through /dev/uinput: ")
    with pytest.raises(inputs.InputUnavailable, match="input='uinput' is not possible: /dev/uinput is not writable"):
        inputs.make_injector("uinput", profile_dir=None)


def test_without_evdev_the_pad_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "evdev", None)  # import evdev fails
    with pytest.raises(inputs.InputUnavailable, match=r"needs python-evdev \(pip install 'orak-gym\[input\]'\)"):
        inputs.UinputPad()
