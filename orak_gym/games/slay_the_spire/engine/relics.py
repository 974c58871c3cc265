"""Relics reachable in act 1 as Ironclad: id, tier and (for the run-level ones) what picking
them up does. In-combat effects are hooks in ``combat.py``; rest/shop/reward effects in
``game.py``. Relics listed in ``MISSING_RELICS`` are never offered (see the package docstring).
"""

from __future__ import annotations

STARTER = ["Burning Blood"]

COMMON = [
    "Akabeko",
    "Anchor",
    "Ancient Tea Set",
    "Art of War",
    "Bag of Marbles",
    "Bag of Preparation",
    "Blood Vial",
    "Bronze Scales",
    "Centennial Puzzle",
    "Ceramic Fish",
    "Dream Catcher",
    "Happy Flower",
    "Juzu Bracelet",
    "Lantern",
    "Maw Bank",
    "Meal Ticket",
    "Nunchaku",
    "Oddly Smooth Stone",
    "Omamori",
    "Orichalcum",
    "Pen Nib",
    "Potion Belt",
    "Preserved Insect",
    "Regal Pillow",
    "Smiling Mask",
    "Strawberry",
    "The Boot",
    "Tiny Chest",
    "Toy Ornithopter",
    "Vajra",
    "War Paint",
    "Whetstone",
    "Red Skull",
]
UNCOMMON = [
    "Blue Candle",
    "Bottled Flame",
    "Bottled Lightning",
    "Darkstone Periapt",
    "Eternal Feather",
    "Frozen Egg 2",
    "Gremlin Horn",
    "Horn Cleat",
    "Ink Bottle",
    "Kunai",
    "Letter Opener",
    "Meat on the Bone",
    "Mercury Hourglass",
    "Molten Egg 2",
    "Mummified Hand",
    "Ornamental Fan",
    "Pantograph",
    "Pear",
    "Question Card",
    "Shuriken",
    "Singing Bowl",
    "StrikeDummy",
    "Sundial",
    "Toxic Egg 2",
    "White Beast Statue",
    "Paper Frog",
    "Self Forming Clay",
]
RARE = [
    "Bird Faced Urn",
    "Calipers",
    "CaptainsWheel",
    "Dead Branch",
    "Du-Vu Doll",
    "Ginger",
    "Girya",
    "Ice Cream",
    "Lizard Tail",
    "Mango",
    "Old Coin",
    "Peace Pipe",
    "Shovel",
    "StoneCalendar",
    "Thread and Needle",
    "Torii",
    "TungstenRod",
    "Turnip",
    "Champion Belt",
    "Charon's Ashes",
    "Magic Flower",
]
SHOP = [
    "Chemical X",
    "Medical Kit",
    "Membership Card",
    "Brimstone",
    "Lee's Waffle",
    "Sling",
    "The Abacus",
]
BOSS = [
    "Black Blood",
    "Busted Crown",
    "Coffee Dripper",
    "Cursed Key",
    "Ectoplasm",
    "Fusion Hammer",
    "Mark of Pain",
    "Philosopher's Stone",
    "Runic Dome",
    "Runic Pyramid",
    "Sozu",
    "Velvet Choker",
    "Black Star",
    "Tiny House",
    "Pandora's Box",
    "Empty Cage",
    "Astrolabe",
]

# id -> display name where they differ (the game's ids keep some old spellings)
NAMES = {
    "Frozen Egg 2": "Frozen Egg",
    "Molten Egg 2": "Molten Egg",
    "Toxic Egg 2": "Toxic Egg",
    "StrikeDummy": "Strike Dummy",
    "Paper Frog": "Paper Phrog",
    "Self Forming Clay": "Self-Forming Clay",
    "Bird Faced Urn": "Bird-Faced Urn",
    "CaptainsWheel": "Captain's Wheel",
    "StoneCalendar": "Stone Calendar",
    "TungstenRod": "Tungsten Rod",
    "Sling": "Sling of Courage",
}
BY_NAME = {NAMES.get(r, r): r for r in STARTER + COMMON + UNCOMMON + RARE + SHOP + BOSS}

TIERS = {"COMMON": COMMON, "UNCOMMON": UNCOMMON, "RARE": RARE, "SHOP": SHOP, "BOSS": BOSS}
PRICES = {"COMMON": 150, "UNCOMMON": 250, "RARE": 300, "SHOP": 150}

MISSING_RELICS = [
    "Bottled Tornado (no Silent/Defect cards)",
    "Matryoshka",
    "The Courier",
    "Frozen Eye",
    "Gambling Chip",
    "Fossilized Helix",
    "Incense Burner",
    "Pocketwatch",
    "Prayer Wheel",
    "Unceasing Top",
    "Wing Boots",
    "Tiny House (only the HP/gold part)",
    "Cauldron",
    "Clockwork Souvenir",
    "Dolly's Mirror",
    "Hand Drill",
    "Orange Pellets",
    "Prismatic Shard",
    "Snecko Eye",
    "Runic Cube",
    "Slaver's Collar",
    "Sacred Bark",
    "Calling Bell",
    "Orrery",
    "Toolbox",
    "Strange Spoon",
]


def name(rid: str) -> str:
    return NAMES.get(rid, rid)


NAMES.update({"NeowsBlessing": "Neow's Lament", "Circlet": "Circlet"})
for _extra in ("Odd Mushroom", "Golden Idol", "Circlet", "NeowsBlessing"):
    BY_NAME[NAMES.get(_extra, _extra)] = _extra
