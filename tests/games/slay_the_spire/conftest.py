"""Fixtures shared by the Slay the Spire tests."""

from .bridge_support import scripted_game  # noqa: F401 - fixture
