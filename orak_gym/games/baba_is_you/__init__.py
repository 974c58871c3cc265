"""Baba Is You: an embedded rules engine with 22 shipped levels, a BFS solver and Orak's rubric.

Imports nothing heavy: the level list is read from file names only.
"""

from __future__ import annotations

import re
from pathlib import Path

from orak_gym.core.registry import EnvVariant, GameSpec

_LEVELS = sorted(p.stem for p in (Path(__file__).parent / "levels").glob("*.level"))


def _camel(slug: str) -> str:
    return "".join(part.capitalize() for part in re.sub(r"^\d+_", "", slug).split("_"))


SPECS = [
    GameSpec(
        name="baba_is_you",
        title="BabaIsYou",
        genre="puzzle",
        env_class="orak_gym.games.baba_is_you.env:BabaIsYouEnv",
        variants=(
            EnvVariant("orak/BabaIsYou-v0"),
            *(EnvVariant(f"orak/BabaIsYou-{_camel(slug)}-v0", {"level": slug}) for slug in _LEVELS),
        ),
        expert="orak_gym.games.baba_is_you.expert:BabaExpert",
        vector_entry_point="orak_gym.games.baba_is_you.vector:BabaVectorEnv",
        max_decisions=30,
    )
]
