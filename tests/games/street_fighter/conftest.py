"""Fixtures of the Street Fighter tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import MAME, zero_sfiii3n


@pytest.fixture(scope="session")
def sfiii3n_roms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a zero-filled ``sfiii3n.zip`` (names and sizes from MAME's -listxml), made once."""
    if MAME is None:
        pytest.skip("MAME is not installed (apt-get install mame; binary /usr/games/mame)")
    return zero_sfiii3n(tmp_path_factory.mktemp("sfiii3n"))
