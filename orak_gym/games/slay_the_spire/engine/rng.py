"""Seeded random streams, one per purpose, as the game keeps them.

The game draws map layout, monster encounters, card rewards, relics, potions,
events, deck shuffles, monster AI, monster HP and "misc" from separate generators
seeded from the run seed, so that e.g. playing a card that shuffles never changes
which card rewards come next. We do the same with one ``random.Random`` per stream;
string seeding hashes with SHA-512, so the streams are identical on every platform
and Python process.
"""

from __future__ import annotations

import random

STREAMS = (
    "map",
    "monster",
    "card",
    "relic",
    "potion",
    "event",
    "shuffle",
    "ai",
    "monster_hp",
    "misc",
    "treasure",
    "merchant",
    "neow",
)


class Streams:
    """The named generators of one run; ``clone()`` copies their exact positions."""

    __slots__ = STREAMS

    def __init__(self, seed: int | None = None) -> None:
        if seed is None:
            return
        for name in STREAMS:
            setattr(self, name, random.Random(f"orak-spire:{seed}:{name}"))

    def __deepcopy__(self, memo: dict) -> Streams:
        return self.clone()

    def clone(self) -> Streams:
        other = Streams()
        for name in STREAMS:
            r = random.Random()
            r.setstate(getattr(self, name).getstate())
            setattr(other, name, r)
        return other
