"""A text space that accepts whatever an LLM may write.

Gymnasium's ``Text`` only accepts characters from a fixed charset, but LLM output holds newlines,
markdown and Unicode.  ``TextSpace`` accepts any ``str`` up to ``max_length`` and samples from a
broad charset (ASCII, whitespace, accented letters, CJK, emoji) so ``check_env`` exercises the
action parser with realistic junk.
"""

from __future__ import annotations

import string
from typing import Any

import numpy as np
from gymnasium import spaces

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
