"""StarCraft II on burnysc2: Protoss against the built-in AI (``orak/StarCraft2-v0``), and two bots in one
game for the arena (``starcraft2-duel``).  The game is Blizzard's free client (the Linux package 4.10 under
``$SC2PATH`` or ``~/StarCraftII``); the README's StarCraft II section walks through the download.

Imports nothing heavy: finding the install is a few ``stat`` calls; burnysc2 loads on ``gym.make``.
"""

from __future__ import annotations

from orak_gym.core.registry import Dependency, EnvVariant, GameSpec, MultiPlayerEnv

SPECS = [
    GameSpec(
        name="starcraft2",
        title="StarCraft2",
        genre="strategy",
        env_class="orak_gym.games.starcraft2.env:StarCraft2Env",
        variants=(EnvVariant("orak/StarCraft2-v0"),),
        dependencies=(Dependency("sc2", "starcraft2", "burnysc2"),),
        install_check="orak_gym.games.starcraft2.install:problem",
        expert="orak_gym.games.starcraft2.expert:StarCraft2Expert",
        max_decisions=1000,  # Orak's runner.max_steps
        process_isolated=False,
        max_instances=4,  # each game is a StarCraft II client (about 1 GB of memory)
        multiplayer=(
            MultiPlayerEnv(
                "starcraft2-duel",
                "orak_gym.games.starcraft2.duel:duel_env",
                "two Protoss bots in one StarCraft II game, each fed by its own player",
            ),
        ),
    )
]
