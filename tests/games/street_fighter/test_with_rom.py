"""With the user's ``sfiii3n.zip`` (imported, SHA-256 checked) and MAME: the menu script reaches a fight and
every RAM address passes ``calibrate``.  Skipped with the reason where either is absent (CI has no ROM)."""

from __future__ import annotations

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.games.street_fighter.calibrate import calibrate
from orak_gym.games.street_fighter.rom import ROM

from .support import requires_mame

_problem = ROM.problem()
needs_rom = pytest.mark.skipif(_problem is not None, reason=f"sfiii3n ROM absent: {_problem}")
pytestmark = [pytest.mark.rom, requires_mame, needs_rom]


def test_menu_reaches_a_fight_as_ken() -> None:
    env = gym.make("orak/StreetFighter-v0")
    try:
        obs, info = env.reset(seed=0)
        assert info["state"]["fighting"] and "You are playing Ken" in obs
        for _ in range(5):
            obs, *_ = env.step("### Actions\n- Move Closer\n- Low Punch")
        assert "Stage: 1 / 10" in obs
    finally:
        env.close()


def test_every_ram_address_calibrates() -> None:
    report = calibrate()
    assert report.ok, "\n".join(report.lines())
