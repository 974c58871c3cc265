"""A text space that accepts whatever an LLM may write.

Gymnasium's ``Text`` only accepts characters from a fixed charset, but LLM output holds newlines,
markdown and Unicode.  ``TextSpace`` accepts any ``str`` up to ``max_length`` and samples from a
broad charset (ASCII, whitespace, accented letters, CJK, emoji) so ``check_env`` exercises the
action parser with realistic junk.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.vector.utils import shared_memory

SAMPLE_CHARSET: str = (
    string.ascii_letters + string.digits + string.punctuation + " \n\t" + "éüßçñøå" + "中文字" + "→★✓" + "😀"
)


class TextSpace(spaces.Text):
    """Any Python ``str`` of at most ``max_length`` characters.

    ``sample()`` draws strings of at most ``sample_max_length`` characters so that random
    actions stay cheap even when observations may be long.
    """

    def __init__(
        self,
        max_length: int = 65_536,
        *,
        min_length: int = 0,
        sample_max_length: int = 200,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        super().__init__(max_length=max_length, min_length=min_length, charset=SAMPLE_CHARSET, seed=seed)
        self.sample_max_length = min(sample_max_length, max_length)

    def contains(self, x: Any) -> bool:
        return isinstance(x, str) and self.min_length <= len(x) <= self.max_length

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        if mask is not None or probability is not None:
            return super().sample(mask=mask, probability=probability)
        length = int(self.np_random.integers(self.min_length, self.sample_max_length + 1))
        chars = self.character_list
        idx = self.np_random.integers(0, len(chars), size=length)
        return "".join(chars[i] for i in idx)

    def __repr__(self) -> str:
        return f"TextSpace(max_length={self.max_length})"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, TextSpace) and other.max_length == self.max_length


# AsyncVectorEnv keeps the object ``read_from_shared_memory`` returns and expects it to follow the
# buffer (numpy views do).  Gymnasium's Text returns immutable strings read once (and stores
# charset indices, mangling other characters), so text observations never update.  A TextSpace
# stores Unicode code points (-1 pads a slot) and reads back a live sequence that decodes on access.
class SharedTextBatch(Sequence[str]):
    """The texts of ``n`` sub-envs in shared memory, decoded when read; ``deepcopy`` gives a tuple."""

    def __init__(self, memory: Any, n: int, max_length: int) -> None:
        self._data = np.frombuffer(memory.get_obj(), dtype=np.int32).reshape(n, max_length)

    def __len__(self) -> int:
        return self._data.shape[0]

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        row = self._data[index]
        return row[row >= 0].astype("<i4").tobytes().decode("utf-32-le")

    def __deepcopy__(self, memo: dict) -> tuple[str, ...]:
        return tuple(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __repr__(self) -> str:
        return repr(tuple(self))


@shared_memory.create_shared_memory.register(TextSpace)
def _create_text_memory(space: TextSpace, n: int = 1, ctx: Any = None) -> Any:
    import multiprocessing

    memory = (ctx or multiprocessing).Array(np.dtype(np.int32).char, n * space.max_length)
    np.frombuffer(memory.get_obj(), dtype=np.int32)[:] = -1
    return memory


@shared_memory.write_to_shared_memory.register(TextSpace)
def _write_text(space: TextSpace, index: int, value: str, memory: Any) -> None:
    slot = np.frombuffer(memory.get_obj(), dtype=np.int32)[index * space.max_length : (index + 1) * space.max_length]
    codes = np.frombuffer(value.encode("utf-32-le"), dtype="<i4")[: space.max_length]
    slot[: codes.size] = codes
    slot[codes.size :] = -1


@shared_memory.read_from_shared_memory.register(TextSpace)
def _read_text(space: TextSpace, memory: Any, n: int = 1) -> SharedTextBatch:
    return SharedTextBatch(memory, n, space.max_length)
