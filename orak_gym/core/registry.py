"""What orak-gym knows about each game (``GameSpec``), and the one lookup from an env id to it.

Each game folder declares ``SPECS`` (a list of :class:`GameSpec`) without importing anything
heavy; games from other packages declare theirs through the ``orak_gym.games`` entry point group.
``orak_gym/__init__.py`` registers them all with Gymnasium (lazy entry points), so the emulator or
server behind a game is only loaded by ``gym.make``.  Every other layer asks the spec a question
about a game (:func:`spec_of`) instead of naming the game.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from orak_gym.core.assets import Asset
from orak_gym.core.errors import OrakError

#: Every game known to orak-gym, by name; filled when ``orak_gym`` registers the specs.
GAMES: dict[str, GameSpec] = {}


class UnknownEnvError(OrakError, LookupError):
    """An env id (or game name) that no orak-gym game declares."""

    def __str__(self) -> str:  # LookupError would quote the message like a dict key
        return str(self.args[0]) if self.args else ""


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
class MultiPlayerEnv:
    """A multi-agent (PettingZoo) env a game offers, known to ``orak-gym arena --env NAME``."""

    name: str  # short name on the command line, e.g. "2048-race"
    entry_point: str  # "module:function" returning a PettingZoo AEC or Parallel env
    description: str = ""


@dataclass(frozen=True)
class GameSpec:
    """Every fact about one Orak game that a layer outside the game's folder may need.

    Only ``name``, ``title``, ``genre`` and (for a playable game) ``env_class`` and ``variants``
    are required; the rest has defaults that fit an embedded, in-process game.
    """

    name: str  # the game's folder/package name, e.g. "twenty48"
    title: str  # display title in ``orak-gym list`` and the default env id, e.g. "2048"
    genre: str
    env_class: str = ""  # "module:Class" of the OrakEnv subclass; empty when not supported yet
    variants: tuple[EnvVariant, ...] = ()
    dependencies: tuple[Dependency, ...] = ()  # optional modules, each with the extra installing it
    assets: tuple[Asset, ...] = ()  # user-supplied files (ROMs), checked by SHA-1
    #: "module:function" returning None when ready, or a message saying what is missing (npm packages, MAME:
    #: a missing extra a package manager installs).
    readiness_check: str = ""
    #: "module:function" returning None, or one line saying what the owner must still supply (a game
    #: client, its mod loader, Orak's plugin): reported as a missing asset, like a ROM.
    install_check: str = ""
    expert: str = ""  # "module:Class" of the scripted expert policy, if any
    vector_entry_point: str = ""
    max_decisions: int | None = None  # Orak's decision limit, applied in the text/image modalities
    nondeterministic: bool = False
    #: Each instance needs a process of its own (an emulator that allows one per process).
    process_isolated: bool = False
    #: The most instances one machine can run at once (a real game client: 1); None = unlimited.
    max_instances: int | None = None
    #: What one instance needs from a cluster node (Ray resources: ``{"CPU": 1, "minecraft_server": 1}``);
    #: None = one CPU for a process-isolated game, a quarter of one otherwise.
    cluster_resources: tuple[tuple[str, float], ...] | None = None
    #: Package holding the prompt templates (``*.j2``); "" = the ``prompts`` folder beside ``env_class``.
    prompts: str = ""
    #: The file, in the prompts folder, mapping Orak's prompt files and template variables to this game
    #: (``--prompts orak:PATH``; see ``orak_gym/agents/orak_prompts.py``); absent = no Orak prompts.
    orak_prompts: str = "orak.json"
    multiplayer: tuple[MultiPlayerEnv, ...] = ()  # two-player envs for the arena
    #: The game's own agent types (Orak's game-specific agents): (name, its module names in order), offered
    #: beside the generic ones every game has (zeroshot, reflection, ...) by LLMPolicy, eval and the arena.
    agent_types: tuple[tuple[str, tuple[str, ...]], ...] = ()
    note: str = ""  # for unsupported games: why, and what would make it work

    @property
    def supported(self) -> bool:
        return bool(self.env_class)

    @property
    def env_id(self) -> str:
        return self.variants[0].env_id if self.variants else f"orak/{self.title.replace(' ', '')}-v0"

    @property
    def env_ids(self) -> tuple[str, ...]:
        return tuple(variant.env_id for variant in self.variants)

    @property
    def extras(self) -> tuple[str, ...]:
        """The pip extras this game needs (``pip install 'orak-gym[retro]'``)."""
        return tuple(dict.fromkeys(dep.extra for dep in self.dependencies))

    @property
    def package(self) -> str:
        """The game's Python package (where its env, prompts and text files live)."""
        module = self.env_class.partition(":")[0]
        return module.rpartition(".")[0] if "." in module else module

    def prompts_dir(self) -> Path | None:
        """The folder of the game's prompt templates, or None when it has none."""
        package = self.prompts or (f"{self.package}.prompts" if self.package else "")
        if not package:
            return None
        try:
            found = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            found = None
        if found is not None and found.submodule_search_locations:
            return Path(next(iter(found.submodule_search_locations)))
        parent = importlib.util.find_spec(package.rpartition(".")[0]) if "." in package else None
        if parent is not None and parent.submodule_search_locations:  # a data folder, no __init__.py
            folder = Path(next(iter(parent.submodule_search_locations))) / package.rpartition(".")[2]
            return folder if folder.is_dir() else None
        return None

    def orak_prompt_map(self) -> Path | None:
        """The game's map to Orak's own prompts (``orak_prompts`` in its prompts folder), or None."""
        folder = self.prompts_dir()
        path = folder / self.orak_prompts if folder is not None and self.orak_prompts else None
        return path if path is not None and path.is_file() else None

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
        if self.install_check:
            problem = load_object(self.install_check)()
            if problem:
                return Status(Readiness.MISSING_ASSET, problem)
        if self.readiness_check:
            problem = load_object(self.readiness_check)()
            if problem:
                return Status(Readiness.MISSING_EXTRA, problem)
        return Status(Readiness.READY)

    def load_expert(self) -> type:
        """The expert policy class; ``LookupError`` when the game has none."""
        if not self.expert:
            raise LookupError(f"{self.title} has no scripted expert")
        return load_object(self.expert)


