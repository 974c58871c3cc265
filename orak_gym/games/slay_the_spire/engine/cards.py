"""Ironclad, status and curse cards: the game's numbers as a table, effects as small functions.

Each row is the card as the wiki documents it: cost (and upgraded cost), target,
base damage / block / magic number and what an upgrade adds, and keywords.
Effects get the running :class:`~.combat.Combat`, the card instance and the target
monster (or ``None``) and use the combat's primitives, so every modifier (Strength,
Vulnerable, Weak, Dexterity, Frail, relics) is applied in one place.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .combat import Combat, Monster

ATTACK, SKILL, POWER, STATUS, CURSE = "ATTACK", "SKILL", "POWER", "STATUS", "CURSE"
ENEMY, ALL, SELF, NONE = "ENEMY", "ALL_ENEMY", "SELF", "NONE"


@dataclass(frozen=True, slots=True)
class CardDef:
    """Static data of one card."""

    id: str
    name: str
    type: str
    rarity: str
    cost: int  # -1 = X, -2 = unplayable
    cost_up: int
    target: str
    dmg: int = 0
    dmg_up: int = 0
    blk: int = 0
    blk_up: int = 0
    mag: int = 0
    mag_up: int = 0
    flags: frozenset = frozenset()
    color: str = "RED"

    def __deepcopy__(self, memo: dict) -> CardDef:
        return self  # immutable table row: clones share it


_T = tuple[str, str, str, int, int, str, int, int, int, int, int, int, str]

# id, type, rarity, cost, upgraded cost, target, dmg, +dmg, block, +block, magic, +magic, flags
# flags: exhaust, exhaust- (upgrade removes Exhaust), ethereal, ethereal-, innate, innate+,
#        unplayable, retain.  Names equal ids unless listed in _NAMES.
_ROWS: list[_T] = [
    # starter
    ("Strike_R", ATTACK, "BASIC", 1, 1, ENEMY, 6, 3, 0, 0, 0, 0, ""),
    ("Defend_R", SKILL, "BASIC", 1, 1, SELF, 0, 0, 5, 3, 0, 0, ""),
    ("Bash", ATTACK, "BASIC", 2, 2, ENEMY, 8, 2, 0, 0, 2, 1, ""),
    # common
    ("Anger", ATTACK, "COMMON", 0, 0, ENEMY, 6, 2, 0, 0, 0, 0, ""),
    ("Armaments", SKILL, "COMMON", 1, 1, SELF, 0, 0, 5, 0, 0, 0, ""),
    ("Body Slam", ATTACK, "COMMON", 1, 0, ENEMY, 0, 0, 0, 0, 0, 0, ""),
    ("Clash", ATTACK, "COMMON", 0, 0, ENEMY, 14, 4, 0, 0, 0, 0, ""),
    ("Cleave", ATTACK, "COMMON", 1, 1, ALL, 8, 3, 0, 0, 0, 0, ""),
    ("Clothesline", ATTACK, "COMMON", 2, 2, ENEMY, 12, 2, 0, 0, 2, 1, ""),
    ("Flex", SKILL, "COMMON", 0, 0, SELF, 0, 0, 0, 0, 2, 2, ""),
    ("Havoc", SKILL, "COMMON", 1, 0, NONE, 0, 0, 0, 0, 0, 0, ""),
    ("Headbutt", ATTACK, "COMMON", 1, 1, ENEMY, 9, 3, 0, 0, 0, 0, ""),
    ("Heavy Blade", ATTACK, "COMMON", 2, 2, ENEMY, 14, 0, 0, 0, 3, 2, ""),
    ("Iron Wave", ATTACK, "COMMON", 1, 1, ENEMY, 5, 2, 5, 2, 0, 0, ""),
    ("Perfected Strike", ATTACK, "COMMON", 2, 2, ENEMY, 6, 0, 0, 0, 2, 1, ""),
    ("Pommel Strike", ATTACK, "COMMON", 1, 1, ENEMY, 9, 1, 0, 0, 1, 1, ""),
    ("Shrug It Off", SKILL, "COMMON", 1, 1, SELF, 0, 0, 8, 3, 0, 0, ""),
    ("Sword Boomerang", ATTACK, "COMMON", 1, 1, ALL, 3, 0, 0, 0, 3, 1, ""),
    ("Thunderclap", ATTACK, "COMMON", 1, 1, ALL, 4, 3, 0, 0, 1, 0, ""),
    ("True Grit", SKILL, "COMMON", 1, 1, SELF, 0, 0, 7, 2, 0, 0, ""),
    ("Twin Strike", ATTACK, "COMMON", 1, 1, ENEMY, 5, 2, 0, 0, 2, 0, ""),
    ("Warcry", SKILL, "COMMON", 0, 0, SELF, 0, 0, 0, 0, 1, 1, "exhaust"),
    ("Wild Strike", ATTACK, "COMMON", 1, 1, ENEMY, 12, 5, 0, 0, 0, 0, ""),
    # uncommon
    ("Battle Trance", SKILL, "UNCOMMON", 0, 0, NONE, 0, 0, 0, 0, 3, 1, ""),
    ("Blood for Blood", ATTACK, "UNCOMMON", 4, 3, ENEMY, 18, 4, 0, 0, 0, 0, ""),
    ("Bloodletting", SKILL, "UNCOMMON", 0, 0, SELF, 0, 0, 0, 0, 2, 1, ""),
    ("Burning Pact", SKILL, "UNCOMMON", 1, 1, NONE, 0, 0, 0, 0, 2, 1, ""),
    ("Carnage", ATTACK, "UNCOMMON", 2, 2, ENEMY, 20, 8, 0, 0, 0, 0, "ethereal"),
    ("Combust", POWER, "UNCOMMON", 1, 1, SELF, 0, 0, 0, 0, 5, 2, ""),
    ("Dark Embrace", POWER, "UNCOMMON", 2, 1, SELF, 0, 0, 0, 0, 0, 0, ""),
    ("Disarm", SKILL, "UNCOMMON", 1, 1, ENEMY, 0, 0, 0, 0, 2, 1, "exhaust"),
    ("Dropkick", ATTACK, "UNCOMMON", 1, 1, ENEMY, 5, 3, 0, 0, 0, 0, ""),
    ("Dual Wield", SKILL, "UNCOMMON", 1, 1, NONE, 0, 0, 0, 0, 1, 1, ""),
    ("Entrench", SKILL, "UNCOMMON", 2, 1, SELF, 0, 0, 0, 0, 0, 0, ""),
    ("Evolve", POWER, "UNCOMMON", 1, 1, SELF, 0, 0, 0, 0, 1, 1, ""),
    ("Feel No Pain", POWER, "UNCOMMON", 1, 1, SELF, 0, 0, 0, 0, 3, 1, ""),
    ("Fire Breathing", POWER, "UNCOMMON", 1, 1, SELF, 0, 0, 0, 0, 6, 4, ""),
    ("Flame Barrier", SKILL, "UNCOMMON", 2, 2, SELF, 0, 0, 12, 4, 4, 2, ""),
    ("Ghostly Armor", SKILL, "UNCOMMON", 1, 1, SELF, 0, 0, 10, 3, 0, 0, "ethereal"),
    ("Hemokinesis", ATTACK, "UNCOMMON", 1, 1, ENEMY, 15, 5, 0, 0, 2, 0, ""),
    ("Infernal Blade", SKILL, "UNCOMMON", 1, 0, NONE, 0, 0, 0, 0, 0, 0, "exhaust"),
    ("Inflame", POWER, "UNCOMMON", 1, 1, SELF, 0, 0, 0, 0, 2, 1, ""),
    ("Intimidate", SKILL, "UNCOMMON", 0, 0, ALL, 0, 0, 0, 0, 1, 1, "exhaust"),
    ("Metallicize", POWER, "UNCOMMON", 1, 1, SELF, 0, 0, 0, 0, 3, 1, ""),
    ("Power Through", SKILL, "UNCOMMON", 1, 1, SELF, 0, 0, 15, 5, 0, 0, ""),
    ("Pummel", ATTACK, "UNCOMMON", 1, 1, ENEMY, 2, 0, 0, 0, 4, 1, "exhaust"),
    ("Rage", SKILL, "UNCOMMON", 0, 0, SELF, 0, 0, 0, 0, 3, 2, ""),
    ("Rampage", ATTACK, "UNCOMMON", 1, 1, ENEMY, 8, 0, 0, 0, 5, 3, ""),
    ("Reckless Charge", ATTACK, "UNCOMMON", 0, 0, ENEMY, 7, 3, 0, 0, 0, 0, ""),
    ("Rupture", POWER, "UNCOMMON", 1, 1, SELF, 0, 0, 0, 0, 1, 1, ""),
    ("Searing Blow", ATTACK, "UNCOMMON", 2, 2, ENEMY, 12, 0, 0, 0, 0, 0, ""),
    ("Second Wind", SKILL, "UNCOMMON", 1, 1, SELF, 0, 0, 5, 2, 0, 0, ""),
    ("Seeing Red", SKILL, "UNCOMMON", 1, 0, NONE, 0, 0, 0, 0, 2, 0, "exhaust"),
    ("Sentinel", SKILL, "UNCOMMON", 1, 1, SELF, 0, 0, 5, 3, 2, 1, ""),
    ("Sever Soul", ATTACK, "UNCOMMON", 2, 2, ENEMY, 16, 6, 0, 0, 0, 0, ""),
    ("Shockwave", SKILL, "UNCOMMON", 2, 2, ALL, 0, 0, 0, 0, 3, 2, "exhaust"),
    ("Spot Weakness", SKILL, "UNCOMMON", 1, 1, ENEMY, 0, 0, 0, 0, 3, 1, ""),
    ("Uppercut", ATTACK, "UNCOMMON", 2, 2, ENEMY, 13, 0, 0, 0, 1, 1, ""),
    ("Whirlwind", ATTACK, "UNCOMMON", -1, -1, ALL, 5, 3, 0, 0, 0, 0, ""),
    # rare
    ("Barricade", POWER, "RARE", 3, 2, SELF, 0, 0, 0, 0, 0, 0, ""),
    ("Berserk", POWER, "RARE", 0, 0, SELF, 0, 0, 0, 0, 2, -1, ""),
    ("Bludgeon", ATTACK, "RARE", 3, 3, ENEMY, 32, 10, 0, 0, 0, 0, ""),
    ("Brutality", POWER, "RARE", 0, 0, SELF, 0, 0, 0, 0, 1, 0, "innate+"),
    ("Corruption", POWER, "RARE", 3, 2, SELF, 0, 0, 0, 0, 0, 0, ""),
    ("Demon Form", POWER, "RARE", 3, 3, SELF, 0, 0, 0, 0, 2, 1, ""),
    ("Double Tap", SKILL, "RARE", 1, 1, SELF, 0, 0, 0, 0, 1, 1, ""),
    ("Exhume", SKILL, "RARE", 1, 0, NONE, 0, 0, 0, 0, 0, 0, "exhaust"),
    ("Feed", ATTACK, "RARE", 1, 1, ENEMY, 10, 2, 0, 0, 3, 1, "exhaust"),
    ("Fiend Fire", ATTACK, "RARE", 2, 2, ENEMY, 7, 3, 0, 0, 0, 0, "exhaust"),
    ("Immolate", ATTACK, "RARE", 2, 2, ALL, 21, 7, 0, 0, 0, 0, ""),
    ("Impervious", SKILL, "RARE", 2, 2, SELF, 0, 0, 30, 10, 0, 0, "exhaust"),
    ("Juggernaut", POWER, "RARE", 2, 2, SELF, 0, 0, 0, 0, 5, 2, ""),
    ("Limit Break", SKILL, "RARE", 1, 1, SELF, 0, 0, 0, 0, 0, 0, "exhaust exhaust-"),
    ("Offering", SKILL, "RARE", 0, 0, SELF, 0, 0, 0, 0, 3, 2, "exhaust"),
    ("Reaper", ATTACK, "RARE", 2, 2, ALL, 4, 1, 0, 0, 0, 0, "exhaust"),
    # status
    ("Wound", STATUS, "COMMON", -2, -2, NONE, 0, 0, 0, 0, 0, 0, "unplayable"),
    ("Dazed", STATUS, "COMMON", -2, -2, NONE, 0, 0, 0, 0, 0, 0, "unplayable ethereal"),
    ("Burn", STATUS, "COMMON", -2, -2, NONE, 0, 0, 0, 0, 2, 2, "unplayable"),
    ("Slimed", STATUS, "COMMON", 1, 1, NONE, 0, 0, 0, 0, 0, 0, "exhaust"),
    # curses
    ("Regret", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 0, 0, "unplayable"),
    ("Injury", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 0, 0, "unplayable"),
    ("Doubt", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 1, 0, "unplayable"),
    ("Decay", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 2, 0, "unplayable"),
    ("Shame", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 1, 0, "unplayable"),
    ("Parasite", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 3, 0, "unplayable"),
    ("Writhe", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 0, 0, "unplayable innate"),
    ("Clumsy", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 0, 0, "unplayable ethereal"),
    ("Normality", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 3, 0, "unplayable"),
    ("Pain", CURSE, "CURSE", -2, -2, NONE, 0, 0, 0, 0, 1, 0, "unplayable"),
    ("CurseOfTheBell", CURSE, "SPECIAL", -2, -2, NONE, 0, 0, 0, 0, 0, 0, "unplayable"),
]
# colorless cards (shops, Neow, Toolbox, Colorless Potion); flag "all+": targets every enemy once upgraded
_COLORLESS: list[_T] = [
    ("Bandage Up", SKILL, "UNCOMMON", 0, 0, SELF, 0, 0, 0, 0, 4, 2, "exhaust"),
    ("Blind", SKILL, "UNCOMMON", 0, 0, ENEMY, 0, 0, 0, 0, 2, 0, "all+"),
    ("Dark Shackles", SKILL, "UNCOMMON", 0, 0, ENEMY, 0, 0, 0, 0, 9, 6, "exhaust"),
    ("Deep Breath", SKILL, "UNCOMMON", 0, 0, NONE, 0, 0, 0, 0, 1, 1, ""),
    ("Discovery", SKILL, "UNCOMMON", 1, 1, NONE, 0, 0, 0, 0, 0, 0, "exhaust exhaust-"),
    ("Dramatic Entrance", ATTACK, "UNCOMMON", 0, 0, ALL, 8, 4, 0, 0, 0, 0, "exhaust innate"),
    ("Enlightenment", SKILL, "UNCOMMON", 0, 0, NONE, 0, 0, 0, 0, 0, 0, ""),
    ("Finesse", SKILL, "UNCOMMON", 0, 0, SELF, 0, 0, 2, 2, 0, 0, ""),
    ("Flash of Steel", ATTACK, "UNCOMMON", 0, 0, ENEMY, 3, 3, 0, 0, 0, 0, ""),
    ("Good Instincts", SKILL, "UNCOMMON", 0, 0, SELF, 0, 0, 6, 3, 0, 0, ""),
    ("Impatience", SKILL, "UNCOMMON", 0, 0, NONE, 0, 0, 0, 0, 2, 1, ""),
    ("Jack Of All Trades", SKILL, "UNCOMMON", 0, 0, NONE, 0, 0, 0, 0, 1, 1, "exhaust"),
    ("Madness", SKILL, "UNCOMMON", 1, 0, NONE, 0, 0, 0, 0, 0, 0, "exhaust"),
    ("Mind Blast", ATTACK, "UNCOMMON", 2, 1, ENEMY, 0, 0, 0, 0, 0, 0, "innate"),
    ("Panacea", SKILL, "UNCOMMON", 0, 0, SELF, 0, 0, 0, 0, 1, 1, "exhaust"),
    ("PanicButton", SKILL, "UNCOMMON", 0, 0, SELF, 0, 0, 30, 10, 2, 0, "exhaust"),
    ("Purity", SKILL, "UNCOMMON", 0, 0, NONE, 0, 0, 0, 0, 3, 2, "exhaust"),
    ("Swift Strike", ATTACK, "UNCOMMON", 0, 0, ENEMY, 7, 3, 0, 0, 0, 0, ""),
    ("Trip", SKILL, "UNCOMMON", 0, 0, ENEMY, 0, 0, 0, 0, 2, 0, "all+"),
    ("Apotheosis", SKILL, "RARE", 2, 1, NONE, 0, 0, 0, 0, 0, 0, "exhaust"),
    ("Chrysalis", SKILL, "RARE", 2, 2, NONE, 0, 0, 0, 0, 3, 2, "exhaust"),
    ("HandOfGreed", ATTACK, "RARE", 2, 2, ENEMY, 20, 5, 0, 0, 20, 5, ""),
    ("Master of Strategy", SKILL, "RARE", 0, 0, NONE, 0, 0, 0, 0, 3, 1, "exhaust"),
    ("Metamorphosis", SKILL, "RARE", 2, 2, NONE, 0, 0, 0, 0, 3, 2, "exhaust"),
    ("Panache", POWER, "RARE", 0, 0, SELF, 0, 0, 0, 0, 10, 4, ""),
    ("Sadistic Nature", POWER, "RARE", 0, 0, SELF, 0, 0, 0, 0, 5, 2, ""),
    ("Secret Technique", SKILL, "RARE", 0, 0, NONE, 0, 0, 0, 0, 0, 0, "exhaust exhaust-"),
    ("Secret Weapon", SKILL, "RARE", 0, 0, NONE, 0, 0, 0, 0, 0, 0, "exhaust exhaust-"),
    ("The Bomb", SKILL, "RARE", 2, 2, NONE, 0, 0, 0, 0, 40, 10, ""),
    ("Thinking Ahead", SKILL, "RARE", 0, 0, NONE, 0, 0, 0, 0, 2, 0, "exhaust exhaust-"),
    ("Violence", SKILL, "RARE", 0, 0, NONE, 0, 0, 0, 0, 3, 1, "exhaust"),
]
_NAMES = {
    "Strike_R": "Strike", "Defend_R": "Defend", "CurseOfTheBell": "Curse of the Bell",
    "PanicButton": "Panic Button", "HandOfGreed": "Hand of Greed", "Jack Of All Trades": "Jack Of All Trades",
}  # fmt: skip

CARDS: dict[str, CardDef] = {}
for _r in _ROWS + _COLORLESS:
    _cid, _ty, _ra, _c, _cu, _tg, _d, _du, _b, _bu, _m, _mu, _fl = _r
    CARDS[_cid] = CardDef(
        _cid,
        _NAMES.get(_cid, _cid),
        _ty,
        _ra,
        _c,
        _cu,
        _tg,
        _d,
        _du,
        _b,
        _bu,
        _m,
        _mu,
        frozenset(_fl.split()),
        ("COLORLESS" if _r in _COLORLESS else "RED") if _ty in (ATTACK, SKILL, POWER) else _ty,
    )

RED_POOL = {
    r: [c for c in CARDS.values() if c.color == "RED" and c.rarity == r] for r in ("COMMON", "UNCOMMON", "RARE")
}
COLORLESS_POOL = {
    r: [c for c in CARDS.values() if c.color == "COLORLESS" and c.rarity == r] for r in ("UNCOMMON", "RARE")
}
MISSING_CARDS: list[str] = ["Forethought", "Magnetism", "Mayhem", "Transmutation"]  # colorless, never offered
CURSES = [c.id for c in CARDS.values() if c.type == CURSE and c.rarity == "CURSE"]


class _Ids:
    """Where new cards take their uuid from: the engine running a command points this at its own
    counter, so uuids are part of a run's replayable state (same seed, same uuids)."""

    counter: itertools.count = itertools.count(1)


