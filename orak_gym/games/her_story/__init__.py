"""Her Story: the commercial game, played through Orak's Doorstop/Harmony plugin by its owner.

Imports nothing heavy; ``orak-gym list`` runs the install check (:mod:`.install`).
"""

from __future__ import annotations

from orak_gym.core.registry import EnvVariant, GameSpec, Readiness, Status


def installation_problem() -> Status | None:
    """What the owner still has to install or set, in one line (None when the game can be played): the
    game, its mod loader and Orak's plugin are assets the owner supplies, never a pip extra."""
    from orak_gym.games.her_story.install import installation_problem as check

    missing = check()
    return Status(Readiness.MISSING_ASSET, missing) if missing else None


SPECS = [
    GameSpec(
        name="her_story",
        title="HerStory",
        genre="adventure",
        env_class="orak_gym.games.her_story.env:HerStoryEnv",
        variants=(EnvVariant("orak/HerStory-v0"),),
        readiness_check="orak_gym.games.her_story:installation_problem",
        expert="orak_gym.games.her_story.expert:HerStoryBaseline",
        max_decisions=400,
        max_instances=1,
    )
]
