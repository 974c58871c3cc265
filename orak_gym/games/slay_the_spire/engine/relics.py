"""Relics reachable in act 1 as Ironclad: id, tier and (for the run-level ones) what picking
them up does. In-combat effects are hooks in ``combat.py``, ``card_play.py`` and ``turns.py``;
rest, shop and reward effects in ``game.py``, ``rooms.py`` and ``screens.py``. Relics listed in
``MISSING_RELICS`` are never offered (see the package docstring).
"""

from __future__ import annotations

# relics whose counter starts again at 0 every turn (their ``atTurnStart``); Nunchaku, Pen Nib, Ink Bottle keep theirs
PER_TURN_RELICS = ("Kunai", "Shuriken", "Ornamental Fan", "Letter Opener")

STARTER = ["Burning Blood"]

COMMON = [
    "Akabeko", "Anchor", "Ancient Tea Set", "Art of War", "Bag of Marbles", "Bag of Preparation",
    "Blood Vial", "Bronze Scales", "Centennial Puzzle", "Ceramic Fish", "Dream Catcher",
    "Happy Flower", "Juzu Bracelet", "Lantern", "Maw Bank", "Meal Ticket", "Nunchaku",
    "Oddly Smooth Stone", "Omamori", "Orichalcum", "Pen Nib", "Potion Belt", "Preserved Insect",
    "Regal Pillow", "Smiling Mask", "Strawberry", "The Boot", "Tiny Chest", "Toy Ornithopter",
    "Vajra", "War Paint", "Whetstone", "Red Skull",
]  # fmt: skip
UNCOMMON = [
    "Blue Candle", "Bottled Flame", "Bottled Lightning", "Bottled Tornado", "Darkstone Periapt",
    "Eternal Feather", "Frozen Egg 2", "Gremlin Horn", "Horn Cleat", "Ink Bottle", "Kunai",
    "Letter Opener", "Matryoshka", "Meat on the Bone", "Mercury Hourglass", "Molten Egg 2",
    "Mummified Hand", "Ornamental Fan", "Pantograph", "Pear", "Question Card", "Shuriken",
    "Singing Bowl", "StrikeDummy", "Sundial", "The Courier", "Toxic Egg 2", "White Beast Statue",
    "Paper Frog", "Self Forming Clay",
]  # fmt: skip
RARE = [
    "Bird Faced Urn", "Calipers", "CaptainsWheel", "Dead Branch", "Du-Vu Doll", "Fossilized Helix",
    "Gambling Chip", "Ginger", "Girya", "Ice Cream", "Incense Burner", "Lizard Tail", "Mango",
    "Old Coin", "Peace Pipe", "Pocketwatch", "Prayer Wheel", "Shovel", "StoneCalendar",
    "Thread and Needle", "Torii", "TungstenRod", "Turnip", "Unceasing Top", "WingedGreaves",
    "Champion Belt", "Charon's Ashes", "Magic Flower",
]  # fmt: skip
SHOP = [
    "Cauldron", "Chemical X", "Clockwork Souvenir", "Dolly's Mirror", "Frozen Eye", "HandDrill",
    "Lee's Waffle", "Medical Kit", "Membership Card", "OrangePellets", "Orrery", "Sling",
    "Strange Spoon", "The Abacus", "Brimstone", "Toolbox",
]  # fmt: skip
BOSS = [
    "Astrolabe", "Black Blood", "Black Star", "Busted Crown", "Calling Bell", "Coffee Dripper",
    "Cursed Key", "Ectoplasm", "Empty Cage", "Fusion Hammer", "Mark of Pain", "Pandora's Box",
    "Philosopher's Stone", "Runic Cube", "Runic Dome", "Runic Pyramid", "Sacred Bark",
    "SlaversCollar", "Snecko Eye", "Sozu", "Tiny House", "Velvet Choker",
]  # fmt: skip

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
    "WingedGreaves": "Wing Boots",
    "HandDrill": "Hand Drill",
    "OrangePellets": "Orange Pellets",
    "SlaversCollar": "Slaver's Collar",
}
BY_NAME = {NAMES.get(r, r): r for r in STARTER + COMMON + UNCOMMON + RARE + SHOP + BOSS}

TIERS = {"COMMON": COMMON, "UNCOMMON": UNCOMMON, "RARE": RARE, "SHOP": SHOP, "BOSS": BOSS}
PRICES = {"COMMON": 150, "UNCOMMON": 250, "RARE": 300, "SHOP": 150}

MISSING_RELICS: list[str] = [
    "Prismatic Shard (other characters' cards)",
]


def name(rid: str) -> str:
    return NAMES.get(rid, rid)


NAMES.update({
    "NeowsBlessing": "Neow's Lament", "Circlet": "Circlet", "WarpedTongs": "Warped Tongs",
    "CultistMask": "Cultist Headpiece", "FaceOfCleric": "Face Of Cleric", "GremlinMask": "Gremlin Visage",
    "NlothsMask": "N'loth's Hungry Face", "SsserpentHead": "Ssserpent Head",
})  # fmt: skip
EVENT_RELICS = (
    "Odd Mushroom",
    "Golden Idol",
    "Circlet",
    "NeowsBlessing",
    "WarpedTongs",
    "CultistMask",
    "FaceOfCleric",
    "GremlinMask",
    "NlothsMask",
    "SsserpentHead",
    "Spirit Poop",
)
for _extra in EVENT_RELICS:
    BY_NAME[NAMES.get(_extra, _extra)] = _extra
