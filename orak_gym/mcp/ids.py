"""The ``orak-mcp/...`` ids: every orak env, played on an MCP game server instead of in-process.

``gym.make("orak-mcp/2048-v0", url=...)`` (or ``command=...``) is ``orak/2048-v0`` served
elsewhere: same game, so the registry, prompts, experts and ``orak-gym eval`` treat it as that
game (``kwargs["game"]``), and the client checks that the server really plays ``orak/2048-v0``.
``orak-mcp/Remote-v0`` plays whatever the server serves (a game this machine may not even have).

Registration imports nothing from the SDK; ``gym.make`` loads :mod:`orak_gym.mcp.remote_env`.
"""

from __future__ import annotations

from collections.abc import Iterable

import gymnasium as gym

from orak_gym.core.registry import GameSpec

NAMESPACE = "orak-mcp"
ENTRY_POINT = "orak_gym.mcp.remote_env:RemoteEnv"
ANY_GAME_ID = f"{NAMESPACE}/Remote-v0"


def remote_id(env_id: str) -> str:
    """``orak/2048-v0`` -> ``orak-mcp/2048-v0``."""
    _, _, name = env_id.partition("/")
    return f"{NAMESPACE}/{name or env_id}"


def register_remote_ids(specs: Iterable[GameSpec]) -> None:
    """Registers the ``orak-mcp/`` twin of every variant of ``specs``, and ``orak-mcp/Remote-v0``."""
    for spec in specs:
        for variant in spec.variants:
            twin = remote_id(variant.env_id)
            if twin not in gym.registry:
                gym.register(
                    id=twin,
                    entry_point=ENTRY_POINT,
                    nondeterministic=spec.nondeterministic,
                    kwargs={"game": spec.name, "env_id": variant.env_id},
                )
    if ANY_GAME_ID not in gym.registry:
        gym.register(id=ANY_GAME_ID, entry_point=ENTRY_POINT, nondeterministic=True)
