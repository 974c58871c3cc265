"""Registering game specs with Gymnasium, the one place ids are registered: every variant id gets the
modality factory as entry point, and its ``orak-mcp/`` twin the remote env (the same game, played on an
MCP game server).

This sits at the top of the package (beside the CLI), because the factory it names lives in
:mod:`orak_gym.wrappers`, above ``core`` and ``games``.
"""

from __future__ import annotations

from collections.abc import Iterable

import gymnasium as gym

from orak_gym.core.registry import GAMES, GameSpec
from orak_gym.mcp.ids import ANY_GAME_ID, remote_id
from orak_gym.mcp.ids import ENTRY_POINT as REMOTE_ENTRY_POINT

#: The entry point of every orak id: builds the game env and applies ``modality``.
FACTORY = "orak_gym.wrappers.modality:make_env"


def register(spec: GameSpec) -> None:
    """Adds ``spec`` to ``GAMES`` and registers each of its variant ids and their ``orak-mcp/`` twins
    (lazily: nothing is imported)."""
    GAMES[spec.name] = spec
    for variant in spec.variants:
        twin = remote_id(variant.env_id)
        if twin not in gym.registry:
            gym.register(
                id=twin,
                entry_point=REMOTE_ENTRY_POINT,
                nondeterministic=spec.nondeterministic,
                kwargs={"game": spec.name, "env_id": variant.env_id},
            )
        if variant.env_id in gym.registry:
            continue
        gym.register(
            id=variant.env_id,
            entry_point=FACTORY,
            vector_entry_point=spec.vector_entry_point or None,
            nondeterministic=spec.nondeterministic,
            # Gymnasium's two default wrappers would only add Python calls to every step (0.12x of Baba
            # Is You's engine step): ``OrakEnv`` raises ``ResetNeeded`` itself on a step or
            # render before reset (the contract's ``reset_first`` check), and CI runs Gymnasium's full
            # ``check_env`` on every id in every modality, which the passive checker repeats a part of.
            # ``gym.make(..., disable_env_checker=False)`` brings the passive checker back.
            order_enforce=False,
            disable_env_checker=True,
            kwargs={"game": spec.name, **variant.kwargs},
        )


def register_all(specs: Iterable[GameSpec]) -> None:
    """Registers every spec, then ``orak-mcp/Remote-v0``: whatever game a server serves."""
    for spec in specs:
        register(spec)
    if ANY_GAME_ID not in gym.registry:
        gym.register(id=ANY_GAME_ID, entry_point=REMOTE_ENTRY_POINT, nondeterministic=True)
