"""The Super Mario Bros ROM a user supplies, and the stable-retro integration we ship for it.

We ship our own copy of stable-retro's ``SuperMarioBros-Nes-v0`` integration (``data.json``,
``scenario.json``, the save states) with a ``rom.sha`` that accepts two dumps of the same
cartridge: the one stable-retro lists and the one most users have (e.g. the file bundled in the
``gym-super-mario-bros`` package).  Both play identically; only the padding of the dump differs.
"""

from __future__ import annotations

from pathlib import Path

from orak_gym.backends.retro_integration import NES_HEADER_BYTES, RetroIntegration
from orak_gym.core.assets import Asset

#: SHA-1 of the PRG+CHR data (the 16-byte iNES header excluded, as stable-retro hashes NES ROMs).
ROM_SHA1S: tuple[str, ...] = (
    "facee9c577a5262dbe33ac4930bb0b58c8c037f7",  # stable-retro's SuperMarioBros-Nes rom.sha
    "0c4992fc08d2278697339d3b48066e7b5f943598",  # "Super Mario Bros. (World).nes", gym-super-mario-bros
)

ROM = Asset(
    game="super_mario",
    filename="super-mario-bros.nes",
    sha1=ROM_SHA1S,
    how_to_get=(
        "Run `orak-gym roms import <folder>` on a folder holding your Super Mario Bros. (NES, World) "
        "dump; it finds the file by SHA-1 (iNES header excluded). See `orak-gym roms --help`."
    ),
    skip_bytes=NES_HEADER_BYTES,
)

INTEGRATION_DIR = Path(__file__).resolve().parent / "integration" / "SuperMarioBros-Nes-v0"

INTEGRATION = RetroIntegration(name="SuperMarioBros-Nes-v0", data_dir=INTEGRATION_DIR, rom=ROM)

#: Levels with a start state in the integration: ``level="1-1"`` -> ``Level1-1.state``.
LEVELS: tuple[str, ...] = ("1-1", "1-4", "2-1", "3-1", "4-1", "5-1", "6-1", "7-1", "8-1")


def state_name(level: str) -> str:
    """The integration's save-state name for ``level`` ("1-1" -> "Level1-1"), or ValueError."""
    if level not in LEVELS:
        raise ValueError(f"level={level!r} has no start state; choose one of {', '.join(LEVELS)}")
    return f"Level{level}"
