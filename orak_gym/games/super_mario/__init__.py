"""Super Mario Bros on stable-retro: ``orak/SuperMario-v0`` (needs the user's ROM, see roms_and_assets)."""

from orak_gym.core.registry import Dependency, EnvVariant, GameSpec
from orak_gym.games.super_mario.rom import ROM

SPECS = [
    GameSpec(
        name="super_mario",
        title="SuperMario",
        genre="action",
        env_class="orak_gym.games.super_mario.env:SuperMarioEnv",
        variants=(EnvVariant("orak/SuperMario-v0", {"level": "1-1"}),),
        dependencies=(Dependency("stable_retro", "retro", "stable-retro"),),
        assets=(ROM,),
        expert="orak_gym.games.super_mario.expert:SuperMarioExpert",
        max_decisions=100,
        process_isolated=True,  # stable-retro runs one emulator per process
    )
]
