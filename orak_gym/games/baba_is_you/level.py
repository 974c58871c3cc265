"""The level file format: a few ``key: value`` lines, an optional legend, and an ASCII map.

```
name: where do i go?
barrier: wall is stop          # the rule whose breaking earns Orak's 20 points (optional)
hint: Break WALL IS STOP, then make something WIN.
legend:                        # optional: extra or overriding characters
  q = object:baba + object:flag
map:
#########
#b.BY=..#
#########
```

Lines starting with ``#`` before ``map:`` are comments; inside the map ``#`` is a wall.  Map
characters come from :data:`DEFAULT_LEGEND` (objects in lower case and symbols, text blocks in
upper case) unless the level's legend overrides them.  The map is a rectangle; ``.`` is empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from orak_gym.core.errors import OrakError
from orak_gym.games.baba_is_you.vocab import WORDS, kind_name, parse_kind_name

LEVELS_DIR = Path(__file__).parent / "levels"
DEFAULT_LEVEL = "where_do_i_go"

_OBJECT_CHARS = {"b": "baba", "#": "wall", "o": "rock", "f": "flag", "~": "water", "s": "skull"}
_OBJECT_CHARS |= {"*": "lava", "k": "key", "d": "door"}
_TEXT_CHARS = {"B": "baba", "W": "wall", "R": "rock", "F": "flag", "A": "water", "S": "skull", "L": "lava"}
_TEXT_CHARS |= {"K": "key", "D": "door", "=": "is", "&": "and", "Y": "you", "V": "win", "T": "stop"}
_TEXT_CHARS |= {"P": "push", "X": "defeat", "N": "sink", "H": "hot", "M": "melt", "O": "open", "C": "shut"}

#: Map character -> the things it places (Orak names: ``object:baba``, ``text:is``).
DEFAULT_LEGEND: dict[str, tuple[str, ...]] = {".": ()}
DEFAULT_LEGEND |= {ch: (f"object:{noun}",) for ch, noun in _OBJECT_CHARS.items()}
DEFAULT_LEGEND |= {ch: (f"text:{word}",) for ch, word in _TEXT_CHARS.items()}
assert set(_TEXT_CHARS.values()) == set(WORDS)


class LevelFormatError(OrakError, ValueError):
    """A level file that cannot be read; the message names the file, line and problem."""


@dataclass(frozen=True)
class Level:
    """One Baba Is You level: its size, the things on it and Orak's rubric rule."""

    name: str
    width: int
    height: int
    objects: tuple[tuple[int, int, int], ...]  # (kind, x, y), x to the right, y downwards
    barrier: tuple[str, str, str] | None = ("wall", "is", "stop")
    hint: str = ""
    slug: str = ""
    source: str = ""
    legend: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @property
    def env_name(self) -> str:
        """CamelCase name used in env ids: ``orak/BabaIsYou-WhereDoIGo-v0``."""
        base = re.sub(r"^\d+_", "", self.slug or self.name)
        return "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", base) if part)

    def to_text(self) -> str:
        """The level back in the file format (with a complete legend of the characters it uses)."""
        inverse = {names: ch for ch, names in DEFAULT_LEGEND.items()}
        grid: dict[tuple[int, int], list[str]] = {}
        for kind, x, y in self.objects:
            grid.setdefault((x, y), []).append(kind_name(kind))
        extra: dict[tuple[str, ...], str] = {}
        spare = iter(ch for ch in "0123456789abcefghijlmnpqrtuvwxyz!$%^?" if ch not in DEFAULT_LEGEND)
        rows = []
        for y in range(self.height):
            row = ""
            for x in range(self.width):
                names = tuple(sorted(grid.get((x, y), ())))
                if names in inverse:
                    row += inverse[names]
                else:
                    if names not in extra:
                        extra[names] = next(spare)
                    row += extra[names]
            rows.append(row)
        lines = [f"name: {self.name}"]
        lines.append(f"barrier: {' '.join(self.barrier) if self.barrier else 'none'}")
        if self.hint:
            lines.append(f"hint: {self.hint}")
        if extra:
            lines.append("legend:")
            lines.extend(f"  {ch} = {' + '.join(names)}" for names, ch in extra.items())
        lines.append("map:")
        return "\n".join(lines + rows) + "\n"


