"""The Darkest Dungeon raid as the env sees it, Orak's text layout of a combat turn, and Orak's score.

The text follows Orak's three blocks (``CURRENTLY ACTING HERO``, ``PARTY``, ``ENEMY FORMATION``): the
acting hero's sheet and slot-numbered skills with their rank limits and availability, one line per
party member, and each enemy with its battle id, ranks and HP. Written here from that description.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Orak's task ``first_embark_after_tutorial``: four combats; ``second_embark_after_tutorial``: two.
TASK_COMBATS = {"first_embark_after_tutorial": 4, "second_embark_after_tutorial": 2}
PARTY_SIZE = 4  # the evaluation party (Orak's score counts a missing hero as dead)
MAX_STRESS = 200  # per hero; a dead hero counts this much


@dataclass(frozen=True)
class SkillLine:
    """One skill slot of the acting hero, with what its tooltip says and whether it can be used now."""

    slot: int
    id: str
    level: int
    launch: tuple[int, ...]
    target_ranks: tuple[int, ...]
    on_allies: bool
    on_all: bool
    party_wide: bool
    type: str = ""
    accuracy: str = ""
    damage: str = ""
    crit: str = ""
    heal: tuple[int, int] | None = None
    effects: tuple[str, ...] = ()
    uses_per_battle: int | None = None
    known: bool = True  # False: the install has no data for this skill
    available: bool = False
    why_not: str = ""

    def to_text(self) -> str:
        if not self.known:
            return f"{self.slot}. {self.id} (skill info not found)"
        ranks = sorted(self.target_ranks)
        if self.party_wide:
            target = "(targets: party-wide)"
        elif self.on_allies:
            target = (
                f"(targets: ALL allies in ranks {ranks})"
                if self.on_all
                else f"(can target one ally from ranks: {ranks})"
            )
        else:
            target = (
                f"(targets: ALL enemies in ranks {ranks})"
                if self.on_all
                else f"(can target one enemy from ranks: {ranks})"
            )
        status = "[AVAILABLE]" if self.available else f"[UNAVAILABLE{self.why_not}]"
        lines = [f"{self.slot}. {self.id} {target} (can use from ranks: {sorted(self.launch)}) {status}"]
        details = [f"Level: {self.level}", f"Type: {self.type}"]
        if self.heal:
            details.append("Type: Healing")
        details += [f"Accuracy: {self.accuracy}", f"Damage: {self.damage}"]
        if self.crit:
            details.append(f"Crit: {self.crit}")
        if self.heal:
            details.append(f"Heal: {self.heal[0]}-{self.heal[1]}")
        if self.uses_per_battle:
            details.append(f"Uses per battle: {self.uses_per_battle}")
        if self.effects:
            details.append(f"Effects: {', '.join(self.effects)}")
        return "\n    ".join(lines + details)


@dataclass(frozen=True)
class Hero:
    roster_id: int
    name: str
    hero_class: str
    rank: int
    hp: float  # the save's floats, shown as the game rounds them
    max_hp: int
    stress: float
    stunned: bool = False
    already_moved: bool = False
    bleed: tuple[int, int] = (0, 0)  # (amount, duration)
    blight: tuple[int, int] = (0, 0)
    weapon_rank: int = 0
    armour_rank: int = 0
    trinkets: tuple[str, ...] = ()
    skills: tuple[SkillLine, ...] = ()

    def sheet(self) -> str:
        trinkets = ", ".join(self.trinkets) or "None"
        return (
            f"Name: {self.name}\nClass: {self.hero_class}\nRank (position): {self.rank}\n"
            f"HP: {self.hp:g}/{self.max_hp}\nStress: {self.stress:g}\nStunned: {self.stunned}\n"
            f"Already Moved: {self.already_moved}\n"
            f"Bleed: {self.bleed[0]} (duration: {self.bleed[1]})\n"
            f"Blight: {self.blight[0]} (duration: {self.blight[1]})\n"
            f"Weapon Rank: {self.weapon_rank}\nArmor Rank: {self.armour_rank}\nTrinkets: {trinkets}\n"
            "\nSkills (Slot-Based):\n" + "\n".join(s.to_text() for s in self.skills)
        )

    def party_line(self, index: int) -> str:
        flags = (" | STUNNED" if self.stunned else "") + (" | ALREADY MOVED" if self.already_moved else "")
        return (
            f"{index}. {self.name} ({self.hero_class}) | Rank: {self.rank} | HP: {self.hp:g}/{self.max_hp} | "
            f"Stress: {self.stress:g}{flags}"
        )


@dataclass(frozen=True)
class Enemy:
    battle_id: int
    name: str
    ranks: tuple[int, ...]
    hp: float
    max_hp: int
    stunned: bool = False
    bleed: tuple[int, int] = (0, 0)
    blight: tuple[int, int] = (0, 0)

    def to_text(self, index: int) -> str:
        rank = list(self.ranks) if len(self.ranks) > 1 else self.ranks[0] if self.ranks else 0
        return (
            f"{index}. {self.name} (BattleId: {self.battle_id}, Rank: {rank})\n"
            f"   HP: {self.hp:g}/{self.max_hp}, Stunned: {self.stunned}\n"
            f"   Bleed: {self.bleed[0]} (dur: {self.bleed[1]}), Blight: {self.blight[0]} (dur: {self.blight[1]})"
        )


@dataclass
class DarkestDungeonState:
    """One moment of the raid, read from the save files."""

    in_raid: bool
    in_battle: bool
    combats_cleared: int
    max_combats: int
    party: list[Hero] = field(default_factory=list)
    acting: Hero | None = None
    enemies: list[Enemy] = field(default_factory=list)
    round: int = 0
    steps: int = 0
    last_action: str = ""

    @property
    def done(self) -> bool:
        """Orak's end: back in town, or every combat of the task fought."""
        return not self.in_raid or self.combats_cleared >= self.max_combats

    def to_text(self) -> str:
        if not self.in_raid:
            return "The party is back in town: the expedition is over.\n"
        hero = self.acting.sheet() if self.acting else "No hero is acting (the party is not in combat)."
        party = "\n".join(h.party_line(i) for i, h in enumerate(self.party, start=1)) or "(no hero alive)"
        enemies = "\n\n".join(e.to_text(i) for i, e in enumerate(self.enemies, start=1)) or "(no enemy)"
        progress = f"Combats cleared: {self.combats_cleared}/{self.max_combats}"
        return f"CURRENTLY ACTING HERO:\n{hero}\n\nPARTY:\n{party}\n\nENEMY FORMATION:\n{enemies}\n\n{progress}\n"

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))

    def __str__(self) -> str:
        return self.to_text()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [_plain(v) for v in (sorted(value) if isinstance(value, frozenset | set) else value)]
    return value


def orak_score(combats_cleared: int, max_combats: int, stresses: list[float]) -> float:
    """Orak's Darkest Dungeon score in [0, 1].

    While combats remain: ``0.4 * cleared / max``. Once all are fought: ``0.4 + 0.3 * survivors / 4 +
    0.3 * (1 - total stress / 800)``, where ``stresses`` lists the living heroes' stress and each missing
    (dead) hero of the four adds 200. Stress above 200 is counted as it is (as Orak does).
    """
    if max_combats <= 0:
        raise ValueError("max_combats must be positive")
    if combats_cleared < max_combats:
        return 0.4 * max(combats_cleared, 0) / max_combats
    alive = stresses[:PARTY_SIZE]
    dead = PARTY_SIZE - len(alive)
    total = sum(alive) + dead * MAX_STRESS
    return 0.4 + 0.3 * len(alive) / PARTY_SIZE + 0.3 * (1 - total / (MAX_STRESS * PARTY_SIZE))
