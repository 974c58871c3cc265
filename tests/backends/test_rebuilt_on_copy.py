"""``RebuiltOnCopyMixin``: a copy is a fresh env made with the original's constructor arguments, however
they were passed, and a copy of a copy still knows them (unpickling makes the object without them)."""

from __future__ import annotations

import copy
import pickle

from orak_gym.backends.emulator_env import RebuiltOnCopyMixin


class Holder(RebuiltOnCopyMixin):
    made = 0

    def __init__(self, level: str, speed: float = 1.0, *, tags: tuple[str, ...] = ()) -> None:
        Holder.made += 1
        self.level, self.speed, self.tags = level, speed, tags
        self.process = object()  # stands for what cannot be copied: each env makes its own


def test_a_copy_is_rebuilt_from_the_same_arguments() -> None:
    original = Holder("1-2", 2.5, tags=("a",))
    made = Holder.made
    twice = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(original))))
    deep = copy.deepcopy(twice)
    for clone in (twice, deep):
        assert (clone.level, clone.speed, clone.tags) == ("1-2", 2.5, ("a",))
        assert clone.process is not original.process
    assert Holder.made == made + 3  # each copy ran the constructor: none carried the original's state
    keywords = pickle.loads(pickle.dumps(Holder(level="4-1")))
    assert (keywords.level, keywords.speed) == ("4-1", 1.0)
