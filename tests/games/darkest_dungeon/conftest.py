"""The fake Darkest Dungeon (``fake_darkest_dungeon.py``, a real process) as the game every test here plays."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

FAKE = Path(__file__).with_name("fake_darkest_dungeon.py")


def fake_command(*flags: str) -> str:
    """The launch command of the fake game, with its fault flags (``--stall-after 3``, ...)."""
    return shlex.join([sys.executable, str(FAKE), "{game_dir}", *flags])


@pytest.fixture
def fake_game(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every env made without kwargs plays the fake game in a private folder, through the test channel."""
    command = fake_command()
    for variable in ("ORAK_DD_DIR", "ORAK_DD_PROFILE", "ORAK_DD_START_SAVE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("ORAK_DD_LAUNCH", command)
    monkeypatch.setenv("ORAK_DD_INPUT", "channel")
    monkeypatch.setenv("ORAK_DD_SETTLE", "0.02")
    return command
