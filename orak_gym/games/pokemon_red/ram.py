"""Work-RAM addresses of Pokémon Red and the decoders that read them.

Addresses are the pret/pokered symbols (``pokered.sym``); PyBoy's ``pokemon_gen1`` wrapper and
the public RL projects use the same.  Every decoder takes a RAM image: the 8 KiB of work RAM
C000-DFFF as bytes or a uint8 array (``Ram``), so tests can build images from this layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from orak_gym.games.pokemon_red.text import decode_string

WRAM_START = 0xC000
WRAM_SIZE = 0x2000

# --- screen and menus
TILE_MAP = 0xC3A0  # wTileMap: 20x18 tile ids
SPRITE_STATE_1 = 0xC100  # wSpriteStateData1: 16 sprites x 16 bytes (picture, movement, y/x pixels, facing ...)
SPRITE_STATE_2 = 0xC200  # wSpriteStateData2: 16 x 16 (+4 map y at 4, +4 map x at 5, ...)
TOP_MENU_ITEM_Y = 0xCC24  # wTopMenuItemY
TOP_MENU_ITEM_X = 0xCC25  # wTopMenuItemX
CURRENT_MENU_ITEM = 0xCC26  # wCurrentMenuItem
MAX_MENU_ITEM = 0xCC28  # wMaxMenuItem
JOY_IGNORE = 0xCD6B  # wJoyIgnore: buttons the game currently ignores (scripted movement)
# --- battle
IS_IN_BATTLE = 0xD057  # wIsInBattle: 0 none, 1 wild, 2 trainer, 0xFF lost
BATTLE_TYPE = 0xD05A  # wBattleType
PLAYER_MON_NUMBER = 0xCC2F  # wPlayerMonNumber: the party slot of the Pokémon in battle
ENEMY_MON = 0xCFE5  # wEnemyMon: species; HP CFE6 (2, big-endian); status CFE9; level CFF3; max HP CFF4
ENEMY_HP = 0xCFE6
ENEMY_STATUS = 0xCFE9
ENEMY_TYPES = 0xCFEA
ENEMY_LEVEL = 0xCFF3
ENEMY_MAX_HP = 0xCFF4
ENEMY_NICK = 0xCFDA  # wEnemyMonNick
# --- player
PLAYER_NAME = 0xD158  # wPlayerName (11 bytes)
PARTY_COUNT = 0xD163  # wPartyCount
PARTY_SPECIES = 0xD164  # wPartySpecies (6 + terminator)
PARTY_MONS = 0xD16B  # wPartyMons: 6 x 44 bytes
PARTY_MON_SIZE = 44
PARTY_NICKS = 0xD2B5  # wPartyMonNicks: 6 x 11 bytes
NAME_LENGTH = 11
BAG_COUNT = 0xD31D  # wNumBagItems
BAG_ITEMS = 0xD31E  # wBagItems: (item, quantity) pairs, 0xFF-ended
MONEY = 0xD347  # wPlayerMoney: 3 bytes BCD
RIVAL_NAME = 0xD34A  # wRivalName
BADGES = 0xD356  # wObtainedBadges: bit 0 Boulder ... bit 7 Earth
CUR_MAP = 0xD35E  # wCurMap
Y_COORD = 0xD361  # wYCoord (squares)
X_COORD = 0xD362  # wXCoord
LAST_MAP = 0xD365  # wLastMap
CUR_MAP_HEIGHT = 0xD368  # in blocks
CUR_MAP_WIDTH = 0xD369
EVENT_FLAGS = 0xD747  # wEventFlags, 320 bytes
# party mon struct offsets (``party_struct``)
MON_HP, MON_STATUS, MON_TYPE1, MON_TYPE2, MON_MOVES, MON_PP, MON_LEVEL, MON_MAX_HP = 1, 4, 5, 6, 8, 29, 33, 34

BADGE_NAMES = ("Boulder", "Cascade", "Thunder", "Rainbow", "Soul", "Marsh", "Volcano", "Earth")
FACING = {0x00: "down", 0x04: "up", 0x08: "left", 0x0C: "right"}  # wSpritePlayerStateData1FacingDirection (C109)

# --- milestone facts: (event flag byte, bit) from constants/event_constants.asm (index // 8, index % 8)
EVENT_FOLLOWED_OAK_INTO_LAB = (0xD747, 0)
EVENT_GOT_TOWN_MAP = (0xD74A, 0)
EVENT_GOT_STARTER = (0xD74B, 2)
EVENT_BATTLED_RIVAL_IN_OAKS_LAB = (0xD74B, 3)
EVENT_OAK_APPEARED_IN_PALLET = (0xD74B, 7)
EVENT_OAK_GOT_PARCEL = (0xD74E, 0)
EVENT_GOT_OAKS_PARCEL = (0xD74E, 1)
EVENT_BEAT_BROCK = (0xD755, 7)

ITEM_MASTER_BALL, ITEM_ULTRA_BALL, ITEM_GREAT_BALL, ITEM_POKE_BALL = 0x01, 0x02, 0x03, 0x04
BALLS = frozenset({ITEM_MASTER_BALL, ITEM_ULTRA_BALL, ITEM_GREAT_BALL, ITEM_POKE_BALL})
ITEM_TOWN_MAP = 0x05
ITEM_OAKS_PARCEL = 0x46
STATUS_NAMES = ((0x40, "PAR"), (0x20, "FRZ"), (0x10, "BRN"), (0x08, "PSN"))  # bits 0-2: sleep counter

Ram = bytes | bytearray | np.ndarray

#: The work-RAM spans the decoders read (start, length): reading only these is ~4x cheaper than
#: the whole 8 KiB through PyBoy's memory view, and every other byte of the image stays zero.
DECODED_REGIONS: tuple[tuple[int, int], ...] = (
    (SPRITE_STATE_1, 0x200),  # both sprite tables
    (TILE_MAP, 20 * 18),
    (TOP_MENU_ITEM_Y, 0x14),  # menu cursor .. list scroll offset (CC36)
    (JOY_IGNORE, 1),
    (0xCFC5, 1),  # wWalkCounter
    (ENEMY_NICK, 0x26),  # enemy nickname and battle struct
    (0xD009, NAME_LENGTH),  # wBattleMonNick
    (IS_IN_BATTLE, 4),
    (PLAYER_NAME, CUR_MAP_WIDTH + 1 - PLAYER_NAME),  # names, party, bag, money, badges, map
    (EVENT_FLAGS, 320),
)


def blank_ram() -> bytearray:
    """An all-zero RAM image (tests fill it from the documented layout)."""
    return bytearray(WRAM_SIZE)


def u8(ram: Ram, address: int) -> int:
    return int(ram[address - WRAM_START])


def u16be(ram: Ram, address: int) -> int:
    return u8(ram, address) << 8 | u8(ram, address + 1)


def span(ram: Ram, address: int, length: int) -> bytes:
    i = address - WRAM_START
    return bytes(ram[i : i + length])


def flag(ram: Ram, where: tuple[int, int]) -> bool:
    address, bit = where
    return bool(u8(ram, address) >> bit & 1)


def bcd(data: Sequence[int]) -> int:
    value = 0
    for byte in data:
        value = value * 100 + (byte >> 4) * 10 + (byte & 0x0F)
    return value


def status_text(status: int) -> str:
    if status & 0x07:
        return "SLP"
    for bit, name in STATUS_NAMES:
        if status & bit:
            return name
    return "Normal"


def tilemap(ram: Ram) -> bytes:
    return span(ram, TILE_MAP, 20 * 18)


def money(ram: Ram) -> int:
    return bcd(span(ram, MONEY, 3))


def badges(ram: Ram) -> list[str]:
    value = u8(ram, BADGES)
    return [name for bit, name in enumerate(BADGE_NAMES) if value >> bit & 1]


def bag(ram: Ram) -> list[tuple[int, int]]:
    """(item id, quantity) pairs; at most 20 (the bag's size), stops at the 0xFF end marker."""
    count = min(u8(ram, BAG_COUNT), 20)
    items = []
    for i in range(count):
        item = u8(ram, BAG_ITEMS + 2 * i)
        if item == 0xFF:
            break
        items.append((item, u8(ram, BAG_ITEMS + 2 * i + 1)))
    return items


def position(ram: Ram) -> tuple[int, int, int]:
    """(map id, x, y) in walking squares."""
    return u8(ram, CUR_MAP), u8(ram, X_COORD), u8(ram, Y_COORD)


def facing(ram: Ram) -> str:
    return FACING.get(u8(ram, SPRITE_STATE_1 + 9) & 0x0C, "down")


def battle_kind(ram: Ram) -> str:
    """ "" out of battle, else "WildBattle" / "TrainerBattle" (wIsInBattle)."""
    value = u8(ram, IS_IN_BATTLE)
    if value == 1:
        return "WildBattle"
    if value == 2:
        return "TrainerBattle"
    return ""


@dataclass(frozen=True)
class Mon:
    """One Pokémon of the party (or the enemy), with ids; names are filled by the state decoder."""

    species: int
    nickname: str
    level: int
    hp: int
    max_hp: int
    status: str
    types: tuple[int, ...]
    moves: tuple[tuple[int, int], ...]  # (move id, pp)


def party(ram: Ram) -> list[Mon]:
    count = min(u8(ram, PARTY_COUNT), 6)
    mons = []
    for i in range(count):
        base = PARTY_MONS + PARTY_MON_SIZE * i
        types = tuple(dict.fromkeys((u8(ram, base + MON_TYPE1), u8(ram, base + MON_TYPE2))))
        moves = tuple(
            (u8(ram, base + MON_MOVES + k), u8(ram, base + MON_PP + k) & 0x3F)
            for k in range(4)
            if u8(ram, base + MON_MOVES + k)
        )
        mons.append(
            Mon(
                # wPartySpecies first: the game writes it before the nickname prompt, the Pokémon's own data after
                species=u8(ram, PARTY_SPECIES + i) or u8(ram, base),
                nickname=decode_string(span(ram, PARTY_NICKS + NAME_LENGTH * i, NAME_LENGTH)),
                level=u8(ram, base + MON_LEVEL),
                hp=u16be(ram, base + MON_HP),
                max_hp=u16be(ram, base + MON_MAX_HP),
                status=status_text(u8(ram, base + MON_STATUS)),
                types=types,
                moves=moves,
            )
        )
    return mons


def enemy(ram: Ram) -> Mon | None:
    if not battle_kind(ram):
        return None
    return Mon(
        species=u8(ram, ENEMY_MON),
        nickname=decode_string(span(ram, ENEMY_NICK, NAME_LENGTH)),
        level=u8(ram, ENEMY_LEVEL),
        hp=u16be(ram, ENEMY_HP),
        max_hp=u16be(ram, ENEMY_MAX_HP),
        status=status_text(u8(ram, ENEMY_STATUS)),
        types=tuple(dict.fromkeys((u8(ram, ENEMY_TYPES), u8(ram, ENEMY_TYPES + 1)))),
        moves=(),
    )


@dataclass(frozen=True)
class Sprite:
    """A person or object on the map (wSpriteStateData1/2 slot 1-15)."""

    slot: int
    picture: int
    x: int  # map squares
    y: int


def sprites(ram: Ram) -> list[Sprite]:
    """Visible NPCs/objects: picture id != 0 and not hidden (image index 0xFF = off screen/hidden).

    wSpriteStateData2 +4/+5 hold the map y/x plus 4."""
    out = []
    for slot in range(1, 16):
        base1 = SPRITE_STATE_1 + 16 * slot
        picture = u8(ram, base1)
        if picture == 0 or u8(ram, base1 + 2) == 0xFF:
            continue
        base2 = SPRITE_STATE_2 + 16 * slot
        out.append(Sprite(slot, picture, u8(ram, base2 + 5) - 4, u8(ram, base2 + 4) - 4))
    return out
