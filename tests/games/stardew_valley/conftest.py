"""The stand-in Stardew Valley (``fake_stardew.py``, a real process) as the game every test here plays."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

FAKE = Path(__file__).with_name("fake_stardew.py")


def fake_command(*flags: str) -> str:
    """The launch command of the stand-in game, with its fault flags (``--stall-after 3``, ...)."""
    return shlex.join([sys.executable, str(FAKE), "{game_dir}", *flags])


@pytest.fixture
def fake_game(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every env made without kwargs plays the stand-in in a private folder, through the test channel."""
    command = fake_command()
    monkeypatch.delenv("ORAK_STARDEW_DIR", raising=False)
    monkeypatch.setenv("ORAK_STARDEW_LAUNCH", command)
    monkeypatch.setenv("ORAK_STARDEW_INPUT", "channel")
    monkeypatch.setenv("ORAK_STARDEW_UI_DELAY", "0")
    return command
