"""The MAME backend on the real MAME: lockstep, press/release, frames, errors, clean shutdown.

The machine is MAME's ``nes`` driver running a cartridge the test assembles (no game bytes): its
NMI copies controller 1 into RAM $00 and counts frames in $01, once per frame.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from orak_gym.backends.mame import MameBridge, MameMachine, RamValue
from orak_gym.core.errors import BackendError, MissingDependencyError, OrakError
from orak_gym.testing.mame_roms import NES_PAD_BITS

from .support import nes_cart, requires_mame

PAD = ":ctrl1:joypad:JOYPAD"


def nes_machine(tmp_path) -> MameMachine:
    return MameMachine(
        system="nes",
        ram=(RamValue(0x00), RamValue(0x01)),
        fields=((PAD, "P1 A"), (PAD, "P1 Left"), (":ctrl2:joypad:JOYPAD", "P2 B")),
        media=("-cart", str(nes_cart(tmp_path))),
    )


def gone(pid: int) -> bool:
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@requires_mame
def test_press_release_and_lockstep_on_real_mame(tmp_path) -> None:
    bridge = MameBridge(nes_machine(tmp_path))
    try:
        hello = bridge.start()
        assert hello["system"] == "nes" and (hello["w"], hello["h"]) == (256, 240)
        assert bridge.missing_fields == []
        assert "P1 A" in hello["ports"][PAD]
        first = bridge.step(0)
        assert first.ram == [0, 1]  # one frame, nothing pressed
        pressed = bridge.step(0b001)  # P1 A: the NMI of that very frame sees it
        assert pressed.frame == 2 and pressed.ram == [1 << NES_PAD_BITS["A"], 2]
        both = bridge.step(0b011, frames=3)  # A + Left held for three frames
        assert both.frame == 5 and both.ram == [(1 << NES_PAD_BITS["A"]) | (1 << NES_PAD_BITS["Left"]), 5]
        released = bridge.step(0)
        assert released.ram == [0, 6]
        other_pad = bridge.step(0b100)  # P2 B is not controller 1: $00 stays clear
        assert other_pad.ram == [0, 7]
        # Lockstep: wall time passing between steps does not advance the machine.
        time.sleep(0.3)
        assert bridge.step(0).frame == 8
    finally:
        bridge.close()


@requires_mame
def test_frame_capture_and_poke(tmp_path) -> None:
    bridge = MameBridge(nes_machine(tmp_path))
    try:
        bridge.start()
        assert bridge.step(0).image is None
        step = bridge.step(0, image=True)
        assert step.image is not None and step.image.shape == (240, 256, 3) and step.image.dtype.name == "uint8"
        bridge.poke(0x10, 0xAB)
        machine = bridge.machine
        bridge.close()
        # A RAM address written by the bridge reads back through the same list.
        listed = (RamValue(0x10), RamValue(0x01))
        with_poke = MameBridge(MameMachine("nes", listed, machine.fields, media=machine.media))
        with_poke.start()
        with_poke.poke(0x10, 0xCD)
        assert with_poke.step(0).ram == [0xCD, 1]
        with_poke.close()
    finally:
        bridge.close()


@requires_mame
def test_mame_dying_mid_episode_is_one_line_and_leaves_nothing(tmp_path) -> None:
    bridge = MameBridge(nes_machine(tmp_path))
    bridge.start()
    pid = bridge.pid
    assert pid is not None
    bridge.step(0)
    os.killpg(pid, signal.SIGKILL)
    with pytest.raises(BackendError) as caught:
        bridge.step(0)
    message = str(caught.value)
    assert "\n" not in message and "MAME" in message and "step" in message
    assert not bridge.running and gone(pid)


@requires_mame
def test_close_stops_mame_and_removes_its_folder(tmp_path) -> None:
    bridge = MameBridge(nes_machine(tmp_path))
    bridge.start()
    pid, workdir = bridge.pid, bridge._workdir
    assert pid is not None and workdir is not None and workdir.is_dir()
    bridge.close()
    bridge.close()  # idempotent
    assert gone(pid) and not workdir.exists()


def test_no_mame_binary_is_one_line_naming_apt(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ORAK_MAME", str(tmp_path / "no-such-mame"))
    bridge = MameBridge(MameMachine("nes"))
    with pytest.raises(MissingDependencyError) as caught:
        bridge.start()
    assert isinstance(caught.value, OrakError)
    assert "\n" not in str(caught.value) and "apt-get install mame" in str(caught.value)
    bridge.close()
