"""The virtual pad over ``/dev/uinput``: the events each button writes, through a stand-in for ``evdev``.

No machine here has ``/dev/uinput`` open to tests, so the ``evdev`` module is replaced by a recorder with
the kernel's event codes (linux/input-event-codes.h): the env's own pad code runs unchanged above it.
"""

from __future__ import annotations

import sys
import types
from typing import ClassVar

import pytest

from orak_gym.games.darkest_dungeon import inputs

CODES = {"EV_SYN": 0, "EV_KEY": 1, "EV_ABS": 3, "BTN_A": 0x130, "BTN_B": 0x131, "BTN_X": 0x133, "BTN_Y": 0x134,
         "BTN_TL": 0x136, "BTN_TR": 0x137, "BTN_SELECT": 0x13A, "BTN_START": 0x13B, "ABS_HAT0X": 0x10,
         "ABS_HAT0Y": 0x11}  # fmt: skip


class RecordingUInput:
    made: ClassVar[list[RecordingUInput]] = []
    fail: ClassVar[OSError | None] = None

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
def evdev(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType("evdev")
    module.UInput = RecordingUInput
    module.ecodes = types.SimpleNamespace(**CODES)
    module.AbsInfo = lambda **fields: ("absinfo", tuple(sorted(fields.items())))
    monkeypatch.setitem(sys.modules, "evdev", module)
    monkeypatch.setattr(inputs, "PRESS_SECONDS", 0.0)
    monkeypatch.setattr(inputs, "uinput_problem", lambda: None)
    RecordingUInput.made, RecordingUInput.fail = [], None
    return module


def test_the_pad_looks_like_an_xbox_pad_with_a_hat(evdev):
    pad = inputs.make_injector("auto", profile_dir=None)  # auto: the pad when it can be made
    assert isinstance(pad, inputs.UinputPad)
    device = RecordingUInput.made[0]
    assert device.ids == (0x045E, 0x028E) and device.name == "orak-gym pad"
    keys = set(device.capabilities[CODES["EV_KEY"]])
    assert {CODES[b] for b in ("BTN_A", "BTN_B", "BTN_X", "BTN_Y", "BTN_TL", "BTN_TR", "BTN_START")} <= keys
    axes = dict(device.capabilities[CODES["EV_ABS"]])
    assert set(axes) == {CODES["ABS_HAT0X"], CODES["ABS_HAT0Y"]}
    assert dict(axes[CODES["ABS_HAT0X"]][1])["min"] == -1 and dict(axes[CODES["ABS_HAT0X"]][1])["max"] == 1
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


def test_a_pad_the_kernel_refuses_is_one_line(evdev):
    RecordingUInput.fail = PermissionError(13, "Permission denied")
    with pytest.raises(inputs.InputUnavailable) as caught:
        inputs.make_injector("uinput", profile_dir=None)
    assert str(caught.value) == "cannot create a virtual pad through /dev/uinput: Permission denied"


def test_without_evdev_the_pad_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "evdev", None)  # import evdev fails
    with pytest.raises(inputs.InputUnavailable, match="needs the evdev package"):
        inputs.UinputPad()
