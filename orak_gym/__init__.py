"""orak-gym: the games of the Orak benchmark as registered Gymnasium environments.

``import orak_gym`` registers every playable game (built-in, and those other packages declare in
the ``orak_gym.games`` entry point group) under ``orak/<Game>-v0`` with lazy entry points: no
emulator, server or network is touched until ``gym.make``.  ``orak_gym.spec_of(env_id)`` answers
every question about the game behind an id.
"""

from __future__ import annotations

from orak_gym import games  # callable: orak_gym.games() lists every game with its status
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.registry import GAMES, GameSpec, UnknownEnvError, spec_of
from orak_gym.core.version import __version__
from orak_gym.games import load_specs
from orak_gym.registration import register_all

register_all(load_specs())  # orak/<Game>-v0, and orak-mcp/<Game>-v0: the same game on an MCP game server


def env_ids() -> list[str]:
    """Every registered orak id."""
    return [variant.env_id for spec in GAMES.values() for variant in spec.variants]


__all__ = ["GAMES", "GameSpec", "PromptContext", "UnknownEnvError", "__version__", "env_ids", "games", "spec_of"]
