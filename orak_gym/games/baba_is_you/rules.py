"""Reading rules from text blocks.

Rules are read left to right along rows and top to bottom along columns.  A rule is
``NOUN (AND NOUN)* IS TARGET (AND TARGET)*`` where a target is a property (``YOU``, ``WIN`` ...)
or a noun (a transformation: ``ROCK IS FLAG``).  Stacked text blocks (several in one cell) are
read as alternatives, as in the real game.  A dangling ``AND`` ends a chain without breaking the
words before it (``BABA IS YOU AND`` still makes ``BABA IS YOU``); ``A IS B IS C`` yields
``A IS B`` and ``B IS C``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orak_gym.games.baba_is_you.vocab import (
    N_KINDS,
    N_NOUNS,
    NOUNS,
    PROPERTY_BITS,
    PUSH,
    TEXT_BASE,
    WORDS,
)

_IS = WORDS.index("is")
_AND = WORDS.index("and")
_NOUN_WORDS = frozenset(range(N_NOUNS))  # word index == noun index for the first words
_TARGET_WORDS = frozenset(i for i, w in enumerate(WORDS) if w not in ("is", "and"))

Rule = tuple[str, str, str]  # ("baba", "is", "you")


@dataclass(frozen=True)
class RuleSet:
    """The active rules and what they mean for each kind, precomputed for the engine's hot path."""

    rules: tuple[Rule, ...]
    props: tuple[int, ...]  # property bits per kind (text kinds are always PUSH)
    transforms: tuple[tuple[int, int], ...]  # (from object kind, to object kind)

    @property
    def texts(self) -> list[str]:
        """Rules as Orak prints them: ``BABA IS YOU``."""
        return [" ".join(word.upper() for word in rule) for rule in self.rules]

    def has(self, noun: str, target: str) -> bool:
        return (noun, "is", target) in self.rules


def build_ruleset(rules: Iterable[Rule]) -> RuleSet:
    """Compiles rule triples into per-kind property bits and transformations."""
    ordered = tuple(sorted(set(rules), key=lambda r: (WORDS.index(r[0]), WORDS.index(r[2]))))
    props = [0] * N_KINDS
    for kind in range(TEXT_BASE, N_KINDS):
        props[kind] = PUSH
    self_locked = {noun for noun, _, target in ordered if noun == target}  # BABA IS BABA blocks change
    transforms: list[tuple[int, int]] = []
    for noun, _, target in ordered:
        kind = NOUNS.index(noun)
        if target in PROPERTY_BITS:
            props[kind] |= PROPERTY_BITS[target]
        elif target != noun and noun not in self_locked:
            transforms.append((kind, NOUNS.index(target)))
    return RuleSet(rules=ordered, props=tuple(props), transforms=tuple(transforms))


def parse_rules(texts: Iterable[tuple[int, int, int]]) -> RuleSet:
    """Reads every rule from text blocks given as ``(kind, x, y)``."""
    cells: dict[tuple[int, int], list[int]] = {}
    for kind, x, y in texts:
        cells.setdefault((x, y), []).append(kind - TEXT_BASE)
    found: set[Rule] = set()
    if len(cells) >= 3:
        for axis in (0, 1):
            lines: dict[int, dict[int, list[int]]] = {}
            for (x, y), words in cells.items():
                major, minor = (y, x) if axis == 0 else (x, y)
                lines.setdefault(major, {})[minor] = words
            for line in lines.values():
                if len(line) < 3:
                    continue
                lo, hi = min(line), max(line)
                seq = [tuple(line.get(i, ())) for i in range(lo, hi + 1)]
                _parse_line(seq, found)
    return build_ruleset(found)


def _parse_line(seq: list[tuple[int, ...]], found: set[Rule]) -> None:
    for start, words in enumerate(seq):
        for word in words:
            if word in _NOUN_WORDS:
                _subjects(seq, start + 1, [word], found)


def _subjects(seq: list[tuple[int, ...]], pos: int, subjects: list[int], found: set[Rule]) -> None:
    if pos >= len(seq):
        return
    for word in seq[pos]:
        if word == _IS:
            _targets(seq, pos + 1, subjects, found)
        elif word == _AND and pos + 1 < len(seq):
            for noun in seq[pos + 1]:
                if noun in _NOUN_WORDS:
                    _subjects(seq, pos + 2, [*subjects, noun], found)


def _targets(seq: list[tuple[int, ...]], pos: int, subjects: list[int], found: set[Rule]) -> None:
    if pos >= len(seq):
        return
    for word in seq[pos]:
        if word not in _TARGET_WORDS:
            continue
        for subject in subjects:
            found.add((WORDS[subject], "is", WORDS[word]))
        if pos + 1 < len(seq) and _AND in seq[pos + 1]:
            _targets(seq, pos + 2, subjects, found)
