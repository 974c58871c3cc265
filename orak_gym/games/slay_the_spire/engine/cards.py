"""Ironclad, status and curse cards: the game's numbers as a table, and :class:`Card`, one card in play.

Each row is the card as the wiki documents it: cost (and upgraded cost), target,
base damage / block / magic number and what an upgrade adds, and keywords.
What each card does when played is in :mod:`.effects`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

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
