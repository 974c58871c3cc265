"""The twelve Orak games: the ones orak-gym runs (one folder each) and the ones still to come.

A game folder's ``__init__.py`` declares ``SPECS`` and imports nothing heavy, so listing every
game costs milliseconds.  To add a game, create its folder and add its name to ``GAME_PACKAGES``.
"""

from __future__ import annotations

import importlib

from orak_gym.core.registry import GameSpec

#: Folders under orak_gym/games/ that hold a playable game.
GAME_PACKAGES: tuple[str, ...] = ("twenty48", "baba_is_you", "super_mario", "minecraft")

#: Orak games without an orak-gym backend yet, and what stands in the way.
NOT_YET_SUPPORTED: tuple[GameSpec, ...] = (
    GameSpec("street_fighter", "StreetFighter", "action", note="planned on stable-retro (user-supplied ROM)"),
    GameSpec("ace_attorney", "AceAttorney", "adventure", note="commercial game (Windows, BepInEx mod)"),
    GameSpec("her_story", "HerStory", "adventure", note="commercial game (Windows/macOS plugin)"),
    GameSpec("pokemon_red", "PokemonRed", "role-playing", note="planned on PyBoy (user-supplied ROM)"),
    GameSpec(
        "darkest_dungeon", "DarkestDungeon", "role-playing", note="commercial game (Windows, save files)"
    ),
    GameSpec("stardew_valley", "StardewValley", "simulation", note="commercial game (Windows, SMAPI mod)"),
    GameSpec(
        "starcraft2", "StarCraft2", "strategy", note="needs the StarCraft II client (not on Linux registries)"
    ),
    GameSpec("slay_the_spire", "SlayTheSpire", "strategy", note="commercial game (ModTheSpire mod)"),
)


def load_specs() -> list[GameSpec]:
    """Every game spec: the playable ones first, in ``GAME_PACKAGES`` order, then the rest."""
    specs: list[GameSpec] = []
    for package in GAME_PACKAGES:
        try:
            module = importlib.import_module(f"{__name__}.{package}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{package}":
                raise
            continue  # a game folder not present in this checkout
        specs.extend(getattr(module, "SPECS", ()))  # a folder still under construction registers nothing
    return specs + list(NOT_YET_SUPPORTED)