def parse_level(text: str, *, slug: str = "", source: str = "<string>") -> Level:
    """Parses the level format; raises :class:`LevelFormatError` with the line at fault."""
    header: dict[str, str] = {}
    legend = dict(DEFAULT_LEGEND)
    custom: dict[str, tuple[str, ...]] = {}
    lines = text.splitlines()
    section = "header"
    map_rows: list[str] = []
    for number, raw in enumerate(lines, start=1):
        if section == "map":
            if raw.strip():
                map_rows.append(raw.rstrip())
            continue
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.lower() == "map:":
            section = "map"
        elif stripped.lower() == "legend:":
            section = "legend"
        elif section == "legend" and stripped[1:].lstrip().startswith("="):
            char, names = stripped[0], stripped[1:].lstrip()[1:]
            try:
                kinds = tuple(kind_name(parse_kind_name(n)) for n in names.split("+") if n.strip())
            except ValueError as exc:
                raise LevelFormatError(f"{source}:{number}: {exc}") from None
            custom[char] = kinds
        elif ":" in stripped:
            key, _, value = stripped.partition(":")
            header[key.strip().lower()] = value.strip()
            section = "header"
        else:
            expected = "expected 'key: value', 'legend:' or 'map:'"
            raise LevelFormatError(f"{source}:{number}: {expected}, got {raw!r}")
    if not map_rows:
        raise LevelFormatError(f"{source}: no 'map:' section (or it is empty)")
    width = len(map_rows[0])
    legend |= custom
    objects: list[tuple[int, int, int]] = []
    for y, row in enumerate(map_rows):
        if len(row) != width:
            raise LevelFormatError(f"{source}: map row {y} has {len(row)} characters, row 0 has {width}")
        for x, char in enumerate(row):
            if char not in legend:
                raise LevelFormatError(f"{source}: map row {y}, column {x}: unknown character {char!r}")
            objects.extend((parse_kind_name(name), x, y) for name in legend[char])
    return Level(
        name=header.get("name", slug or "custom level"),
        width=width,
        height=len(map_rows),
        objects=tuple(objects),
        barrier=_parse_barrier(header.get("barrier", "wall is stop"), source),
        hint=header.get("hint", ""),
        slug=slug,
        source=source,
        legend=custom,
    )


def _parse_barrier(value: str, source: str) -> tuple[str, str, str] | None:
    words = value.lower().split()
    if words in (["none"], []):
        return None
    if len(words) != 3 or words[1] != "is" or words[0] not in WORDS or words[2] not in WORDS:
        raise LevelFormatError(f"{source}: barrier must read 'NOUN IS PROPERTY' or 'none', got {value!r}")
    return (words[0], words[1], words[2])


def shipped_levels() -> list[str]:
    """Slugs of the levels that ship with orak-gym, easiest first."""
    return sorted(p.stem for p in LEVELS_DIR.glob("*.level"))


def load_level(level: str | Path | Level | None = None) -> Level:
    """A shipped level by slug (``01_where_do_i_go``), short slug (``where_do_i_go``), env name
    (``WhereDoIGo``), number (``"1"``) or level name, or a ``.level`` file path.
    """
    if isinstance(level, Level):
        return level
    if level is None:
        level = DEFAULT_LEVEL
    path = Path(level)
    if path.suffix == ".level" and path.is_file():
        return parse_level(path.read_text(encoding="utf-8"), slug=path.stem, source=str(path))
    key = str(level).strip().lower()
    for slug in shipped_levels():
        file = LEVELS_DIR / f"{slug}.level"
        number, _, short = slug.partition("_")
        candidate = parse_level(file.read_text(encoding="utf-8"), slug=slug, source=str(file))
        names = {slug, short, number, number.lstrip("0"), candidate.name.lower(), candidate.env_name.lower()}
        if key in names:
            return candidate
    raise ValueError(
        f"unknown Baba Is You level {str(level)!r}: pass a path to a .level file or one of {shipped_levels()}"
    )
