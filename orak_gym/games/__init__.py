"""The twelve Orak games: one folder each for those orak-gym runs, a planned entry for the rest.

A game folder's ``__init__.py`` declares ``SPECS`` and imports nothing heavy, so listing every
game costs milliseconds.  To add a game, create ``orak_gym/games/<name>/`` with its ``SPECS``
(see docs/adding-a-game.md) and remove its entry from ``PLANNED``; a folder that is not one
of Orak's games is found all the same.  Games from other
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

#: The twelve Orak games in Orak's order (the order ``orak-gym list`` shows them in).
ORAK_GAMES: tuple[str, ...] = (
    "twenty48",
    "super_mario",
    "baba_is_you",
    "minecraft",
    "street_fighter",
    "pokemon_red",
    "slay_the_spire",
    "starcraft2",
    "ace_attorney",
    "her_story",
    "darkest_dungeon",
    "stardew_valley",
)

#: The Orak games with no folder yet, and what stands in the way. A game's folder, once it exists,
#: is its only source of facts (its ``SPECS``); its entry here is then removed.
PLANNED: tuple[GameSpec, ...] = ()


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
    """The Orak games in Orak's order (a folder's ``SPECS``, else its planned entry), then any game
    folder that is not one of them."""
    planned = {spec.name: spec for spec in PLANNED}
    specs: list[GameSpec] = []
    for name in ORAK_GAMES:
        specs.extend(_folder_specs(name) or [planned[name]])
    for name in _folders():
        if name not in ORAK_GAMES:
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
