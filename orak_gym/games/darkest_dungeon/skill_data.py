"""The game's hero data files (``heroes/<class>/<class>.info.darkest``): combat skills and armour HP.

A line is a record: ``kind: .key value value .key value ...`` (values bare or double-quoted). Orak
reads the ``combat_skill`` records for each skill's launch and target ranks, accuracy, damage, crit,
heal and effects; the ``armour`` records give a hero's maximum HP at each armour level (the save
holds only the current HP). Files are read from the owner's install and never shipped.

Targets: ``1234`` one enemy among those ranks, ``~1234`` all of them, ``@1234`` one ally, ``@~1234``
all allies; empty or ``0`` the party as a whole. Launch ``12``: usable from ranks 1 and 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from orak_gym.core.errors import BackendError


class SkillDataError(BackendError):
    """A hero data file that is missing or cannot be read."""


def parse_records(text: str) -> list[tuple[str, dict[str, list[str]]]]:
    """``(kind, {key: values})`` for every record line of a ``.darkest`` data file; odd lines are skipped."""
    records = []
    for line in text.splitlines():
        head, sep, rest = line.partition(":")
        kind = head.strip()
        if not sep or not kind or not kind.replace("_", "").isalnum():
            continue
        attrs: dict[str, list[str]] = {}
        key = None
        for token in _tokens(rest):
            if token[1] and token[0].startswith("."):
                key = token[0][1:]
                attrs.setdefault(key, [])
            elif key is not None:
                attrs[key].append(token[0])
        records.append((kind, attrs))
    return records


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Tokens and whether each was bare (a quoted ``".x"`` is a value, not a key)."""
    out, i = [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text[i] == '"':
            end = text.find('"', i + 1)
            end = len(text) if end < 0 else end
            out.append((text[i + 1 : end], False))
            i = end + 1
        else:
            end = i
            while end < len(text) and not text[end].isspace():
                end += 1
            out.append((text[i:end], True))
            i = end
    return out


def _ranks(value: str) -> frozenset[int]:
    return frozenset(int(c) for c in value if c in "1234")


def _percent(values: list[str]) -> str:
    return " ".join(values) if values else "0%"


@dataclass(frozen=True)
class Skill:
    """One combat skill at one level, as the player's skill tooltip describes it."""

    id: str
    level: int
    type: str = ""
    accuracy: str = "0%"
    damage: str = "0%"
    crit: str = ""
    launch: frozenset[int] = frozenset()
    target: str = ""
    heal: tuple[int, int] | None = None
    effects: tuple[str, ...] = ()
    per_battle_limit: int | None = None
    move: tuple[int, int] = (0, 0)  # (backward, forward)

    @property
    def target_ranks(self) -> frozenset[int]:
        return _ranks(self.target)

    @property
    def party_wide(self) -> bool:
        return not self.target_ranks

    @property
    def on_allies(self) -> bool:
        return self.target.startswith("@")

    @property
    def on_all(self) -> bool:
        return self.target.lstrip("@").startswith("~")


@dataclass
class HeroClassData:
    """A hero class's combat skills by (id, level) and maximum HP by armour level."""

    skills: dict[tuple[str, int], Skill] = field(default_factory=dict)
    max_hp: dict[int, int] = field(default_factory=dict)


def _int(values: list[str], default: int = 0) -> int:
    try:
        return int(float(values[0].rstrip("%"))) if values else default
    except ValueError:
        return default


def parse_hero_class(text: str) -> HeroClassData:
    """Skills and armour HP from one ``<class>.info.darkest`` file's text."""
    data = HeroClassData()
    for kind, attrs in parse_records(text):
        if kind == "armour":
            data.max_hp[_int(attrs.get("level", []))] = _int(attrs.get("hp", []))
        elif kind in ("combat_skill", "combat_move_skill") and attrs.get("id"):
            heal = attrs.get("heal", [])
            moves = attrs.get("move", [])
            skill = Skill(
                id=attrs["id"][0],
                level=_int(attrs.get("level", [])),
                type=(attrs.get("type") or ["move" if kind == "combat_move_skill" else ""])[0],
                accuracy=_percent(attrs.get("atk", [])),
                damage=_percent(attrs.get("dmg", [])),
                crit=_percent(attrs.get("crit", [])) if attrs.get("is_crit_valid", ["True"])[0] != "False" else "",
                launch=_ranks((attrs.get("launch") or [""])[0]),
                target=(attrs.get("target") or [""])[0],
                heal=(_int(heal[:1]), _int(heal[1:2], _int(heal[:1]))) if heal else None,
                effects=tuple(attrs.get("effect", [])),
                per_battle_limit=_int(attrs.get("per_battle_limit", [])) or None,
                move=(_int(moves[:1]), _int(moves[1:2])) if moves else (0, 0),
            )
            data.skills[(skill.id, skill.level)] = skill
    return data


class SkillLibrary:
    """Hero class data read on demand from an install's ``heroes/`` folder (cached per class)."""

    def __init__(self, game_dir: Path) -> None:
        self.game_dir = Path(game_dir)
        self._classes: dict[str, HeroClassData] = {}
        self._monsters: dict[str, tuple[int, int]] = {}

    def hero_class(self, name: str) -> HeroClassData:
        if name not in self._classes:
            if not name or "/" in name or "\\" in name or name.startswith("."):
                raise SkillDataError(f"the save names an odd hero class {name[:40]!r}")
            path = self.game_dir / "heroes" / name / f"{name}.info.darkest"
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                raise SkillDataError(f"no skill data for hero class {name!r} ({path} cannot be read)") from None
            self._classes[name] = parse_hero_class(text)
        return self._classes[name]

    def skill(self, hero_class: str, skill_id: str, level: int) -> Skill | None:
        return self.hero_class(hero_class).skills.get((skill_id, level))

    def monster(self, name: str) -> tuple[int, int]:
        """(maximum HP, ranks it occupies) of a monster class, from ``monsters/<class>/<class>.info.darkest``."""
        if name not in self._monsters:
            if not name or "/" in name or "\\" in name or name.startswith("."):
                raise SkillDataError(f"the save names an odd monster class {name[:40]!r}")
            path = self.game_dir / "monsters" / name / f"{name}.info.darkest"
            try:
                records = parse_records(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                raise SkillDataError(f"no data for monster class {name!r} ({path} cannot be read)") from None
            hp = next((_int(a.get("hp", [])) for kind, a in records if kind == "stats"), 0)
            size = next((_int(a.get("size", []), 1) for kind, a in records if kind == "display"), 1)
            self._monsters[name] = (hp, max(1, size))
        return self._monsters[name]
