"""2048: the embedded default game, playable anywhere with no download."""

from orak_gym.core.registry import EnvVariant, GameSpec, MultiPlayerEnv

SPECS = [
    GameSpec(
        name="twenty48",
        title="2048",
        genre="puzzle",
        env_class="orak_gym.games.twenty48.env:Twenty48Env",
        variants=(EnvVariant("orak/2048-v0"),),
        expert="orak_gym.games.twenty48.expert:Twenty48Expert",
        vector_entry_point="orak_gym.games.twenty48.vector:Twenty48VectorEnv",
        max_decisions=10_000,
        multiplayer=(
            MultiPlayerEnv(
                "2048-race",
                "orak_gym.games.twenty48.race:race_env",
                "two boards from the same seed, first to the target tile wins",
            ),
        ),
    )
]
