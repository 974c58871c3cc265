"""The catalogue of Orak games and how each becomes a registered Gymnasium id.

Each game folder declares ``SPECS`` (a list of :class:`GameSpec`) without importing anything
heavy; ``orak_gym/__init__.py`` registers them with lazy entry points, so the emulator or server
behind a game is only loaded by ``gym.make``.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import gymnasium as gym

from orak_gym.core.assets import Asset

FACTORY = "orak_gym.wrappers.modality:make_env"

#: Every game known to orak-gym, by name; filled by ``GameSpec.register`` (see ``orak_gym.games``).
GAMES: dict[str, GameSpec] = {}


class Readiness(str, Enum):
    READY = "ready"
    MISSING_ASSET = "missing asset"
    MISSING_EXTRA = "missing extra"
    NOT_SUPPORTED = "not yet supported"


@dataclass(frozen=True)
class Status:
    readiness: Readiness
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.readiness is Readiness.READY


@dataclass(frozen=True)
class Dependency:
    """An importable module a game needs, and the extra that installs it."""

    module: str
    extra: str
    package: str = ""

    def missing(self) -> bool:
        return importlib.util.find_spec(self.module) is None


@dataclass(frozen=True)
class EnvVariant:
    """One registered id of a game (a level, a task) with the kwargs that select it."""

    env_id: str
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GameSpec:
    """What orak-gym knows about one Orak game."""

    name: str
    title: str
    genre: str
    env_class: str = ""  # "module:Class" of the OrakEnv subclass; empty when not supported yet
    variants: tuple[EnvVariant, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    assets: tuple[Asset, ...] = ()
    #: "module:function" returning None when ready or a message saying what is missing (npm packages, ...).
    readiness_check: str = ""
    expert: str = ""  # "module:Class" of the scripted expert policy, if any
    vector_entry_point: str = ""
    max_decisions: int | None = None  # Orak's decision limit, applied in the text/image modalities
    nondeterministic: bool = False
    note: str = ""  # for unsupported games: why, and what would make it work

    @property
    def supported(self) -> bool:
        return bool(self.env_class)

    @property
    def env_id(self) -> str:
        return self.variants[0].env_id if self.variants else f"orak/{self.title.replace(' ', '')}-v0"

    def status(self) -> Status:
        if not self.supported:
            return Status(Readiness.NOT_SUPPORTED, self.note)
        for dep in self.dependencies:
            if dep.missing():
                name = dep.package or dep.module
                return Status(Readiness.MISSING_EXTRA, f"pip install 'orak-gym[{dep.extra}]' (needs {name})")
        for asset in self.assets:
            problem = asset.problem()
            if problem is not None:
                return Status(Readiness.MISSING_ASSET, problem)
        if self.readiness_check:
            problem = load_object(self.readiness_check)()
            if problem:
                return Status(Readiness.MISSING_EXTRA, problem)
        return Status(Readiness.READY)

    def register(self) -> None:
        GAMES[self.name] = self
        for variant in self.variants:
            if variant.env_id in gym.registry:
                continue
            gym.register(
                id=variant.env_id,
                entry_point=FACTORY,
                vector_entry_point=self.vector_entry_point or None,
                nondeterministic=self.nondeterministic,
                kwargs={"game": self.name, **variant.kwargs},
            )


def load_object(path: str) -> Any:
    """Loads ``"package.module:Attribute"`` lazily."""
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)