IDS = _Ids()


class Card:
    """One card in a deck or a combat pile (a game object with a uuid)."""

    __slots__ = ("cid", "cost", "cost_turn", "d", "innate", "misc", "upgrades", "uuid")

    def __init__(self, cid: str, upgrades: int = 0) -> None:
        d = CARDS[cid]
        self.cid = cid
        self.d = d
        self.upgrades = upgrades
        self.uuid = f"{next(IDS.counter):08x}-0000-4000-8000-000000000000"
        self.cost = d.cost_up if upgrades else d.cost
        self.cost_turn = self.cost
        self.misc = 0  # Rampage's accumulated bonus
        self.innate = False  # Bottled relics

    @property
    def name(self) -> str:
        base = self.d.name
        if self.cid == "Searing Blow" and self.upgrades:
            return f"{base}+{self.upgrades}"
        return base + "+" if self.upgrades else base

    @property
    def type(self) -> str:
        return self.d.type

    @property
    def upgradable(self) -> bool:
        if self.cid == "Burn":  # Burn+ exists (Hexaghost's Inferno, Armaments)
            return self.upgrades == 0
        return self.d.type not in (STATUS, CURSE) and (self.upgrades == 0 or self.cid == "Searing Blow")

    def upgrade(self) -> None:
        if not self.upgradable:
            return
        d = self.d
        self.upgrades += 1
        if d.cost_up != d.cost and self.cost == d.cost:
            self.cost = d.cost_up
            self.cost_turn = min(self.cost_turn, self.cost) if self.cost_turn >= 0 else self.cost_turn
            if self.cost_turn > self.cost:
                self.cost_turn = self.cost

    def copy(self) -> Card:
        c = Card(self.cid, self.upgrades)
        c.cost, c.cost_turn, c.misc = self.cost, self.cost_turn, self.misc
        return c

    # numbers with the upgrade applied
    @property
    def dmg(self) -> int:
        d = self.d
        if self.cid == "Searing Blow":
            n = self.upgrades
            return 12 + n * (n + 7) // 2
        return d.dmg + (d.dmg_up if self.upgrades else 0) + self.misc

    @property
    def blk(self) -> int:
        d = self.d
        return d.blk + (d.blk_up if self.upgrades else 0)

    @property
    def mag(self) -> int:
        d = self.d
        return d.mag + (d.mag_up if self.upgrades else 0)

    @property
    def target(self) -> str:
        if self.upgrades and "all+" in self.d.flags:
            return ALL
        return self.d.target

    def has(self, flag: str) -> bool:
        f = self.d.flags
        if flag == "exhaust":
            return "exhaust" in f and not ("exhaust-" in f and self.upgrades)
        if flag == "ethereal":
            return "ethereal" in f and not ("ethereal-" in f and self.upgrades)
        if flag == "innate":
            return self.innate or "innate" in f or ("innate+" in f and bool(self.upgrades))
        return flag in f

    def __repr__(self) -> str:
        return f"Card({self.name})"


