"""The twelve Orak games: one folder each for those orak-gym runs, a catalogue entry for all.

A game folder's ``__init__.py`` declares ``SPECS`` and imports nothing heavy, so listing every
game costs milliseconds.  To add a game, create ``orak_gym/games/<name>/`` with its ``SPECS``
(see "Adding a game" in the README); a catalogue entry below with the same name is then replaced by
the folder's specs, and a folder with no catalogue entry is found all the same.  Games from other
packages come in through the ``orak_gym.games`` entry point group (:func:`plugin_specs`).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import types
import warnings
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from orak_gym.core.registry import GAMES, GameSpec, Status

#: The entry point group through which other packages add games.
ENTRY_POINT_GROUP = "orak_gym.games"

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


def _folder_specs(name: str) -> list[GameSpec]:
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        return []
    return list(getattr(module, "SPECS", None) or [])


def _folders() -> list[str]:
    """Game folders in this package (a package with an ``__init__.py``)."""
    return sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.ispkg)


def builtin_specs() -> list[GameSpec]:
    """One or more specs per catalogue entry (the folder's ``SPECS`` where it has them), then any
    game folder the catalogue does not list."""
    specs: list[GameSpec] = []
    for entry in CATALOGUE:
        folder = _folder_specs(entry.name)
        if folder:
            specs.extend(folder)
        else:
            note = entry.note or "in development: not playable in this version yet"
            specs.append(GameSpec(entry.name, entry.title, entry.genre, note=note))
    listed = {entry.name for entry in CATALOGUE}
    for name in _folders():
        if name not in listed:
            specs.extend(_folder_specs(name))
    return specs


def _as_specs(value: Any, origin: str) -> list[GameSpec]:
    """An entry point's object: a GameSpec, a list of them, or a module with ``SPECS``."""
    if isinstance(value, types.ModuleType):
        value = getattr(value, "SPECS", None)
    if isinstance(value, GameSpec):
        return [value]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, GameSpec) for v in value):
        return list(value)
    raise TypeError(f"{origin} must name a GameSpec, a list of GameSpecs or a module with SPECS")


def plugin_specs() -> list[GameSpec]:
    """Specs that installed packages declare in the ``orak_gym.games`` entry point group.

    A broken plugin is reported with a warning and left out; it never stops ``import orak_gym``.
    """
    specs: list[GameSpec] = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        origin = f"entry point {point.name!r} ({point.value}) of group {ENTRY_POINT_GROUP!r}"
        try:
            specs.extend(_as_specs(point.load(), origin))
        except Exception as exc:
            warnings.warn(f"orak-gym could not load the game of {origin}: {type(exc).__name__}: {exc}", stacklevel=2)
    return specs


def load_specs() -> list[GameSpec]:
    """Every game: the built-in ones, then the plugins' (a plugin never replaces a built-in game)."""
    specs = builtin_specs()
    names = {spec.name for spec in specs}
    for spec in plugin_specs():
        if spec.name in names:
            warnings.warn(f"plugin game {spec.name!r} ignored: a game of that name exists already", stacklevel=2)
            continue
        specs.append(spec)
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
