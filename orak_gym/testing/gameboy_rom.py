"""A tiny Game Boy ROM, assembled by hand, for testing the PyBoy backend without any game.

PyBoy checks only the cartridge's header checksum (not the Nintendo logo nor the global
checksum), so a 32 KiB image with a valid header and a few dozen bytes of SM83 code runs.  The
program:

1. copies ``blocks`` (address -> bytes) into memory at power-on, so RAM decoders can be tested on
   the emulator with a layout the test chooses (e.g. a Pokémon party at D163);
2. then forever: reads the joypad into ``JOYPAD_HELD`` (C000, bits A B Select Start Right Left Up
   Down from bit 0, the layout games keep in ``hJoyHeld``), ORs it into ``JOYPAD_STICKY`` (C002),
   and increments ``FRAME_COUNTER`` (C001) once per frame (at the start of V-blank).
"""

from __future__ import annotations

from collections.abc import Mapping

JOYPAD_HELD = 0xC000
FRAME_COUNTER = 0xC001
JOYPAD_STICKY = 0xC002

#: Bit of each button in ``JOYPAD_HELD``.
JOYPAD_BITS = {"a": 0, "b": 1, "select": 2, "start": 3, "right": 4, "left": 5, "up": 6, "down": 7}

ROM_SIZE = 0x8000
CODE_START = 0x150
DATA_START = 0x1000


def _le(value: int) -> list[int]:
    return [value & 0xFF, (value >> 8) & 0xFF]


def build_test_rom(blocks: Mapping[int, bytes] | None = None, title: str = "ORAKTEST") -> bytes:
    """The ROM image (32 KiB, no MBC); ``blocks`` maps a destination address to the bytes copied there."""
    rom = bytearray(ROM_SIZE)
    rom[0x100:0x104] = bytes([0x00, 0xC3, *_le(CODE_START)])  # nop; jp CODE_START
    name = title.encode("ascii")[:15]
    rom[0x134 : 0x134 + len(name)] = name
    rom[0x147] = 0x00  # ROM only
    rom[0x148] = 0x00  # 32 KiB
    rom[0x149] = 0x00  # no cartridge RAM
    checksum = 0
    for byte in rom[0x134:0x14D]:
        checksum = (checksum - byte - 1) & 0xFF
    rom[0x14D] = checksum

    code: list[int] = [0xF3, 0x31, *_le(0xDFFE)]  # di; ld sp, $DFFE
    data_at = DATA_START
    copies: list[tuple[int, int, int]] = []
    for dst, payload in sorted((blocks or {}).items()):
        payload = bytes(payload)
        if data_at + len(payload) > ROM_SIZE:
            raise ValueError("test ROM data does not fit in 32 KiB")
        rom[data_at : data_at + len(payload)] = payload
        copies.append((data_at, dst, len(payload)))
        data_at += len(payload)
    call_sites: list[int] = []
    for src, dst, length in copies:
        code += [0x21, *_le(src), 0x11, *_le(dst), 0x01, *_le(length), 0xCD, 0x00, 0x00]
        call_sites.append(len(code) - 2)  # patched with the copy routine's address below
    loop = CODE_START + len(code)
    code += [
        0x3E, 0x20, 0xE0, 0x00, 0xF0, 0x00, 0xF0, 0x00,  # select d-pad, read twice (settle)
        0x2F, 0xE6, 0x0F, 0xCB, 0x37, 0x47,  # cpl; and $0F; swap a; ld b, a
        0x3E, 0x10, 0xE0, 0x00, 0xF0, 0x00, 0xF0, 0x00, 0xF0, 0x00,  # select buttons, read
        0x2F, 0xE6, 0x0F, 0xB0,  # cpl; and $0F; or b
        0xEA, *_le(JOYPAD_HELD),  # ld (JOYPAD_HELD), a
        0x21, *_le(JOYPAD_STICKY), 0xB6, 0x77,  # ld hl, STICKY; or (hl); ld (hl), a
        0x3E, 0x30, 0xE0, 0x00,  # deselect both lines
        0xF0, 0x44, 0xFE, 0x90, 0x20, 0xFA,  # wait until LY == 144 (V-blank starts)
        0x21, *_le(FRAME_COUNTER), 0x34,  # inc (FRAME_COUNTER)
        0xF0, 0x44, 0xFE, 0x90, 0x28, 0xFA,  # wait until LY leaves 144
        0xC3, *_le(loop),  # jp loop
    ]  # fmt: skip
    copy = CODE_START + len(code)
    code += [0x78, 0xB1, 0xC8, 0x2A, 0x12, 0x13, 0x0B, 0x18, 0xF7]  # copy bc bytes (hl) -> (de)
    for site in call_sites:
        code[site : site + 2] = _le(copy)
    if CODE_START + len(code) > DATA_START:
        raise ValueError("too many blocks for the test ROM's code area")
    rom[CODE_START : CODE_START + len(code)] = bytes(code)
    return bytes(rom)
