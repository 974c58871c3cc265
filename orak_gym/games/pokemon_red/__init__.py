"""Pokémon Red on PyBoy: ``orak/PokemonRed-v0`` (needs the user's ROM; see ``rom.py``)."""

from orak_gym.core.registry import Dependency, EnvVariant, GameSpec
from orak_gym.games.pokemon_red.rom import ROM

SPECS = [
    GameSpec(
        name="pokemon_red",
        title="PokemonRed",
        genre="role-playing",
        env_class="orak_gym.games.pokemon_red.env:PokemonRedEnv",
        variants=(EnvVariant("orak/PokemonRed-v0"),),
        dependencies=(Dependency("pyboy", "pyboy", "pyboy"),),
        assets=(ROM,),
        expert="orak_gym.games.pokemon_red.expert:PokemonRedExpert",
        max_decisions=1000,
        # Orak's pokemon_agent; its action_execution step is the env's own tool execution here
        agent_types=(
            (
                "pokemon",
                (
                    "history_summarization",
                    "memory_management",
                    "self_reflection",
                    "memory_management",
                    "subtask_planning",
                    "memory_management",
                    "action_inference",
                ),
            ),
        ),
    )
]
