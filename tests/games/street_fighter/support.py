"""Helpers shared by the Street Fighter tests: MAME (or a skip with the reason) and stand-in ROMs."""

from __future__ import annotations

from pathlib import Path

import pytest

from orak_gym.backends.mame import find_mame
from orak_gym.testing.mame_roms import nes_joypad_cart, zero_rom_set

MAME = find_mame()
requires_mame = pytest.mark.skipif(
    MAME is None, reason="MAME is not installed (apt-get install mame; binary /usr/games/mame)"
)


def nes_cart(folder: Path) -> Path:
    """The generated joypad-echo cartridge, written to ``folder``."""
    path = folder / "joypad.nes"
    path.write_bytes(nes_joypad_cart())
    return path


def zero_sfiii3n(folder: Path) -> Path:
    """A folder holding a zero-filled ``sfiii3n.zip`` (names and sizes from MAME's -listxml)."""
    assert MAME is not None
    zero_rom_set(MAME, "sfiii3n", folder)
    return folder


def write_scenario(folder: Path, rounds: list[str], name: str = "scenario.json", **kwargs: object) -> str:
    """A scripted match for the fake peer, written as JSON; returns its path."""
    import json

    from orak_gym.games.street_fighter.scenario import scripted_match

    path = folder / name
    path.write_text(json.dumps(scripted_match(rounds, **kwargs)))  # type: ignore[arg-type]
    return str(path)
