"""Where a level ends: the flagpole's x (or the castle axe's), read from the level's object data.

The Orak score is "distance travelled / distance from the start to the flagpole", but Orak never
states the flagpole distance.  We compute it from the game itself: RAM 0x00E7/0x00E8 point to the
current area's object list in PRG-ROM (already past its 2-byte header).  Each object is two bytes:
``byte1 = column (high nibble) | row (low nibble)``, ``byte2 = new-page flag (bit 7) | type``; a
row of 0xD with bit 6 of ``byte2`` clear is a "page skip" (set the page), with bit 6 set it is a
special object: 0x41 the flagpole, 0x42 the axe that ends a castle.  The list ends with 0xFD.
For World 1-1 this gives column 198, level x = 3168.
"""

from __future__ import annotations

from pathlib import Path

INES_HEADER = 16
PRG_START = 0x8000
END_OF_AREA = 0xFD
FLAGPOLE, AXE = 0x41, 0x42


def goal_column(prg_bytes: bytes, area_ptr: int) -> int | None:
    """The level column of the flagpole (or axe) in the area at ``area_ptr``, or None if absent."""
    offset = area_ptr - PRG_START
    if not 0 <= offset < len(prg_bytes):
        return None
    page = 0
    found: int | None = None
    i = offset
    while i + 1 < len(prg_bytes) and prg_bytes[i] != END_OF_AREA and i - offset < 1024:
        b1, b2 = prg_bytes[i], prg_bytes[i + 1]
        i += 2
        if b2 & 0x80:
            page += 1
        row, col = b1 & 0x0F, b1 >> 4
        if row == 0x0D:
            if not b2 & 0x40:
                page = b2 & 0x1F
                continue
            kind = b2 & 0x7F
            if kind == FLAGPOLE or (kind == AXE and found is None):
                found = page * 16 + col
    return found


def goal_x(rom_path: Path, area_ptr: int) -> int | None:
    """Level x (pixels) of the flagpole/axe column, from an iNES ROM file; None if not found."""
    data = Path(rom_path).read_bytes()
    column = goal_column(data[INES_HEADER:], area_ptr)
    return None if column is None else column * 16
