"""Her Story: the commercial game, played through Orak's Doorstop/Harmony plugin by its owner.

Imports nothing heavy; ``orak-gym list`` runs the install check (:mod:`.install`).
"""

from __future__ import annotations

from orak_gym.core.registry import EnvVariant, GameSpec

SPECS = [
    GameSpec(
        name="her_story",
        title="HerStory",
        genre="adventure",
        env_class="orak_gym.games.her_story.env:HerStoryEnv",
        variants=(EnvVariant("orak/HerStory-v0"),),
        install_check="orak_gym.games.her_story.install:installation_problem",
        expert="orak_gym.games.her_story.expert:HerStoryBaseline",
        max_decisions=400,
        max_instances=1,
    )
]
