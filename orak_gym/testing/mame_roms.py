"""Stand-in ROMs for testing the MAME backend without any game bytes.

* :func:`nes_joypad_cart`: a 24,592-byte iNES cartridge assembled here by hand (6502).  Its NMI
  handler runs once per frame: it counts frames in RAM ``$01`` and copies controller 1 into
  ``$00`` (bit 7 = A ... bit 0 = Right), so a test sees on the real MAME ``nes`` driver exactly
  when a press and a release take effect and whether the machine advances in lockstep.
* :func:`zero_rom_set`: a ROM set for a MAME driver (``sfiii3n``) made of zero-filled files with
  the names and sizes MAME's own ``-listxml`` gives.  MAME warns about the checksums and runs the
  driver anyway, so its ports, field names, RAM map and screen are real; nothing of the game is.
"""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

#: The cartridge's program at $C000 (reset), its NMI handler at $C016 and an IRQ stub at $C038.
_PROGRAM = bytes.fromhex(
    "78"  # C000 SEI
    "d8"  # C001 CLD
    "a2ff"  # C002 LDX #$FF
    "9a"  # C004 TXS
    "a900"  # C005 LDA #$00
    "8500"  # C007 STA $00      pad byte
    "8501"  # C009 STA $01      frame counter
    "8d0120"  # C00B STA $2001  rendering off
    "a980"  # C00E LDA #$80
    "8d0020"  # C010 STA $2000  NMI on at every vblank
    "4c13c0"  # C013 JMP $C013  idle; all work happens in the NMI
    "48"  # C016 PHA           NMI handler
    "8a"  # C017 TXA
    "48"  # C018 PHA
    "e601"  # C019 INC $01      count the frame
    "a901"  # C01B LDA #$01
    "8d1640"  # C01D STA $4016  strobe controller 1
    "a900"  # C020 LDA #$00
    "8d1640"  # C022 STA $4016
    "a208"  # C025 LDX #$08
    "ad1640"  # C027 LDA $4016  read one button
    "4a"  # C02A LSR A
    "2602"  # C02B ROL $02
    "ca"  # C02D DEX
    "d0f7"  # C02E BNE $C027
    "a502"  # C030 LDA $02
    "8500"  # C032 STA $00      the 8 buttons, A first (bit 7)
    "68"  # C034 PLA
    "aa"  # C035 TAX
    "68"  # C036 PLA
    "40"  # C037 RTI
    "40"  # C038 RTI            IRQ stub
)

#: Bits of RAM $00 per NES joypad button (first read = A = bit 7).
NES_PAD_BITS = {"A": 7, "B": 6, "Select": 5, "Start": 4, "Up": 3, "Down": 2, "Left": 1, "Right": 0}


def nes_joypad_cart() -> bytes:
    """The iNES image (NROM-128: 16 KiB PRG at $C000, 8 KiB empty CHR)."""
    prg = bytearray(16 * 1024)
    prg[: len(_PROGRAM)] = _PROGRAM
    prg[0x3FFA:0x4000] = bytes([0x16, 0xC0, 0x00, 0xC0, 0x38, 0xC0])  # NMI, RESET, IRQ vectors
    header = b"NES\x1a" + bytes([1, 1, 0, 0]) + bytes(8)
    return header + bytes(prg) + bytes(8 * 1024)


def rom_listing(mame: str, system: str) -> list[tuple[str, int]]:
    """(file name, size) of every ROM ``system`` loads, from ``mame -listxml`` (devices' BIOSes included)."""
    xml = subprocess.run([mame, "-listxml", system], capture_output=True, check=True, timeout=60).stdout
    root = ET.fromstring(xml)
    files: dict[str, int] = {}
    for machine in root.iter("machine"):
        if machine.get("name") != system:
            continue
        for rom in machine.iter("rom"):
            if rom.get("status") != "nodump" and rom.get("name") and rom.get("size"):
                files.setdefault(rom.get("name", ""), int(rom.get("size", "0")))
    if not files:
        raise ValueError(f"mame -listxml {system} lists no ROM files")
    return sorted(files.items())


def zero_rom_set(mame: str, system: str, folder: Path) -> Path:
    """``folder/<system>.zip`` of zero-filled files named and sized as MAME expects (made once)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{system}.zip"
    if target.is_file():
        return target
    tmp = folder / f".{system}.{os.getpid()}.zip"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, size in rom_listing(mame, system):
            zf.writestr(name, bytes(size))
    os.replace(tmp, target)
    return target
