"""orak-gym: the games of the Orak benchmark as registered Gymnasium environments.

``import orak_gym`` registers every playable game under ``orak/<Game>-v0`` with lazy entry
points: no emulator, server or network is touched until ``gym.make``.
"""

from __future__ import annotations

from orak_gym import games  # callable: orak_gym.games() lists every game with its status
from orak_gym.core.registry import GAMES, GameSpec
from orak_gym.games import load_specs
from orak_gym.mcp.ids import register_remote_ids

__version__ = "0.1.0"

_SPECS: list[GameSpec] = load_specs()
for _spec in _SPECS:
    _spec.register()
register_remote_ids(_SPECS)  # orak-mcp/<Game>-v0: the same games played on an MCP game server


def env_ids() -> list[str]:
    """Every registered orak id."""
    return [variant.env_id for spec in _SPECS for variant in spec.variants]


__all__ = ["GAMES", "__version__", "env_ids", "games"]
