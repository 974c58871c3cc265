"""Street Fighter III: 3rd Strike on MAME: ``orak/StreetFighter-v0`` and the two-player arena env.

Needs the MAME emulator (``apt-get install mame``) and the user's ``sfiii3n.zip`` (``orak-gym roms
import``, checked by SHA-256); neither Docker nor an account.
"""

from orak_gym.core.registry import EnvVariant, GameSpec, MultiPlayerEnv
from orak_gym.games.street_fighter.rom import ROM

SPECS = [
    GameSpec(
        name="street_fighter",
        title="StreetFighter",
        genre="action",
        env_class="orak_gym.games.street_fighter.env:StreetFighterEnv",
        variants=(EnvVariant("orak/StreetFighter-v0", {"character": "Ken", "difficulty": 1}),),
        assets=(ROM,),
        readiness_check="orak_gym.games.street_fighter.cli:mame_problem",
        expert="orak_gym.games.street_fighter.expert:StreetFighterExpert",
        multiplayer=(
            MultiPlayerEnv(
                "street-fighter",
                "orak_gym.games.street_fighter.versus:versus_env",
                "two LLMs fight on MAME's P1 and P2 inputs, first to two round wins",
            ),
        ),
    )
]