def spec_of(env_id: str) -> GameSpec:
    """The spec of the game behind an env id (any variant, ``module:`` prefix allowed) or a game name.

    Raises :class:`UnknownEnvError` with the close matches for anything else.
    """
    if not isinstance(env_id, str) or not env_id:
        raise UnknownEnvError(f"expected an env id such as 'orak/2048-v0', got {env_id!r}")
    if env_id in GAMES:
        return GAMES[env_id]
    bare = env_id.split(":", 1)[1] if ":" in env_id else env_id
    for spec in GAMES.values():
        if bare in spec.env_ids:
            return spec
    game = _game_from_gym(bare)
    if game in GAMES:
        return GAMES[game]
    known = [i for spec in GAMES.values() for i in spec.env_ids]
    close = difflib.get_close_matches(bare, known, n=3)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownEnvError(
        f"unknown env id {env_id!r}: no orak-gym game declares it; `orak-gym list` shows the games.{hint}"
    )


def plays_elsewhere(env_id: str) -> bool:
    """Whether ``env_id``'s env plays its game on another machine (an MCP game server).

    Such an env's class (or factory) says so with ``plays_elsewhere = True``: whether the game is
    ready on *this* machine (its ROM, its extras) does not matter, connecting to the server is the
    check, and the game's process-per-instance or cluster needs are the server's, not the client's.
    """
    return bool(_entry_point_attribute(env_id, "plays_elsewhere", False))


def connection_kwargs(env_id: str) -> frozenset[str]:
    """The kwargs of ``env_id`` that say *where* its game is played (a server's URL, its token, a
    timeout), not *what* is played: they never tell two scores apart.  The env's class (or factory)
    lists them in ``connection_kwargs``."""
    return frozenset(_entry_point_attribute(env_id, "connection_kwargs", ()))


def _entry_point_attribute(env_id: str, name: str, default: Any) -> Any:
    """An attribute of the class (or factory) registered for ``env_id``; ``default`` for an unknown id."""
    import gymnasium as gym

    bare = env_id.split(":", 1)[1] if ":" in env_id else env_id
    try:
        entry_point = gym.spec(bare).entry_point
    except gym.error.Error:
        return default
    if isinstance(entry_point, str):
        try:
            entry_point = load_object(entry_point)
        except (ImportError, AttributeError):
            return default
    return getattr(entry_point, name, default)


def _game_from_gym(env_id: str) -> str | None:
    """The game of an id Gymnasium resolves but no variant lists verbatim (e.g. without ``-v0``)."""
    import gymnasium as gym

    try:
        kwargs = gym.spec(env_id).kwargs or {}
    except gym.error.Error:
        return None
    game = kwargs.get("game")
    return game if isinstance(game, str) else None


def load_object(path: str) -> Any:
    """Loads ``"package.module:Attribute"`` lazily."""
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)
