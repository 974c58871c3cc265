"""Darkest Dungeon: the commercial game (native on Linux), read from its save files, driven by a pad.

One id per Orak task: the first expedition after the tutorial (four combats) and the second (two).
Imports nothing heavy; ``orak-gym list`` runs the install check (:mod:`.install`).
"""

from __future__ import annotations

from orak_gym.core.registry import EnvVariant, GameSpec

TASK_IDS = {
    "orak/DarkestDungeon-v0": "first_embark_after_tutorial",
    "orak/DarkestDungeon-SecondEmbark-v0": "second_embark_after_tutorial",
}

SPECS = [
    GameSpec(
        name="darkest_dungeon",
        title="DarkestDungeon",
        genre="role-playing",
        env_class="orak_gym.games.darkest_dungeon.env:DarkestDungeonEnv",
        variants=tuple(EnvVariant(env_id, {"task": task}) for env_id, task in TASK_IDS.items()),
        install_check="orak_gym.games.darkest_dungeon.install:installation_problem",
        expert="orak_gym.games.darkest_dungeon.expert:DarkestDungeonBaseline",
        max_decisions=200,  # Orak's runner.max_steps
        max_instances=1,
        nondeterministic=True,  # the game rolls its own dice; a seed cannot reach them
    )
]
