"""Potions (the Ironclad's act-1 pool): id, name, rarity, whether they need a target, and effect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cards import ATTACK, COLORLESS_POOL, POWER, RED_POOL, SKILL

if TYPE_CHECKING:
    from .interface import Fight, Foe, Run


@dataclass(frozen=True, slots=True)
class PotionDef:
    id: str
    name: str
    rarity: str
    target: bool = False
    combat_only: bool = True


_P = [
    ("Block Potion", "Block Potion", "COMMON", False),
    ("Dexterity Potion", "Dexterity Potion", "COMMON", False),
    ("Energy Potion", "Energy Potion", "COMMON", False),
    ("Explosive Potion", "Explosive Potion", "COMMON", False),
    ("FearPotion", "Fear Potion", "COMMON", True),
    ("Fire Potion", "Fire Potion", "COMMON", True),
    ("Strength Potion", "Strength Potion", "COMMON", False),
    ("Swift Potion", "Swift Potion", "COMMON", False),
    ("Weak Potion", "Weak Potion", "COMMON", True),
    ("SteroidPotion", "Flex Potion", "COMMON", False),
    ("SpeedPotion", "Speed Potion", "COMMON", False),
    ("AttackPotion", "Attack Potion", "COMMON", False),
    ("SkillPotion", "Skill Potion", "COMMON", False),
    ("PowerPotion", "Power Potion", "COMMON", False),
    ("BloodPotion", "Blood Potion", "COMMON", False),
    ("Ancient Potion", "Ancient Potion", "UNCOMMON", False),
    ("Regen Potion", "Regen Potion", "UNCOMMON", False),
    ("LiquidBronze", "Liquid Bronze", "UNCOMMON", False),
    ("EssenceOfSteel", "Essence of Steel", "UNCOMMON", False),
    ("DuplicationPotion", "Duplication Potion", "UNCOMMON", False),
    ("BlessingOfTheForge", "Blessing of the Forge", "UNCOMMON", False),
    ("ElixirPotion", "Elixir", "UNCOMMON", False),
    ("CultistPotion", "Cultist Potion", "RARE", False),
    ("Fruit Juice", "Fruit Juice", "RARE", False),
    ("FairyPotion", "Fairy in a Bottle", "RARE", False),
    ("HeartOfIron", "Heart of Iron", "RARE", False),
    ("GamblersBrew", "Gambler's Brew", "UNCOMMON", False),
    ("DistilledChaos", "Distilled Chaos", "UNCOMMON", False),
    ("LiquidMemories", "Liquid Memories", "UNCOMMON", False),
    ("SneckoOil", "Snecko Oil", "RARE", False),
    ("SmokeBomb", "Smoke Bomb", "RARE", False),
    ("EntropicBrew", "Entropic Brew", "RARE", False),
    ("ColorlessPotion", "Colorless Potion", "COMMON", False),
]
POTIONS = {p[0]: PotionDef(p[0], p[1], p[2], p[3], p[0] not in ("BloodPotion", "Fruit Juice")) for p in _P}
BY_RARITY = {r: [p.id for p in POTIONS.values() if p.rarity == r] for r in ("COMMON", "UNCOMMON", "RARE")}
PRICES = {"COMMON": 50, "UNCOMMON": 75, "RARE": 100}
MISSING_POTIONS: list[str] = [  # Ironclad-pool potions not implemented (never offered)
]


def random_potion(r) -> str:
    roll = r.randrange(100)
    rarity = "COMMON" if roll < 65 else "UNCOMMON" if roll < 90 else "RARE"
    pool = BY_RARITY[rarity]
    return pool[r.randrange(len(pool))]


def can_use(g: Run, pid: str) -> bool:
    d = POTIONS[pid]
    if pid == "FairyPotion" or g.is_over:
        return False
    if pid == "SmokeBomb" and g.combat is not None and g.combat.kind == "boss":
        return False
    if d.combat_only:
        cb = g.combat
        return cb is not None and not cb.over and cb.pending is None and g.screen == "NONE"
    return True


def use(g: Run, pid: str, t: Foe | None) -> None:
    """Apply a potion's effect; Sacred Bark doubles the numbers (the game's potency)."""
    k = 2 if g.has("Sacred Bark") else 1
    cb: Fight | None = g.combat
    if pid == "BloodPotion":
        g.heal(int(g.player.max_hp * 0.2 * k))
        return
    if pid == "Fruit Juice":
        g.gain_max_hp(5 * k)
        return
    assert cb is not None
    p = cb.player
    if pid == "Block Potion":
        cb.gain_block(12 * k, raw=True)
    elif pid == "Dexterity Potion":
        cb.apply(p, "Dexterity", 2 * k)
    elif pid == "Energy Potion":
        cb.energy += 2 * k
    elif pid == "Explosive Potion":
        for m in cb.alive():
            cb.damage(m, 10 * k, None)
    elif pid == "FearPotion":
        cb.apply(t, "Vulnerable", 3 * k)
    elif pid == "Fire Potion":
        cb.damage(t, 20 * k, None)
    elif pid == "Strength Potion":
        cb.apply(p, "Strength", 2 * k)
    elif pid == "Swift Potion":
        cb.draw(3 * k)
    elif pid == "Weak Potion":
        cb.apply(t, "Weakened", 3 * k)
    elif pid == "SteroidPotion":
        cb.apply(p, "Strength", 5 * k)
        cb.apply(p, "Flex", 5 * k)
    elif pid == "SpeedPotion":
        cb.apply(p, "Dexterity", 5 * k)
        cb.apply(p, "Dexterity Down", 5 * k)
    elif pid == "ColorlessPotion":
        pool = [c.id for r in ("UNCOMMON", "RARE") for c in COLORLESS_POOL[r]]
        picks3: list[str] = []
        while len(picks3) < 3:
            c = pool[g.rng.misc.randrange(len(pool))]
            if c not in picks3:
                picks3.append(c)
        g.open_potion_choice(picks3, copies=k)
    elif pid in ("AttackPotion", "SkillPotion", "PowerPotion"):
        want = {"AttackPotion": ATTACK, "SkillPotion": SKILL, "PowerPotion": POWER}[pid]
        pool = [c.id for r in ("COMMON", "UNCOMMON", "RARE") for c in RED_POOL[r] if c.type == want]
        picks: list[str] = []
        while len(picks) < 3:
            c = pool[g.rng.misc.randrange(len(pool))]
            if c not in picks:
                picks.append(c)
        g.open_potion_choice(picks, copies=k)
    elif pid == "Ancient Potion":
        cb.apply(p, "Artifact", 1 * k)
    elif pid == "Regen Potion":
        cb.apply(p, "Regeneration", 5 * k)
    elif pid == "LiquidBronze":
        cb.apply(p, "Thorns", 3 * k)
    elif pid == "EssenceOfSteel":
        cb.apply(p, "Plated Armor", 4 * k)
    elif pid == "DuplicationPotion":
        cb.apply(p, "Duplication", 1 * k)
    elif pid == "BlessingOfTheForge":
        for c in cb.hand:
            c.upgrade()
    elif pid == "ElixirPotion":
        if cb.hand:
            cb.pending = {
                "kind": "HAND_SELECT",
                "purpose": "exhaust",
                "num": len(cb.hand),
                "cards": list(cb.hand),
                "selected": [],
                "arg": 0,
                "any": True,
            }
    elif pid == "CultistPotion":
        cb.apply(p, "Ritual", 1 * k)
    elif pid == "HeartOfIron":
        cb.apply(p, "Metallicize", 6 * k)
    elif pid == "GamblersBrew":
        if cb.hand:
            cb.pending = {
                "kind": "HAND_SELECT",
                "purpose": "gamble",
                "num": len(cb.hand),
                "cards": list(cb.hand),
                "selected": [],
                "arg": 0,
                "any": True,
            }
    elif pid == "DistilledChaos":
        for _ in range(3 * k):
            if cb.over or cb.pending is not None or g.screen != "NONE":
                break
            if not cb.draw_pile and cb.discard:
                cb.reshuffle()
            if cb.draw_pile:
                cb.play_free(cb.draw_pile.pop())
    elif pid == "LiquidMemories":
        if cb.discard:
            cb.select_grid("memories", k, list(cb.discard))
    elif pid == "SneckoOil":
        cb.draw(5 * k)
        for c in cb.hand:
            if c.cost >= 0:
                c.cost_turn = g.rng.misc.randrange(4)
    elif pid == "SmokeBomb":
        g.escape_combat()
    elif pid == "EntropicBrew" and not g.has("Sozu"):
        for i, slot in enumerate(g.potions):
            if slot is None:
                g.potions[i] = random_potion(g.rng.potion)
