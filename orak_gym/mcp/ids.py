"""The ``orak-mcp/...`` ids: every orak env, played on an MCP game server instead of in-process.

``gym.make("orak-mcp/2048-v0", url=...)`` (or ``command=...``) is ``orak/2048-v0`` served
elsewhere: same game, so the registry, prompts, experts and ``orak-gym eval`` treat it as that
game (``kwargs["game"]``), and the client checks that the server really plays ``orak/2048-v0``.
``orak-mcp/Remote-v0`` plays whatever the server serves (a game this machine may not even have).

:mod:`orak_gym.registration` registers them beside the ``orak/`` ids; it imports nothing from the SDK,
and ``gym.make`` loads :mod:`orak_gym.mcp.remote_env`.
"""

from __future__ import annotations

NAMESPACE = "orak-mcp"
ENTRY_POINT = "orak_gym.mcp.remote_env:RemoteEnv"
ANY_GAME_ID = f"{NAMESPACE}/Remote-v0"


def remote_id(env_id: str) -> str:
    """``orak/2048-v0`` -> ``orak-mcp/2048-v0``."""
    _, _, name = env_id.partition("/")
    return f"{NAMESPACE}/{name or env_id}"
