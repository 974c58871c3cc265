"""The Pokémon Red ROM a user supplies, and the game data read from it (maps, tilesets, names).

Orak clones the pret/pokered disassembly at run time and preprocesses it into per-map modules.
We read the same facts from the user's own ROM instead, at the addresses the disassembly names
(``pokered.sym`` of the build whose SHA-1 is below), so the package ships nothing taken from the
game and needs no disassembly.  Everything is parsed lazily and cached per map.

ROM layout facts (pret/pokered):
- ``MapHeaderPointers`` 00:01AE (2 bytes per map id), ``MapHeaderBanks`` 03:423D (1 byte per map).
- Map header (``map_header`` macro): tileset, height, width (in 32x32-pixel blocks), blocks ptr,
  text ptr, script ptr, connection flags (N=8, S=4, W=2, E=1), one 11-byte connection per set flag
  in the order N, S, W, E (map id first), then the object-data pointer.
- Object data: border block; warps ``n, (y, x, dest warp, dest map) * n``; signs ``n, (y, x, text)
  * n``; objects ``n, (sprite, y+4, x+4, movement, range, text[, 1-2 extra bytes for items and
  trainers: text bit 6 = item (+1 byte), bit 7 = trainer (+2 bytes)])``.
- ``Tilesets`` 03:47BE, 12 bytes each: bank, blocks ptr, gfx ptr, collision ptr (bank 0),
  3 counter tiles, grass tile, animation.  A collision list holds the walkable tile ids, 0xFF-ended.
- A block is 4x4 tiles (16 bytes); a walking square is 2x2 tiles, and the game decides whether a
  square is walkable by its lower-left tile (the tile under the player's feet at screen (8, 9)).
- ``MonsterNames`` 07:421E (10 bytes each, by internal species id - 1), ``MoveNames`` 2C:4000 and
  ``ItemNames`` 01:472B (0x50-terminated lists), ``TypeNames`` 09:7DAE (pointer table).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from orak_gym.core.assets import Asset
from orak_gym.games.pokemon_red.text import decode_string

ROM_SHA1S: tuple[str, ...] = (
    "ea9bcae617fdf159b045185467ae58b2e4a48b9a",  # Pokémon Red (UE) [S][!]
    "d7037c83e1ae5b39bde3c30787637ba1d4c48ce2",  # Pokémon Blue (UE) [S][!]
)

ROM = Asset(
    game="pokemon_red",
    filename="pokered.gbc",
    sha1=ROM_SHA1S,
    how_to_get=(
        "Dump your own Pokémon Red (or Blue) cartridge, USA/Europe, then run "
        "`orak-gym roms import <folder>`; it finds the file by SHA-1."
    ),
)

MAP_HEADER_POINTERS = (0x00, 0x01AE)
MAP_HEADER_BANKS = (0x03, 0x423D)
TILESETS = (0x03, 0x47BE)
MONSTER_NAMES = (0x07, 0x421E)
MOVE_NAMES = (0x2C, 0x4000)
ITEM_NAMES = (0x01, 0x472B)
TYPE_NAMES = (0x09, 0x7DAE)
NUM_MAPS = 248
NUM_SPECIES = 190
NUM_MOVES = 165
NUM_ITEMS = 97  # ITEM_NAMES covers ids 1..0x61; TMs/HMs (0xC4..) are named by number
NUM_TYPES = 27
TERMINATOR = 0x50
DIRECTIONS = ("north", "south", "west", "east")
CONNECTION_BITS = {"north": 8, "south": 4, "west": 2, "east": 1}
WATER_TILE = 0x14  # the overworld tileset's water tile (surfable)
# Pokémon Blue's data sits at the same addresses (every symbol used here is equal in pokeblue.sym).


def rom_offset(bank: int, address: int) -> int:
    """File offset of a banked address (bank 0 is 0000-3FFF, a switched bank is mapped at 4000-7FFF)."""
    return address if address < 0x4000 else bank * 0x4000 + (address - 0x4000)


@cache
def _names_json() -> dict[str, dict[str, str]]:
    text = resources.files("orak_gym.games.pokemon_red").joinpath("data/names.json").read_text(encoding="utf-8")
    return json.loads(text)


def map_name(map_id: int) -> str:
    """Readable name of a map id (from the disassembly's map constants: facts, not game data)."""
    return _names_json()["maps"].get(str(map_id), f"Map {map_id:#04x}")


def sprite_name(picture_id: int) -> str:
    """``SPRITE_OAK`` etc. for a sprite picture id (the disassembly's sprite constants)."""
    return _names_json()["sprites"].get(str(picture_id), f"SPRITE_{picture_id:#04x}")


@dataclass(frozen=True)
class Warp:
    x: int
    y: int
    dest_map: int  # 0xFF: the map the player came from (wLastMap)
    dest_warp: int


@dataclass(frozen=True)
class Sign:
    x: int
    y: int
    text_id: int


@dataclass(frozen=True)
class Connection:
    """A map edge the player walks across into ``map_id``.  ``shift`` is the game's alignment along the edge,
    in squares: crossing north or south adds it to x, west or east to y (wXCoord/wYCoord on the crossing)."""

    direction: str
    map_id: int
    shift: int = 0


@dataclass(frozen=True)
class MapData:
    """One map as the ROM describes it: size, walkable squares, grass, water, warps, signs."""

    map_id: int
    tileset: int
    width: int  # in walking squares (2 per block)
    height: int
    walkable: tuple[tuple[bool, ...], ...]  # [y][x]
    grass: frozenset[tuple[int, int]]  # (x, y)
    water: frozenset[tuple[int, int]]
    warps: tuple[Warp, ...]
    signs: tuple[Sign, ...]
    connections: tuple[Connection, ...]

    def is_walkable(self, x: int, y: int) -> bool:
        return 0 <= y < self.height and 0 <= x < self.width and self.walkable[y][x]


class RomData:
    """Lazy, cached reader of the game data in a verified ROM image."""

    def __init__(self, rom: bytes) -> None:
        self.rom = rom
        self._maps: dict[int, MapData] = {}

    def byte(self, bank: int, address: int) -> int:
        return self.rom[rom_offset(bank, address)]

    def word(self, bank: int, address: int) -> int:
        off = rom_offset(bank, address)
        return self.rom[off] | self.rom[off + 1] << 8

    # ------------------------------------------------------------------ names
    @cached_property
    def species_names(self) -> dict[int, str]:
        base = rom_offset(*MONSTER_NAMES)
        return {i + 1: decode_string(self.rom[base + 10 * i : base + 10 * i + 10]) for i in range(NUM_SPECIES)}

    def _list(self, where: tuple[int, int], count: int) -> dict[int, str]:
        off = rom_offset(*where)
        names: dict[int, str] = {}
        for i in range(count):
            end = self.rom.index(TERMINATOR, off)
            names[i + 1] = decode_string(self.rom[off:end])
            off = end + 1
        return names

    @cached_property
    def move_names(self) -> dict[int, str]:
        return self._list(MOVE_NAMES, NUM_MOVES)

    @cached_property
    def item_names(self) -> dict[int, str]:
        names = self._list(ITEM_NAMES, NUM_ITEMS)
        for i in range(5):
            names[0xC4 + i] = f"HM{i + 1:02d}"
        for i in range(50):
            names[0xC9 + i] = f"TM{i + 1:02d}"
        return names

    @cached_property
    def type_names(self) -> dict[int, str]:
        bank, table = TYPE_NAMES
        names: dict[int, str] = {}
        for i in range(NUM_TYPES):
            ptr = self.word(bank, table + 2 * i)
            off = rom_offset(bank, ptr)
            names[i] = decode_string(self.rom[off : self.rom.index(TERMINATOR, off)])
        return names

    def species(self, species_id: int) -> str:
        return self.species_names.get(species_id, f"#{species_id}")

    def move(self, move_id: int) -> str:
        return self.move_names.get(move_id, f"MOVE_{move_id}")

    def item(self, item_id: int) -> str:
        return self.item_names.get(item_id, f"ITEM_{item_id:#04x}")

    def type_name(self, type_id: int) -> str:
        return self.type_names.get(type_id, f"TYPE_{type_id}")

    # ------------------------------------------------------------------ maps
    def map(self, map_id: int) -> MapData:
        """The parsed map (cached); ValueError for an id outside the game's 248 maps."""
        if not 0 <= map_id < NUM_MAPS:
            raise ValueError(f"map id {map_id} is outside 0..{NUM_MAPS - 1}")
        if map_id not in self._maps:
            self._maps[map_id] = self._parse_map(map_id)
        return self._maps[map_id]

    def _parse_map(self, map_id: int) -> MapData:
        header_ptr = self.word(MAP_HEADER_POINTERS[0], MAP_HEADER_POINTERS[1] + 2 * map_id)
        bank = self.byte(MAP_HEADER_BANKS[0], MAP_HEADER_BANKS[1] + map_id)
        off = rom_offset(bank, header_ptr)
        tileset, height_blocks, width_blocks = self.rom[off], self.rom[off + 1], self.rom[off + 2]
        blocks_ptr = self.rom[off + 3] | self.rom[off + 4] << 8
        flags = self.rom[off + 9]
        pos = off + 10
        connections: list[Connection] = []
        for direction in DIRECTIONS:
            if flags & CONNECTION_BITS[direction]:
                entry = self.rom[pos : pos + 11]
                align = entry[8] if direction in ("north", "south") else entry[7]  # the x or y alignment byte
                connections.append(Connection(direction, entry[0], align - 256 if align > 127 else align))
                pos += 11
        objects_ptr = self.rom[pos] | self.rom[pos + 1] << 8
        warps, signs = self._parse_objects(bank, objects_ptr)

        ts = rom_offset(TILESETS[0], TILESETS[1] + 12 * tileset)
        ts_bank = self.rom[ts]
        ts_blocks = self.rom[ts + 1] | self.rom[ts + 2] << 8
        coll_ptr = self.rom[ts + 5] | self.rom[ts + 6] << 8
        grass_tile = self.rom[ts + 10]
        coll_off = rom_offset(0, coll_ptr)
        passable = set(self.rom[coll_off : self.rom.index(0xFF, coll_off)])

        width, height = 2 * width_blocks, 2 * height_blocks
        blocks_off = rom_offset(bank, blocks_ptr)
        block_ids = self.rom[blocks_off : blocks_off + width_blocks * height_blocks]
        tiles_off = rom_offset(ts_bank, ts_blocks)
        walkable = [[False] * width for _ in range(height)]
        grass: set[tuple[int, int]] = set()
        water: set[tuple[int, int]] = set()
        for by in range(height_blocks):
            for bx in range(width_blocks):
                block = block_ids[by * width_blocks + bx]
                tiles = self.rom[tiles_off + 16 * block : tiles_off + 16 * block + 16]
                for sy in range(2):
                    for sx in range(2):
                        tile = tiles[(2 * sy + 1) * 4 + 2 * sx]  # lower-left tile of the square
                        x, y = 2 * bx + sx, 2 * by + sy
                        walkable[y][x] = tile in passable
                        if tile == grass_tile and grass_tile != 0xFF:
                            grass.add((x, y))
                        if tile == WATER_TILE and tileset == 0:
                            water.add((x, y))
        return MapData(
            map_id=map_id,
            tileset=tileset,
            width=width,
            height=height,
            walkable=tuple(tuple(row) for row in walkable),
            grass=frozenset(grass),
            water=frozenset(water),
            warps=tuple(warps),
            signs=tuple(signs),
            connections=tuple(connections),
        )

    def _parse_objects(self, bank: int, ptr: int) -> tuple[list[Warp], list[Sign]]:
        off = rom_offset(bank, ptr) + 1  # skip the border block
        n = self.rom[off]
        off += 1
        warps = []
        for _ in range(n):
            y, x, dest_warp, dest_map = self.rom[off : off + 4]
            warps.append(Warp(x=x, y=y, dest_map=dest_map, dest_warp=dest_warp))
            off += 4
        n = self.rom[off]
        off += 1
        signs = []
        for _ in range(n):
            y, x, text_id = self.rom[off : off + 3]
            signs.append(Sign(x=x, y=y, text_id=text_id))
            off += 3
        return warps, signs


@cache
def rom_data(path: str) -> RomData:
    """The (cached) reader for a ROM file, shared by every env of a process."""
    return RomData(Path(path).read_bytes())