# ---------------------------------------------------------------- effects
Effect = Callable[["Combat", Card, "Monster | None", int], None]
EFFECTS: dict[str, Effect] = {}


def effect(*ids: str) -> Callable[[Effect], Effect]:
    def deco(fn: Effect) -> Effect:
        for i in ids:
            EFFECTS[i] = fn
        return fn

    return deco


@effect("Strike_R", "Carnage", "Bludgeon", "Reckless Charge", "Wild Strike", "Searing Blow")
def _hit(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.hit(t, c)
    if c.cid == "Wild Strike":
        cb.add_card("Wound", "draw_random")
    elif c.cid == "Reckless Charge":
        cb.add_card("Dazed", "draw_random")


@effect("Defend_R", "Ghostly Armor", "Impervious")
def _defend(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(c.blk)


@effect("Bash", "Clothesline", "Uppercut")
def _bash(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.hit(t, c)
    if c.cid == "Clothesline":
        cb.apply(t, "Weakened", c.mag)
    elif c.cid == "Uppercut":
        cb.apply(t, "Weakened", c.mag)
        cb.apply(t, "Vulnerable", c.mag)
    else:
        cb.apply(t, "Vulnerable", c.mag)


@effect("Anger")
def _anger(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.hit(t, c)
    cb.discard.append(c.copy())


@effect("Armaments")
def _armaments(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(c.blk)
    if c.upgrades:
        for h in cb.hand:
            h.upgrade()
    else:
        cb.select_hand("upgrade", 1, [h for h in cb.hand if h.upgradable])


@effect("Body Slam")
def _body_slam(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.hit(t, c, base=cb.player.block)


@effect("Clash", "Dropkick", "Sever Soul", "Feed", "Hemokinesis", "Rampage", "Blood for Blood")
def _misc_attack(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cid = c.cid
    if cid == "Hemokinesis":
        cb.lose_hp_from_card(c.mag)
    if cid == "Sever Soul":
        for h in [h for h in cb.hand if h.type != ATTACK]:
            cb.exhaust_card(h)
    was_vuln = t is not None and t.pw("Vulnerable") > 0
    hp_before = t.hp if t else 0
    cb.hit(t, c)
    if cid == "Dropkick" and was_vuln:
        cb.energy += 1
        cb.draw(1)
    elif cid == "Feed" and t is not None and t.dead and hp_before > 0 and not t.minion:
        cb.g.gain_max_hp(c.mag)
    elif cid == "Rampage":
        c.misc += c.mag  # this combat only: the deck's copy keeps its base damage


@effect("Cleave", "Immolate", "Reaper", "Thunderclap")
def _aoe(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    dealt = cb.hit_all(c)
    if c.cid == "Immolate":
        cb.add_card("Burn", "discard")
    elif c.cid == "Reaper":
        cb.heal(dealt)
    elif c.cid == "Thunderclap":
        for m in cb.alive():
            cb.apply(m, "Vulnerable", c.mag)


@effect("Whirlwind")
def _whirlwind(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    for _ in range(x):
        cb.hit_all(c)


@effect("Flex")
def _flex(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.apply(cb.player, "Strength", c.mag)
    cb.apply(cb.player, "Flex", c.mag)


@effect("Havoc")
def _havoc(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    if not cb.draw_pile and cb.discard:
        cb.reshuffle()
    if cb.draw_pile:
        top = cb.draw_pile.pop()
        cb.play_free(top, exhaust=True)


@effect("Headbutt")
def _headbutt(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.hit(t, c)
    if cb.discard:
        cb.select_grid("to_draw_top", 1, list(cb.discard))


@effect("Heavy Blade")
def _heavy(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.hit(t, c, str_mult=c.mag)


@effect("Iron Wave")
def _iron_wave(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(c.blk)
    cb.hit(t, c)


@effect("Perfected Strike")
def _perfected(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    n = sum(1 for p in (cb.hand, cb.draw_pile, cb.discard) for k in p if "Strike" in k.d.name)
    n += 1  # the card itself is in limbo
    cb.hit(t, c, base=c.dmg + c.mag * n)


@effect("Pommel Strike")
def _pommel(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.hit(t, c)
    cb.draw(c.mag)


@effect("Shrug It Off")
def _shrug(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(c.blk)
    cb.draw(1)


@effect("Sword Boomerang")
def _boomerang(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    for _ in range(c.mag):
        alive = cb.alive()
        if not alive:
            return
        cb.hit(alive[cb.g.rng.misc.randrange(len(alive))], c)


@effect("True Grit")
def _true_grit(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(c.blk)
    if not cb.hand:
        return
    if c.upgrades:
        cb.select_hand("exhaust", 1, list(cb.hand))
    else:
        cb.exhaust_card(cb.hand[cb.g.rng.misc.randrange(len(cb.hand))])


@effect("Twin Strike", "Pummel")
def _multi(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    for _ in range(c.mag):
        cb.hit(t, c)


@effect("Warcry")
def _warcry(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.draw(c.mag)
    if cb.hand:
        cb.select_hand("to_draw_top", 1, list(cb.hand))


@effect("Battle Trance")
def _trance(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.draw(c.mag)
    cb.apply(cb.player, "No Draw", 1)


@effect("Bloodletting")
def _bloodletting(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.lose_hp_from_card(3)
    cb.energy += c.mag


@effect("Burning Pact")
def _pact(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    if cb.hand:
        cb.select_hand("exhaust_then_draw", 1, list(cb.hand), arg=c.mag)
    else:
        cb.draw(c.mag)


@effect("Combust", "Dark Embrace", "Evolve", "Feel No Pain", "Fire Breathing", "Inflame")
@effect("Metallicize", "Rupture", "Barricade", "Brutality", "Corruption", "Demon Form")
@effect("Juggernaut", "Berserk")
def _power(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    pid = {"Inflame": "Strength"}.get(c.cid, c.cid)
    amount = c.mag if c.mag else 1
    if c.cid == "Berserk":
        cb.apply(cb.player, "Vulnerable", c.mag, from_player=False)
        amount = 1
    cb.apply(cb.player, pid, amount)
    if c.cid == "Combust":
        cb.combust_hp_loss += 1
    if c.cid == "Corruption":
        for p in (cb.hand, cb.draw_pile, cb.discard):
            for k in p:
                if k.type == SKILL:
                    k.cost = k.cost_turn = 0


@effect("Disarm")
def _disarm(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.apply(t, "Strength", -c.mag)


@effect("Dual Wield")
def _dual(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    ok = [h for h in cb.hand if h.type in (ATTACK, POWER)]
    if ok:
        cb.select_hand("dual_wield", 1, ok, arg=c.mag)


@effect("Entrench")
def _entrench(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(cb.player.block, raw=True)


@effect("Flame Barrier")
def _flame_barrier(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(c.blk)
    cb.apply(cb.player, "Flame Barrier", c.mag)


@effect("Infernal Blade")
def _infernal(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    pool = [d.id for d in CARDS.values() if d.color == "RED" and d.type == ATTACK and d.rarity != "BASIC"]
    new = Card(pool[cb.g.rng.misc.randrange(len(pool))])
    new.cost_turn = 0
    cb.add_to_hand(new)


@effect("Intimidate", "Shockwave")
def _intimidate(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    for m in cb.alive():
        cb.apply(m, "Weakened", c.mag)
        if c.cid == "Shockwave":
            cb.apply(m, "Vulnerable", c.mag)


@effect("Power Through")
def _power_through(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.add_card("Wound", "hand", 2)
    cb.gain_block(c.blk)


@effect("Rage")
def _rage(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.apply(cb.player, "Rage", c.mag)


@effect("Second Wind")
def _second_wind(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    for h in [h for h in cb.hand if h.type != ATTACK]:
        cb.exhaust_card(h)
        cb.gain_block(c.blk)


@effect("Seeing Red")
def _seeing_red(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.energy += 2


@effect("Sentinel")
def _sentinel(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(c.blk)


@effect("Spot Weakness")
def _spot(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    if t is not None and t.is_attacking:
        cb.apply(cb.player, "Strength", c.mag)


@effect("Double Tap")
def _double_tap(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.apply(cb.player, "Double Tap", c.mag)


@effect("Exhume")
def _exhume(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    ok = [k for k in cb.exhaust if k.cid != "Exhume"]
    if ok:
        cb.select_grid("exhume", 1, ok)


@effect("Fiend Fire")
def _fiend(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    n = 0
    for h in list(cb.hand):
        cb.exhaust_card(h)
        n += 1
    for _ in range(n):
        cb.hit(t, c)


@effect("Limit Break")
def _limit(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    s = cb.player.pw("Strength")
    if s > 0:
        cb.apply(cb.player, "Strength", s)


@effect("Offering")
def _offering(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.lose_hp_from_card(6)
    cb.energy += 2
    cb.draw(c.mag)


@effect("Slimed")
def _slimed(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    return None


# ---------------------------------------------------------------- colorless
@effect("Bandage Up")
def _bandage(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.heal(c.mag)


@effect("Blind", "Trip")
def _blind(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    pid = "Weakened" if c.cid == "Blind" else "Vulnerable"
    for m in cb.alive() if c.target == ALL else [t]:
        cb.apply(m, pid, c.mag)


@effect("Dark Shackles")
def _shackles(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    if t is None:
        return
    art = t.pw("Artifact")
    cb.apply(t, "Strength", -c.mag)
    if t.pw("Artifact") == art:  # not blocked: the strength returns at the end of the round
        t.powers["Shackled"] = t.pw("Shackled") + c.mag


@effect("Deep Breath")
def _deep_breath(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    if cb.discard:
        cb.reshuffle()
    cb.draw(c.mag)


@effect("Discovery")
def _discovery(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    pool = RED_POOL["COMMON"] + RED_POOL["UNCOMMON"] + RED_POOL["RARE"]
    picks: list[str] = []
    while len(picks) < 3:
        pid = pool[cb.g.rng.misc.randrange(len(pool))].id
        if pid not in picks:
            picks.append(pid)
    cb.g.open_potion_choice(picks)


@effect("Dramatic Entrance", "Swift Strike", "Flash of Steel", "Mind Blast", "HandOfGreed")
def _colorless_attack(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    if c.cid == "Dramatic Entrance":
        cb.hit_all(c)
        return
    base = len(cb.draw_pile) if c.cid == "Mind Blast" else None
    alive_before = t is not None and not t.gone
    cb.hit(t, c, base=base)
    if c.cid == "Flash of Steel":
        cb.draw(1)
    elif c.cid == "HandOfGreed" and alive_before and t is not None and t.gone and not t.minion:
        cb.g.gain_gold(c.mag)


@effect("Enlightenment")
def _enlightenment(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    for h in cb.hand:
        if h.cost_turn > 1:
            h.cost_turn = 1
            if c.upgrades:
                h.cost = min(h.cost, 1)


@effect("Finesse", "Good Instincts", "PanicButton")
def _colorless_block(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.gain_block(c.blk)
    if c.cid == "Finesse":
        cb.draw(1)
    elif c.cid == "PanicButton":
        cb.apply(cb.player, "No Block", c.mag)


@effect("Impatience")
def _impatience(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    if not any(h.type == ATTACK for h in cb.hand):
        cb.draw(c.mag)


@effect("Jack Of All Trades")
def _jack(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    pool = COLORLESS_POOL["UNCOMMON"] + COLORLESS_POOL["RARE"]
    for _ in range(c.mag):
        cb.add_to_hand(Card(pool[cb.g.rng.misc.randrange(len(pool))].id))


@effect("Madness")
def _madness(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    ok = [h for h in cb.hand if h.cost > 0 or h.cost_turn > 0]
    if ok:
        h = ok[cb.g.rng.misc.randrange(len(ok))]
        h.cost = h.cost_turn = 0


@effect("Panacea")
def _panacea(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.apply(cb.player, "Artifact", c.mag)


@effect("Purity")
def _purity(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    if cb.hand:
        cb.select_hand("exhaust", min(c.mag, len(cb.hand)), list(cb.hand))
        if cb.pending is not None:
            cb.pending["any"] = True


@effect("Apotheosis")
def _apotheosis(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    for pile in (cb.hand, cb.draw_pile, cb.discard, cb.exhaust):
        for k in pile:
            k.upgrade()


@effect("Chrysalis", "Metamorphosis")
def _chrysalis(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    want = SKILL if c.cid == "Chrysalis" else ATTACK
    pool = [d.id for r in ("COMMON", "UNCOMMON", "RARE") for d in RED_POOL[r] if d.type == want]
    for _ in range(c.mag):
        new = Card(pool[cb.g.rng.misc.randrange(len(pool))])
        new.cost = new.cost_turn = 0 if new.cost >= 0 else new.cost
        cb.draw_pile.insert(cb.g.rng.misc.randrange(len(cb.draw_pile) + 1), new)


@effect("Master of Strategy")
def _mos(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.draw(c.mag)


@effect("Panache", "Sadistic Nature")
def _colorless_power(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.apply(cb.player, c.cid, c.mag)


@effect("Secret Technique", "Secret Weapon")
def _secret(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    want = SKILL if c.cid == "Secret Technique" else ATTACK
    ok = [k for k in cb.draw_pile if k.type == want]
    if ok:
        cb.select_grid("draw_to_hand", 1, ok)


@effect("The Bomb")
def _bomb(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    pid = f"TheBomb{cb.bombs_played}"  # one power per copy, as the game's TheBombPower ids go
    cb.bombs_played += 1
    cb.bombs[pid] = c.mag
    cb.player.powers[pid] = 3  # turns left


@effect("Thinking Ahead")
def _thinking(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    cb.draw(c.mag)
    if cb.hand:
        cb.select_hand("to_draw_top", 1, list(cb.hand))


@effect("Violence")
def _violence(cb: Combat, c: Card, t: Monster | None, x: int) -> None:
    for _ in range(c.mag):
        ok = [k for k in cb.draw_pile if k.type == ATTACK]
        if not ok or len(cb.hand) >= 10:
            return
        k = ok[cb.g.rng.misc.randrange(len(ok))]
        cb.draw_pile.remove(k)
        cb.add_to_hand(k)
