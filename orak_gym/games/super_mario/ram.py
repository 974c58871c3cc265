"""Super Mario Bros RAM map and decoder: 2 KiB of NES RAM -> :class:`MarioState`.

Addresses follow the community disassembly of the game (SMBDIS) and the RAM maps used by
gym-super-mario-bros.  The level's geometry is read from the metatile *block buffer*
(0x0500-0x069F): a ring of 32 columns x 13 rows of 16x16 tiles; level column ``c`` lives in
page ``(c // 16) % 2`` at column ``c % 16``, and row ``r`` starts at NES screen row ``32 + 16 r``.
Enemies come from the five enemy slots, the mushroom from the power-up slot (slot 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import numpy as np

from orak_gym.games.super_mario.state import POWER_UPS, MarioState

# --- player and game addresses ------------------------------------------------------------
PLAYER_STATE = 0x000E  # 0x06 dead, 0x0B dying, 0x08 normal play
PLAYER_FLOAT = 0x001D  # 0 on ground, 1 jumping, 2 falling, 3 sliding down the flagpole
PLAYER_PAGE, PLAYER_X = 0x006D, 0x0086
PLAYER_X_SPEED, PLAYER_Y_SPEED = 0x0057, 0x009F
PLAYER_Y_HIGH, PLAYER_Y = 0x00B5, 0x00CE  # high byte 1 = on screen, >1 = below it (in a pit)
SCREEN_PAGE, SCREEN_X = 0x071A, 0x071C  # level x of the screen's left edge
POWER_UP = 0x0756  # 0 small, 1 big, 2 fire
LIVES, WORLD, STAGE = 0x075A, 0x075F, 0x075C
COINS = 0x075E
OPER_MODE = 0x0770  # 2: victory (end of the game)
TIME_DIGITS = slice(0x07F8, 0x07FB)
SCORE_DIGITS = slice(0x07DD, 0x07E3)
AREA_DATA_LO, AREA_DATA_HI = 0x00E7, 0x00E8  # pointer into PRG-ROM to the level's object data

# --- enemy slots (0-4) and the power-up slot (5) ------------------------------------------
ENEMY_FLAG, ENEMY_ID, ENEMY_STATE = 0x000F, 0x0016, 0x001E
ENEMY_PAGE, ENEMY_X, ENEMY_Y_HIGH, ENEMY_Y = 0x006E, 0x0087, 0x00B6, 0x00CF
POWER_UP_TYPE = 0x0039  # object in slot 5: 0 mushroom, 1 fire flower, 2 star, 3 1-up mushroom
POWER_UP_OBJECT = 0x2E

GOOMBA = 0x06
KOOPAS = {0x00, 0x01, 0x03, 0x04, 0x0E, 0x0F, 0x10}
ENEMY_NAMES = {
    0x02: "Buzzy Beetle",
    0x05: "Hammer Bro",
    0x07: "Blooper",
    0x08: "Bullet Bill",
    0x0A: "Cheep Cheep",
    0x0B: "Cheep Cheep",
    0x0C: "Podoboo",
    0x0D: "Piranha Plant",
    0x11: "Lakitu",
    0x12: "Spiny",
    0x14: "Cheep Cheep",
    0x15: "Bowser Fire",
    0x1B: "Fire Bar (pivot)",
    0x1C: "Fire Bar (pivot)",
    0x1D: "Fire Bar (pivot)",
    0x1E: "Fire Bar (pivot)",
    0x1F: "Fire Bar (pivot)",
    0x2D: "Bowser",
}
PLATFORMS = frozenset(range(0x24, 0x2D))  # lifts and balance platforms, carried in enemy slots
ITEM_NAMES = {1: "Fire Flower", 2: "Star"}
ENEMY_KILLED_BIT = 0x20  # Enemy_State bit: knocked out and falling off the screen

# --- block buffer metatiles -----------------------------------------------------------------
BLOCK_BUFFER = 0x0500
BRICKS = frozenset({0x51, 0x52, 0x53, *range(0x55, 0x5F)})
QUESTION_BLOCKS = frozenset({0xC0, 0xC1})
USED_BLOCKS = frozenset({0xC4})
STAIR_BLOCKS = frozenset({0x61, 0x62, 0x69})
PIPE_TOPS = frozenset({0x10, 0x12, 0x6B})  # left half of a pipe's top; the right half is next to it
PIPE_BODY = frozenset({0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x6B, 0x6C})
FLAG_BALL = 0x24
AXE = 0xC5
GROUND_ROW = 11  # tiles in row 11 start at NES row 208: the ground surface (y = 32 in Orak's units)


def _tile_y(row: int) -> int:
    """Orak y (up from the bottom of the 240-row screen) of the top of block-buffer row ``row``."""
    return 240 - (32 + 16 * row)


def block_window(ram: np.ndarray, screen_left: int) -> tuple[np.ndarray, int]:
    """The block buffer columns on screen (13 x 17 array) and the level column of the first one."""
    buf = ram[BLOCK_BUFFER : BLOCK_BUFFER + 416].reshape(2, 13, 16)
    ring = np.concatenate((buf[0], buf[1]), axis=1)  # 13 x 32: index = level column % 32
    first = screen_left // 16
    cols = (np.arange(first, first + 17)) % 32
    return ring[:, cols], first


def bcd(digits: np.ndarray) -> int:
    """Decimal value of one-digit-per-byte counters (score, time)."""
    value = 0
    for d in digits.tolist():
        value = value * 10 + (d & 0x0F)
    return value


def decode(
    ram: np.ndarray,
    flag_x: int | None = None,
    previous_action: str | None = None,
    history: list[tuple[int, int]] | None = None,
) -> MarioState:
    """Decodes one RAM snapshot (the first 2 KiB are the NES work RAM)."""
    r = ram[:0x800].tolist()  # plain ints: faster than numpy scalars for a few dozen reads
    screen_left = r[SCREEN_PAGE] * 256 + r[SCREEN_X]
    level_x = r[PLAYER_PAGE] * 256 + r[PLAYER_X]
    power = r[POWER_UP] if r[POWER_UP] < 3 else 0
    mario = _mario_point(r, screen_left, level_x, power)

    tiles, first_col = block_window(ram, screen_left)
    objects: dict[str, list[tuple[int, ...]]] = {
        "bricks": [],
        "question_blocks": [],
        "inactivated_blocks": [],
        "goombas": [],
        "koopas": [],
        "pits": [],
        "pipes": [],
        "mushrooms": [],
        "stairs": [],
        "flag": [],
    }
    nz_rows, nz_cols = np.nonzero(tiles)
    for row, col in zip(nz_rows.tolist(), nz_cols.tolist(), strict=True):
        tile = int(tiles[row, col])
        x, y = (first_col + col) * 16 - screen_left, _tile_y(row)
        if x <= -16 or x >= 256:
            continue
        if tile in BRICKS:
            objects["bricks"].append((x, y))
        elif tile in QUESTION_BLOCKS:
            objects["question_blocks"].append((x, y))
        elif tile in USED_BLOCKS:
            objects["inactivated_blocks"].append((x, y))
        elif tile in STAIR_BLOCKS:
            objects["stairs"].append((x, y))
        elif tile in PIPE_TOPS and (row == 0 or tiles[row - 1, col] not in PIPE_BODY):
            objects["pipes"].append((x, y, y - 32))
        elif tile == FLAG_BALL or (tile == AXE and not objects["flag"]):
            objects["flag"].append((x, y))
    for items in objects.values():
        items.sort()  # left to right, then bottom to top: the order a player reads the screen
    objects["pits"] = _pits(tiles, first_col, screen_left)

    other_enemies: list[tuple[str, int, int]] = []
    platforms: list[tuple[int, int]] = []
    for slot in range(5):
        if not r[ENEMY_FLAG + slot] or r[ENEMY_STATE + slot] & ENEMY_KILLED_BIT:
            continue
        kind = r[ENEMY_ID + slot]
        ex = r[ENEMY_PAGE + slot] * 256 + r[ENEMY_X + slot] - screen_left
        ey_full = (r[ENEMY_Y_HIGH + slot] - 1) * 256 + r[ENEMY_Y + slot]
        if ex <= -16 or ex >= 256 or r[ENEMY_Y_HIGH + slot] != 1:
            continue
        if kind == GOOMBA:
            objects["goombas"].append((ex, 240 - (ey_full + 8)))
        elif kind in KOOPAS:
            objects["koopas"].append((ex, 240 - ey_full))
        elif kind in ENEMY_NAMES:
            other_enemies.append((ENEMY_NAMES[kind], ex, 240 - (ey_full + 8)))
        elif kind in PLATFORMS:
            platforms.append((ex, 240 - ey_full))

    other_items: list[tuple[str, int, int]] = []
    if r[ENEMY_FLAG + 5] and r[ENEMY_ID + 5] == POWER_UP_OBJECT and r[ENEMY_Y_HIGH + 5] == 1:
        ix = r[ENEMY_PAGE + 5] * 256 + r[ENEMY_X + 5] - screen_left
        iy = 240 - (r[ENEMY_Y + 5] + 8)
        kind = r[POWER_UP_TYPE]
        if kind in (0, 3):
            objects["mushrooms"].append((ix, iy))
        else:
            other_items.append((ITEM_NAMES.get(kind, "Item"), ix, iy))

    float_state = r[PLAYER_FLOAT]
    return MarioState(
        mario=mario,
        objects=objects,
        level_x=level_x,
        screen_left=screen_left,
        velocity=(_signed(r[PLAYER_X_SPEED]), _signed(r[PLAYER_Y_SPEED])),
        power_up=POWER_UPS[power],
        on_ground=float_state == 0,
        lives=r[LIVES],
        time_left=bcd(ram[TIME_DIGITS]),
        coins=r[COINS],
        game_score=bcd(ram[SCORE_DIGITS]) * 10,
        world=f"{r[WORLD] + 1}-{r[STAGE] + 1}",
        flag_x=flag_x,
        other_enemies=other_enemies,
        other_items=other_items,
        platforms=platforms,
        dying=is_dying(r),
        flag_reached=is_flag_reached(r),
        previous_action=previous_action,
        history=list(history or []),
    )


def decode_deferred(
    ram: np.ndarray,
    flag_x: int | None = None,
    previous_action: str | None = None,
    history: list[tuple[int, int]] | None = None,
) -> MarioState:
    """``decode``'s state with only what a native step reads decoded now: Mario's position, his
    level x, dying and flag; every other field is decoded from ``ram`` on first read (equal to
    ``decode``'s).  Why: the full decode (block buffer, enemies, pits) costs ~90 us, a tenth of the
    four emulated frames of a native step, and an RL loop never reads it.  ``ram`` must not change
    afterwards (the backend returns a new array per call)."""
    r = [int(ram[a]) for a in _VITAL_ADDRESSES]
    values = dict(zip(_VITAL_ADDRESSES, r, strict=True))
    screen_left = values[SCREEN_PAGE] * 256 + values[SCREEN_X]
    level_x = values[PLAYER_PAGE] * 256 + values[PLAYER_X]
    power = values[POWER_UP] if values[POWER_UP] < 3 else 0
    history = list(history or [])
    return MarioState.deferred(
        partial(decode, ram, flag_x, previous_action, history),
        mario=_mario_point(values, screen_left, level_x, power),
        level_x=level_x,
        flag_x=flag_x,
        dying=is_dying(values),
        flag_reached=is_flag_reached(values),
        previous_action=previous_action,
        history=history,
    )


def _mario_point(r: Mapping[int, int] | list[int], screen_left: int, level_x: int, power: int) -> tuple[int, int]:
    """Mario's top-left corner in Orak's screen units (``r`` indexable by address)."""
    y_full = (r[PLAYER_Y_HIGH] - 1) * 256 + r[PLAYER_Y]
    top = y_full + (16 if power == 0 else 0)  # small Mario is drawn in the lower half of his 32-px box
    return (level_x - screen_left, 240 - top)


#: The bytes ``decode_deferred`` reads at once.
_VITAL_ADDRESSES = (
    SCREEN_PAGE,
    SCREEN_X,
    PLAYER_PAGE,
    PLAYER_X,
    POWER_UP,
    PLAYER_Y_HIGH,
    PLAYER_Y,
    PLAYER_STATE,
    PLAYER_FLOAT,
    OPER_MODE,
)


def _pits(tiles: np.ndarray, first_col: int, screen_left: int) -> list[tuple[int, ...]]:
    """Runs of columns with no floor in the bottom row: (start x, 32, end x, 32) each."""
    empty = (tiles[12] == 0) & (tiles[GROUND_ROW] == 0)
    pits: list[tuple[int, ...]] = []
    start: int | None = None
    for col, hole in enumerate([*empty.tolist(), False]):
        if hole and start is None:
            start = col
        elif not hole and start is not None:
            x0 = max((first_col + start) * 16 - screen_left, 0)
            x1 = min((first_col + col) * 16 - screen_left, 256)
            if x1 > 0 and x0 < 256:
                pits.append((x0, 32, x1, 32))
            start = None
    return pits


def _signed(byte: int) -> int:
    return byte - 256 if byte >= 128 else byte


def is_dying(r: list[int] | np.ndarray) -> bool:
    """Mario is losing a life: hit (0x0B), dead (0x06) or fallen below the screen."""
    return r[PLAYER_STATE] in (0x06, 0x0B) or r[PLAYER_Y_HIGH] > 1


def is_flag_reached(r: list[int] | np.ndarray) -> bool:
    """Sliding down the flagpole, or the end-of-game victory mode."""
    return r[PLAYER_FLOAT] == 3 or r[OPER_MODE] == 2


def level_x(r: list[int] | np.ndarray) -> int:
    return int(r[PLAYER_PAGE]) * 256 + int(r[PLAYER_X])


def player_y(r: list[int] | np.ndarray) -> int:
    """Mario's y (screen rows, downwards, including the high byte) as Orak's landing check uses it."""
    return (int(r[PLAYER_Y_HIGH]) - 1) * 256 + int(r[PLAYER_Y])
