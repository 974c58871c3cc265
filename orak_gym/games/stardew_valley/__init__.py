"""Stardew Valley: the commercial game under SMAPI on Linux, read through Orak's StateExtractor mod.

One id per Orak task (earn money, the benchmark's task, is the default id). Imports nothing heavy;
``orak-gym list`` runs the install check (:mod:`.install`: game folder, SMAPI, the mod, an input device).
"""

from __future__ import annotations

from orak_gym.core.registry import EnvVariant, GameSpec

TASK_IDS = {
    "orak/StardewValley-v0": "earn_money",
    "orak/StardewValley-FarmCleanup-v0": "farm_cleanup",
    "orak/StardewValley-Cultivation-v0": "cultivation",
    "orak/StardewValley-Shopping-v0": "shopping",
}

SPECS = [
    GameSpec(
        name="stardew_valley",
        title="StardewValley",
        genre="simulation",
        env_class="orak_gym.games.stardew_valley.env:StardewValleyEnv",
        variants=tuple(EnvVariant(env_id, {"task": task}) for env_id, task in TASK_IDS.items()),
        install_check="orak_gym.games.stardew_valley.install:installation_problem",
        expert="orak_gym.games.stardew_valley.expert:StardewBaseline",
        max_decisions=150,
        max_instances=1,
        nondeterministic=True,  # the game rolls crop quality and soil decay itself; no seed reaches it
    )
]
