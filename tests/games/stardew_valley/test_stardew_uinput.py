"""Stardew Valley's virtual keyboard and pointer over ``/dev/uinput``, with the real python-evdev.

Every key, button and screen position a skill sends must exist on the device the env makes, or the
kernel drops the event silently and the game never sees the hotkey: checked with evdev's real codes for
every skill of every task. Only the device itself is a recorder (most machines here have no ``uinput``
module); the last test makes the real one and expects the kernel's refusal as one line.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

import pytest

from orak_gym.games.stardew_valley import inputs, skills

evdev = pytest.importorskip("evdev", reason="python-evdev is not installed (pip install 'orak-gym[input]')")
WIDTH, HEIGHT = 3840, 2160


def _sample_params(skill: skills.Skill) -> list[dict[str, Any]]:
    """Each choice of a choice parameter, numbers at both ends of their range."""
    calls: list[dict[str, Any]] = [{}]
    for p in skill.params:
        values = list(p.choices) if p.choices else [p.kind(p.low or 1), p.kind(p.high or 1)]
        calls = [{**call, p.name: v} for call in calls for v in values]
    return calls


def _all_ops() -> list[skills.Op]:
    return [op for s in skills.SKILLS.values() for params in _sample_params(s) for op in skills.inputs(s.name, params)]


def test_every_key_button_and_position_a_skill_sends_is_on_the_device() -> None:
    caps = inputs.uinput_capabilities(WIDTH, HEIGHT)
    e = evdev.ecodes
    keys = set(caps[e.EV_KEY])
    axes = dict(caps[e.EV_ABS])
    ops = _all_ops()
    assert {op[0] for op in ops} == {"key", "hold", "move", "click", "pause"}
    for op in ops:
        if op[0] in ("key", "hold"):
            assert inputs.uinput_key_code(op[1]) in keys, op
        elif op[0] == "click":
            assert {"left": e.BTN_LEFT, "right": e.BTN_RIGHT}[op[1]] in keys
        elif op[0] == "move":
            x, y = op[1], op[2]
            assert axes[e.ABS_X].min <= x <= axes[e.ABS_X].max and axes[e.ABS_Y].min <= y <= axes[e.ABS_Y].max, op
    assert inputs.uinput_key_code("+") == e.KEY_EQUAL and inputs.uinput_key_code("escape") == e.KEY_ESC


class RecordingUInput:
    made: ClassVar[list[RecordingUInput]] = []

    def __init__(self, capabilities: dict, name: str) -> None:
        self.capabilities, self.name, self.events = capabilities, name, []
        RecordingUInput.made.append(self)

    def write(self, kind: int, code: int, value: int) -> None:
        self.events.append((kind, code, value))

    def syn(self) -> None:
        self.events.append("syn")

    def close(self) -> None:
        self.events.append("closed")


def test_keys_clicks_and_moves_become_these_events(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evdev, "UInput", RecordingUInput)
    monkeypatch.setattr(inputs.time, "sleep", lambda s: None)
    RecordingUInput.made = []
    sink = inputs.UinputInput(WIDTH, HEIGHT)
    sink.key("escape")
    sink.move(1920, 800)
    sink.click("right")
    sink.close()
    e = evdev.ecodes
    device = RecordingUInput.made[0]
    assert device.name == "orak-gym stardew input"
    assert device.events == [
        (e.EV_KEY, e.KEY_ESC, 1), "syn", (e.EV_KEY, e.KEY_ESC, 0), "syn",
        (e.EV_ABS, e.ABS_X, 1920), (e.EV_ABS, e.ABS_Y, 800), "syn",
        (e.EV_KEY, e.BTN_RIGHT, 1), "syn", (e.EV_KEY, e.BTN_RIGHT, 0), "syn",
        "closed",
    ]  # fmt: skip


@pytest.mark.skipif(os.access("/dev/uinput", os.W_OK), reason="/dev/uinput is writable here: the device would be made")
def test_the_real_device_without_uinput_is_one_line() -> None:
    with pytest.raises(inputs.InputUnavailable) as caught:
        inputs.UinputInput()
    message = str(caught.value)
    assert message.startswith("cannot create the virtual device 'orak-gym stardew input' through /dev/uinput: ")
    assert "\n" not in message
