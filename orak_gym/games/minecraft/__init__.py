"""Minecraft: mineflayer on an embedded flying-squid server, with no Minecraft purchase.

Needs Node.js (>= 22 as the pinned packages declare; 20 works) and the npm packages in ``js/``
(``orak-gym minecraft install-js``, which runs ``npm ci`` in this installation's ``js/`` folder).
"""

from orak_gym.core.registry import EnvVariant, GameSpec
from orak_gym.games.minecraft.tasks import TASKS

SPECS = [
    GameSpec(
        name="minecraft",
        title="Minecraft",
        genre="simulation",
        env_class="orak_gym.games.minecraft.env:MinecraftEnv",
        variants=(
            EnvVariant("orak/Minecraft-v0"),
            *(EnvVariant(f"orak/Minecraft-{t.env_suffix}-v0", {"task": t.name}) for t in TASKS.values()),
        ),
        readiness_check="orak_gym.games.minecraft.driver:node_problem",
        expert="orak_gym.games.minecraft.expert:MinecraftExpert",
        max_decisions=100,
        nondeterministic=True,
    )
]
