"""Slay the Spire: an embedded Ironclad act-1 engine, or the real game through CommunicationMod.

Imports nothing heavy: the engine, the bridge and the env load on ``gym.make``.
"""

from __future__ import annotations

import importlib.util

from orak_gym.core.registry import EnvVariant, GameSpec


def engine_missing() -> str | None:
    """The embedded engine is the default backend; say so when this build lacks it."""
    if importlib.util.find_spec("orak_gym.games.slay_the_spire.engine") is None:
        return "the embedded engine is not in this build (backend='communication_mod' plays the real game)"
    from orak_gym.games.slay_the_spire import engine

    if not hasattr(engine, "SpireEngine"):
        return "the embedded engine is not in this build (backend='communication_mod' plays the real game)"
    return None


SPECS = [
    GameSpec(
        name="slay_the_spire",
        title="SlayTheSpire",
        genre="strategy",
        env_class="orak_gym.games.slay_the_spire.env:SlayTheSpireEnv",
        variants=(EnvVariant("orak/SlayTheSpire-v0"),),
        readiness_check="orak_gym.games.slay_the_spire:engine_missing",
        expert="orak_gym.games.slay_the_spire.expert:SpireExpert",
        max_decisions=200,
    )
]
