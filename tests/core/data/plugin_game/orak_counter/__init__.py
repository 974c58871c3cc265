"""Counter: move a number to the target. A game package outside orak-gym (entry point ``orak_gym.games``)."""

from orak_gym.core.registry import EnvVariant, GameSpec

SPECS = [
    GameSpec(
        name="counter",
        title="Counter",
        genre="puzzle",
        env_class="orak_counter.env:CounterEnv",
        variants=(EnvVariant("orak/Counter-v0"), EnvVariant("orak/Counter-Far-v0", {"target": 40})),
        expert="orak_counter.expert:CounterExpert",
        max_decisions=60,
        max_instances=2,
    )
]
