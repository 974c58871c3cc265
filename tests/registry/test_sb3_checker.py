"""Stable-Baselines3's env checker on the native modality of every game that runs here.

SB3's ``check_env`` is stricter than Gymnasium's in what an RL library needs (space types and
dtypes, reset/step signatures, observations inside their space, seeding); it also warns about
choices that only matter for one of its policies.  Each game below must pass with no error and
with no warning other than the ones listed for it (advisory ones, each with its reason), so a new
warning fails here.  Skipped with the reason when stable-baselines3 (the ``rl`` extra) is missing.

Not checked: Minecraft, whose native observation and action are text (``Text`` spaces, which SB3
does not support by design, and its check would start the Node server for nothing); Pokémon Red on
the CI test ROM, since the env reads its maps, names and start state from the real game's ROM (the
PyBoy backend itself is tested on that ROM in ``test_pyboy_backend.py``).
"""

from __future__ import annotations

import warnings

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.core.errors import MissingDependencyError

pytest.importorskip("stable_baselines3", reason="stable-baselines3 is not installed: pip install 'orak-gym[rl]'")

from stable_baselines3.common.env_checker import check_env

#: SB3 warnings accepted per game: advice for its default policies, not defects of the env.
ADVISORY = {
    # the 4x4 board of tile exponents: MlpPolicy flattens it; a CNN would take it as is
    "orak/2048-v0": ("unconventional shape",),
    # one-hot planes (kinds x H x W) as uint8 counts, not a picture: SB3 guesses "image" from the
    # dtype and warns about the bounds, the channel order and CnnPolicy's 36x36 minimum; MlpPolicy
    # or a custom feature extractor is the right choice, as the README says
    "orak/BabaIsYou-v0": (
        "upper and lower bounds are not in [0, 255]",
        "Treating image space as channels-last",
        "minimal resolution for an image",
    ),
    "orak/SlayTheSpire-v0": (),
    "orak/PokemonRed-v0": (),
    "orak/SuperMario-v0": (),
}


def _rom_problem(env_id: str) -> str | None:
    if env_id == "orak/PokemonRed-v0":
        from orak_gym.games.pokemon_red.rom import ROM
    elif env_id == "orak/SuperMario-v0":
        from orak_gym.games.super_mario.rom import ROM
    else:
        return None
    return ROM.problem()


@pytest.mark.parametrize("env_id", sorted(ADVISORY))
def test_sb3_env_checker_passes_on_the_native_modality(env_id):
    problem = _rom_problem(env_id)
    if problem is not None:
        pytest.skip(f"ROM absent: {problem}")
    try:
        env = gym.make(env_id, modality="native")
    except MissingDependencyError as exc:  # the emulator's extra is not installed
        pytest.skip(str(exc))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            check_env(env, warn=True)
        messages = [f"{w.category.__name__}: {w.message}" for w in caught]  # Gymnasium's count too
        unexpected = [m for m in messages if not any(a in m for a in ADVISORY[env_id])]
        assert not unexpected, unexpected
    finally:
        env.close()
