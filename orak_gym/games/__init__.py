"""The twelve Orak games: one folder each for those orak-gym runs, a catalogue entry for all.

A game folder's ``__init__.py`` declares ``SPECS`` and imports nothing heavy, so listing every
game costs milliseconds.  To add a game, create ``orak_gym/games/<name>/`` with its ``SPECS``;
the catalogue entry below (same name) is then replaced by the folder's specs.
"""

from __future__ import annotations

import importlib
import sys
import types

from orak_gym.core.registry import GAMES, GameSpec, Status

#: Every Orak game, with what stands in the way where orak-gym has no backend for it yet.
CATALOGUE: tuple[GameSpec, ...] = (
    GameSpec("twenty48", "2048", "puzzle"),
    GameSpec("super_mario", "SuperMario", "action"),
    GameSpec("baba_is_you", "BabaIsYou", "puzzle"),
    GameSpec("minecraft", "Minecraft", "simulation"),
    GameSpec("street_fighter", "StreetFighter", "action", note="planned on stable-retro (user-supplied ROM)"),
    GameSpec("pokemon_red", "PokemonRed", "role-playing", note="planned on PyBoy (user-supplied ROM)"),
    GameSpec("slay_the_spire", "SlayTheSpire", "strategy", note="commercial game (ModTheSpire mod)"),
    GameSpec("starcraft2", "StarCraft2", "strategy", note="needs the StarCraft II client, not on Linux registries"),
    GameSpec("ace_attorney", "AceAttorney", "adventure", note="commercial game (Windows, BepInEx mod)"),
    GameSpec("her_story", "HerStory", "adventure", note="commercial game (Windows/macOS plugin)"),
    GameSpec("darkest_dungeon", "DarkestDungeon", "role-playing", note="commercial game (Windows save files)"),
    GameSpec("stardew_valley", "StardewValley", "simulation", note="commercial game (Windows, SMAPI mod)"),
)


def load_specs() -> list[GameSpec]:
    """One or more specs per catalogue entry: the game folder's ``SPECS`` where it has them."""
    specs: list[GameSpec] = []
    for entry in CATALOGUE:
        try:
            module = importlib.import_module(f"{__name__}.{entry.name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{entry.name}":
                raise
            module = None
        folder_specs = getattr(module, "SPECS", None)
        if folder_specs:
            specs.extend(folder_specs)
        else:
            note = entry.note or "in development: not playable in this version yet"
            specs.append(GameSpec(entry.name, entry.title, entry.genre, note=note))
    return specs


def statuses() -> list[tuple[GameSpec, Status]]:
    """Every Orak game with its status on this machine (ready, missing asset, missing extra, ...)."""
    return [(spec, spec.status()) for spec in GAMES.values()]


class _CallableGamesModule(types.ModuleType):
    """``orak_gym.games()`` lists the games while ``orak_gym.games`` stays the package of game folders
    (a plain function of that name would hide the package: ``import orak_gym.games.minecraft as m``)."""

    def __call__(self) -> list[tuple[GameSpec, Status]]:
        return statuses()


sys.modules[__name__].__class__ = _CallableGamesModule
