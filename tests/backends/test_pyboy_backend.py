"""The PyBoy backend on a Game Boy ROM the test builds (no game needed, runs in CI).

The ROM (``orak_gym.testing.gameboy_rom``) copies chosen bytes into work RAM at power-on, then
counts frames into C001 and writes the joypad into C000 (held) and C002 (sticky) every frame.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pyboy", reason="PyBoy is not installed: pip install 'orak-gym[pyboy]'")

from orak_gym.backends.pyboy import BUTTONS, SCREEN_SHAPE, PyBoyBackend
from orak_gym.core.errors import BackendError
from orak_gym.games.pokemon_red import milestones, ram
from orak_gym.games.pokemon_red.text import encode_string
from orak_gym.testing.gameboy_rom import (
    FRAME_COUNTER,
    JOYPAD_BITS,
    JOYPAD_HELD,
    JOYPAD_STICKY,
    build_test_rom,
)

BOOT_FRAMES = 90  # PyBoy's boot ROM shows its logo for about 65 frames before the cartridge runs


@pytest.fixture
def backend():
    b = PyBoyBackend(build_test_rom())
    b.tick(BOOT_FRAMES)
    yield b
    b.close()


def test_ticks_advance_exactly_the_frames_asked(backend):
    start = backend.read(FRAME_COUNTER)
    backend.tick(25)
    assert (backend.read(FRAME_COUNTER) - start) % 256 == 25
    assert backend.frame_count == BOOT_FRAMES + 25


@pytest.mark.parametrize("button", BUTTONS)
def test_hold_and_release_each_button(backend, button):
    backend.hold(button)
    backend.tick(3)
    assert backend.read(JOYPAD_HELD) == 1 << JOYPAD_BITS[button]
    assert backend.held == {button}
    backend.release(button)
    backend.tick(3)
    assert backend.read(JOYPAD_HELD) == 0
    assert backend.read(JOYPAD_STICKY) == 1 << JOYPAD_BITS[button]


def test_press_is_a_tap_of_several_buttons(backend):
    backend.press(("a", "up"), hold_frames=4, release_frames=4)
    assert backend.read(JOYPAD_HELD) == 0
    assert backend.read(JOYPAD_STICKY) == (1 << JOYPAD_BITS["a"]) | (1 << JOYPAD_BITS["up"])
    assert backend.held == frozenset()


def test_unknown_button_is_a_clear_error(backend):
    with pytest.raises(ValueError, match="unknown Game Boy button"):
        backend.press("x")


def test_save_and_load_state_rewinds_the_machine(backend):
    backend.tick(7)
    saved = backend.save_state()
    counter = backend.read(FRAME_COUNTER)
    backend.press("start", 5, 5)
    assert backend.read(FRAME_COUNTER) != counter
    backend.load_state(saved)
    assert backend.read(FRAME_COUNTER) == counter
    assert backend.read(JOYPAD_STICKY) == 0
    # replaying the same inputs from the same state gives the same memory
    backend.press("b", 6, 6)
    first = backend.wram().copy()
    backend.load_state(saved)
    backend.press("b", 6, 6)
    assert np.array_equal(first, backend.wram())


def test_two_emulators_with_the_same_inputs_agree():
    rom = build_test_rom({0xD000: bytes(range(16))})
    runs = []
    for _ in range(2):
        with PyBoyBackend(rom) as b:
            b.tick(BOOT_FRAMES)
            for name in ("a", "left", "select"):
                b.press(name, 5, 9)
            runs.append((b.wram().copy(), b.frame().copy()))
    assert np.array_equal(runs[0][0], runs[1][0])
    assert np.array_equal(runs[0][1], runs[1][1])


def test_frame_is_the_screen_in_rgb_and_reading_it_does_not_tick(backend):
    backend.tick(2, render=True)
    assert backend.rendered
    counter = backend.read(FRAME_COUNTER)
    frame = backend.frame()
    assert frame.shape == SCREEN_SHAPE and frame.dtype == np.uint8
    assert backend.read(FRAME_COUNTER) == counter and np.array_equal(frame, backend.frame())
    backend.tick(1)
    assert not backend.rendered


def test_memory_reads_and_ranges(backend):
    backend.write(0xD100, 0xAB)
    assert backend.read(0xD100) == 0xAB
    assert backend.read_range(0xD100, 1) == b"\xab"
    assert backend.wram().shape == (0x2000,)
    assert backend.read_range(0, 0) == b""
    assert backend.read_range(0x134, 8) == b"ORAKTEST"  # the cartridge header is mapped at 0134


def test_a_bad_cartridge_header_is_a_backend_error():
    rom = bytearray(build_test_rom())
    rom[0x14D] ^= 0xFF
    with pytest.raises(BackendError, match="PyBoy could not load the ROM"):
        PyBoyBackend(bytes(rom))


def test_pokemon_ram_readers_on_the_emulator():
    """The test ROM writes a Pokémon Red RAM layout; the decoders read it back from the emulator."""
    mon = bytearray(ram.PARTY_MON_SIZE)
    mon[0] = 0x99  # species id
    mon[1:3] = (0, 19)  # HP 19
    mon[ram.MON_LEVEL] = 5
    mon[ram.MON_MAX_HP : ram.MON_MAX_HP + 2] = (0, 21)
    mon[ram.MON_MOVES : ram.MON_MOVES + 2] = (33, 45)  # TACKLE, GROWL
    mon[ram.MON_PP : ram.MON_PP + 2] = (35, 40)
    blocks = {
        ram.PARTY_COUNT: bytes([1, 0x99, 0xFF]),
        ram.PARTY_MONS: bytes(mon),
        ram.PARTY_NICKS: encode_string("BULBASAUR"),
        ram.BAG_COUNT: bytes([2, 0x04, 5, 0x46, 1, 0xFF]),
        ram.MONEY: bytes([0x01, 0x23, 0x45]),
        ram.BADGES: bytes([0b00000001]),
        ram.CUR_MAP: bytes([0x01, 0, 0, 7, 9]),  # map, (D35F-D360), y D361, x D362
        ram.EVENT_FLAGS: bytes([0x01, 0, 0, 0x01, 0b10001100, 0, 0, 0b11]),
    }
    with PyBoyBackend(build_test_rom(blocks)) as b:
        b.tick(BOOT_FRAMES)
        r = b.wram()
    party = ram.party(r)
    assert len(party) == 1 and party[0].nickname == "BULBASAUR"
    assert (party[0].level, party[0].hp, party[0].max_hp) == (5, 19, 21)
    assert party[0].moves == ((33, 35), (45, 40))
    assert ram.bag(r) == [(0x04, 5), (0x46, 1)]
    assert ram.money(r) == 12345
    assert ram.badges(r) == ["Boulder"]
    assert ram.position(r) == (1, 9, 7)
    assert set(milestones.reached_now(r)) == {
        "Meet Professor Oak",
        "Choose a starter Pokémon",
        "Finish the first rival battle",
        "Reach Viridian City",
        "Get Oak's parcel",
        "Deliver Oak's parcel",
        "Get the Town Map",
        "Have a Poké Ball",
        "Win the Boulder Badge",
    }


def test_symbol_lookup_from_a_sym_file(tmp_path):
    rom = tmp_path / "test.gb"
    rom.write_bytes(build_test_rom())
    sym = tmp_path / "test.sym"
    sym.write_text("00:c001 FrameCounter\n00:c000 JoypadHeld\n")
    with PyBoyBackend(rom, symbols=sym) as b:
        assert b.symbol("FrameCounter") == FRAME_COUNTER
        with pytest.raises(ValueError, match="not found"):
            b.symbol("NoSuchLabel")
