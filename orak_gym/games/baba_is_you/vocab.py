"""The words of Baba Is You that the engine knows, and the integer codes the hot path uses.

Every thing on the grid has a *kind*: kinds ``0 .. len(NOUNS)-1`` are objects (a baba, a wall),
the kinds after them are text blocks, one per word.  Properties are bits of an ``int`` so a
cell's combined properties are one ``|`` away.
"""

from __future__ import annotations

NOUNS: tuple[str, ...] = ("baba", "wall", "rock", "flag", "water", "skull", "lava", "key", "door")
OPERATORS: tuple[str, ...] = ("is", "and")
PROPERTIES: tuple[str, ...] = (
    "you",
    "win",
    "stop",
    "push",
    "defeat",
    "sink",
    "hot",
    "melt",
    "open",
    "shut",
)
#: Every word a text block can carry, in kind order.
WORDS: tuple[str, ...] = NOUNS + OPERATORS + PROPERTIES

N_NOUNS = len(NOUNS)
N_KINDS = N_NOUNS + len(WORDS)

YOU, WIN, STOP, PUSH, DEFEAT, SINK, HOT, MELT, OPEN, SHUT = (1 << i for i in range(len(PROPERTIES)))
PROPERTY_BITS: dict[str, int] = {name: 1 << i for i, name in enumerate(PROPERTIES)}

TEXT_BASE = N_NOUNS  # kind of the text block for WORDS[0]

#: Directions as native actions (BabaIsAI's order): 0 idle, 1 up, 2 right, 3 down, 4 left.
ACTION_NAMES: tuple[str, ...] = ("idle", "up", "right", "down", "left")
DELTAS: tuple[tuple[int, int], ...] = ((0, 0), (0, -1), (1, 0), (0, 1), (-1, 0))


def object_kind(noun: str) -> int:
    """Kind of the object ``noun`` (e.g. ``"baba"``)."""
    return NOUNS.index(noun)


def text_kind(word: str) -> int:
    """Kind of the text block that reads ``word``."""
    return TEXT_BASE + WORDS.index(word)


def kind_name(kind: int) -> str:
    """Orak's name of a kind: ``object:baba`` or ``text:baba``."""
    if kind < N_NOUNS:
        return f"object:{NOUNS[kind]}"
    return f"text:{WORDS[kind - TEXT_BASE]}"


def parse_kind_name(name: str) -> int:
    """Inverse of :func:`kind_name`; raises ``ValueError`` naming the unknown word."""
    prefix, _, word = name.strip().lower().partition(":")
    if prefix == "object" and word in NOUNS:
        return object_kind(word)
    if prefix == "text" and word in WORDS:
        return text_kind(word)
    raise ValueError(
        f"unknown thing {name!r}: use 'object:<noun>' with a noun in {list(NOUNS)} "
        f"or 'text:<word>' with a word in {list(WORDS)}"
    )


def word_class(kind: int) -> str:
    """``noun``, ``is``, ``and`` or ``property`` for a text kind."""
    word = WORDS[kind - TEXT_BASE]
    if word in NOUNS:
        return "noun"
    if word in OPERATORS:
        return word
    return "property"
