"""Registering game specs with Gymnasium: every variant id gets the modality factory as entry point.

This sits at the top of the package (beside the CLI), because the factory it names lives in
:mod:`orak_gym.wrappers`, above ``core`` and ``games``.
"""

from __future__ import annotations

import gymnasium as gym

from orak_gym.core.registry import GAMES, GameSpec

#: The entry point of every orak id: builds the game env and applies ``modality``.
FACTORY = "orak_gym.wrappers.modality:make_env"


def register(spec: GameSpec) -> None:
    """Adds ``spec`` to ``GAMES`` and registers each of its variant ids (lazily: nothing is imported)."""
    GAMES[spec.name] = spec
    for variant in spec.variants:
        if variant.env_id in gym.registry:
            continue
        gym.register(
            id=variant.env_id,
            entry_point=FACTORY,
            vector_entry_point=spec.vector_entry_point or None,
            nondeterministic=spec.nondeterministic,
            # Gymnasium's two default wrappers would only add Python calls to every step (0.12x of Baba
            # Is You's engine step, issue #17): ``OrakEnv`` raises ``ResetNeeded`` itself on a step or
            # render before reset (the contract's ``reset_first`` check), and CI runs Gymnasium's full
            # ``check_env`` on every id in every modality, which the passive checker repeats a part of.
            # ``gym.make(..., disable_env_checker=False)`` brings the passive checker back.
            order_enforce=False,
            disable_env_checker=True,
            kwargs={"game": spec.name, **variant.kwargs},
        )
