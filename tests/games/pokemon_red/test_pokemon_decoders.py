"""Pokémon Red without the ROM: RAM decoders on images built from the documented layout, screen
text, the strict tool-call parser (hostile strings included), A* and the milestone rules."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orak_gym.games.pokemon_red import milestones, ram, text
from orak_gym.games.pokemon_red.actions import Buttons, PokemonActionParser, Quit, ToolCall, parse_arguments
from orak_gym.games.pokemon_red.explore import ExploredMaps, across, astar, full_map, screen_grid
from orak_gym.games.pokemon_red.rom import ROM, Connection, MapData, Warp, map_name, rom_offset, sprite_name
from orak_gym.testing.contract import long_strings


def put(image: bytearray, address: int, data: bytes) -> None:
    i = address - ram.WRAM_START
    image[i : i + len(data)] = data


def tiles_with(rows: dict[int, bytes]) -> bytes:
    """A 20x18 tile map of blanks with the given rows (padded to 20 tiles)."""
    tiles = bytearray([0x7F] * 360)
    for r, data in rows.items():
        tiles[r * 20 : r * 20 + len(data)] = data
    return bytes(tiles)


# ---------------------------------------------------------------------------------------- text
def test_charmap_round_trip_and_terminator():
    encoded = text.encode_string("POKé BALL 5!")
    assert text.decode_string(encoded + b"\x80\x80") == "POKé BALL 5!"
    assert text.decode_string(bytes([0xE1, 0xE2, 0xF0, 0xF6])) == "PKMN¥0"


def test_screen_text_dialog_and_selection_box():
    top = bytes([text.BOX_TOP_LEFT]) + bytes([text.BOX_HORIZONTAL] * 18) + bytes([text.BOX_TOP_RIGHT])
    bottom = bytes([text.BOX_BOTTOM_LEFT]) + bytes([text.BOX_HORIZONTAL] * 18) + bytes([text.BOX_BOTTOM_RIGHT])
    line = bytes([text.BOX_VERTICAL]) + text.encode_string("Hello there!")[:-1]
    menu_top = bytes([0x7F] * 12 + [text.BOX_TOP_LEFT] + [text.BOX_HORIZONTAL] * 6 + [text.BOX_TOP_RIGHT])
    yes = bytes([0x7F] * 12 + [text.BOX_VERTICAL, text.CURSOR]) + text.encode_string("YES")[:-1]
    no = bytes([0x7F] * 12 + [text.BOX_VERTICAL, 0x7F]) + text.encode_string("NO")[:-1]
    menu_bottom = bytes([0x7F] * 12 + [text.BOX_BOTTOM_LEFT] + [text.BOX_HORIZONTAL] * 6 + [text.BOX_BOTTOM_RIGHT])
    tiles = tiles_with({6: menu_top, 7: yes, 8: no, 9: menu_bottom, 12: top, 14: line, 17: bottom})
    assert text.has_text_box(tiles)
    assert text.dialog_text(tiles) == ["Hello there!"]
    assert text.selection_box(tiles) == ["▶YES", "NO"]
    assert "Hello there!" in text.screen_text(tiles)
    assert text.selection_box(tiles_with({})) == []
    assert text.screen_text(tiles_with({})) == []


def test_the_frameless_party_menu_keeps_its_last_column():
    """The party menu as the real game draws it: a name row, then ▶ and the HP bar with "20/ 20" ending in the
    screen's last column (a frame search that found no ┐ used to cut it to "20/ 2")."""
    name = bytes.fromhex("7f7f7f8194 8b81 8092 8094 917f 6efb 7f7f7f7f7f")
    hp = bytes.fromhex("ed7f7f7f71 626b 6b6b 6b6b 6b6c 7ff8 f6f3 7ff8f6")
    message = bytes([text.BOX_VERTICAL]) + text.encode_string("Choose a POKéMON.")[:-1]
    box_top = bytes([text.BOX_TOP_LEFT] + [text.BOX_HORIZONTAL] * 18 + [text.BOX_TOP_RIGHT])
    tiles = tiles_with({0: name, 1: hp, 12: box_top, 14: message})
    assert text.selection_box(tiles) == ["BULBASAUR Lv5", "▶ 20/ 20"]


# ---------------------------------------------------------------------------------------- RAM
def test_ram_image_decoders():
    image = ram.blank_ram()
    put(image, ram.PARTY_COUNT, bytes([2, 0xB1, 0x99, 0xFF]))
    mon = bytearray(ram.PARTY_MON_SIZE)
    mon[0], mon[1:3], mon[ram.MON_STATUS] = 0xB1, b"\x00\x0c", 0x08
    mon[ram.MON_TYPE1], mon[ram.MON_TYPE2] = 0x16, 0x16  # one type, stored twice
    mon[ram.MON_MOVES], mon[ram.MON_PP], mon[ram.MON_LEVEL] = 10, 0xC0 | 35, 6  # PP-up bits masked
    mon[ram.MON_MAX_HP : ram.MON_MAX_HP + 2] = b"\x00\x17"
    put(image, ram.PARTY_MONS, bytes(mon))
    put(image, ram.PARTY_NICKS, text.encode_string("CHARMANDER"))
    put(image, ram.PARTY_NICKS + ram.NAME_LENGTH, text.encode_string("PIDGEY"))
    put(image, ram.BAG_COUNT, bytes([1, 0x14, 3, 0xFF]))
    put(image, ram.MONEY, bytes([0x00, 0x30, 0x00]))
    put(image, ram.BADGES, bytes([0b10000011]))
    put(image, ram.CUR_MAP, bytes([0x0C]))
    put(image, ram.Y_COORD, bytes([33, 11]))
    put(image, ram.SPRITE_STATE_1 + 9, bytes([0x08]))
    put(image, ram.IS_IN_BATTLE, bytes([2]))
    put(image, ram.ENEMY_MON, bytes([0x24, 0x00, 0x0A, 0, 0x40]))
    put(image, ram.ENEMY_LEVEL, bytes([3, 0x00, 0x0F]))
    # one NPC in slot 1: picture 3 (Oak), on screen, at map (5, 2) (stored +4)
    put(image, ram.SPRITE_STATE_1 + 16, bytes([3, 0, 0]))
    put(image, ram.SPRITE_STATE_2 + 16 + 4, bytes([2 + 4, 5 + 4]))
    # a hidden sprite in slot 2 (image index 0xFF) is not listed
    put(image, ram.SPRITE_STATE_1 + 32, bytes([4, 0, 0xFF]))

    party = ram.party(image)
    assert [m.nickname for m in party] == ["CHARMANDER", "PIDGEY"]
    first = party[0]
    assert (first.species, first.level, first.hp, first.max_hp, first.status) == (0xB1, 6, 12, 23, "PSN")
    assert first.types == (0x16,) and first.moves == ((10, 35),)
    joining = party[1]  # its data not written yet (the nickname prompt): the species comes from wPartySpecies
    assert (joining.species, joining.level, joining.max_hp) == (0x99, 0, 0)
    assert ram.bag(image) == [(0x14, 3)]
    assert ram.money(image) == 3000
    assert ram.badges(image) == ["Boulder", "Cascade", "Earth"]
    assert ram.position(image) == (0x0C, 11, 33)
    assert ram.facing(image) == "left"
    assert ram.battle_kind(image) == "TrainerBattle"
    enemy = ram.enemy(image)
    assert enemy is not None and (enemy.level, enemy.hp, enemy.max_hp, enemy.status) == (3, 10, 15, "PAR")
    assert ram.sprites(image) == [ram.Sprite(slot=1, picture=3, x=5, y=2)]
    assert sprite_name(3) == "SPRITE_OAK"


def test_bag_count_is_capped_and_stops_at_end_marker():
    image = ram.blank_ram()
    put(image, ram.BAG_COUNT, bytes([200, 0x04, 1, 0xFF]))
    assert ram.bag(image) == [(0x04, 1)]


def test_status_and_bcd():
    assert ram.status_text(0) == "Normal" and ram.status_text(3) == "SLP" and ram.status_text(0x10) == "BRN"
    assert ram.bcd(b"\x09\x99\x99") == 99999


def test_milestones_are_sequential_then_any_order_and_sticky():
    tracker = milestones.MilestoneTracker()
    image = ram.blank_ram()
    put(image, ram.CUR_MAP, bytes([0x26]))
    put(image, ram.PARTY_COUNT, bytes([2]))  # a 2nd party member counts in any order
    put(image, ram.EVENT_GOT_STARTER[0], bytes([1 << ram.EVENT_GOT_STARTER[1]]))  # but not out of sequence
    assert tracker.update(image) == ["Have a second party Pokémon"]
    put(image, ram.CUR_MAP, bytes([0x00]))
    tracker.update(image)
    put(image, ram.CUR_MAP, bytes([0x25]))  # back indoors: leaving the house stays achieved
    put(image, ram.EVENT_OAK_APPEARED_IN_PALLET[0], bytes([0x84]))  # bits 7 (Oak appeared) and 2 (starter)
    assert tracker.update(image)[:3] == ["Exit Red's house", "Meet Professor Oak", "Choose a starter Pokémon"]
    assert tracker.count == 4


# ---------------------------------------------------------------------------------------- actions
parser = PokemonActionParser()


@pytest.mark.parametrize(
    ("text_in", "expected"),
    [
        ("up|up|a", Buttons(("up", "up", "a"))),
        ("### Reasoning\ngo\n### Actions\n`left | B`", Buttons(("left", "b"))),
        ("none", Buttons(("none",))),
        ("use_tool(move_to, (x_dest=5, y_dest=3))", ToolCall("move_to", {"x_dest": 5, "y_dest": 3})),
        ("move_to(5, 3)", ToolCall("move_to", {"x_dest": 5, "y_dest": 3})),
        ("### Actions\nuse_tool(continue_dialog, ())", ToolCall("continue_dialog", {})),
        ("use_tool(interact_with_object, (object_name=OAK))", ToolCall("interact_with_object", {"object_name": "OAK"})),
        ("use_tool(warp_with_warp_point, ())", ToolCall("warp_with_warp_point", {})),
        ("use_tool(use_item_in_battle, (item_name=POTION))", ToolCall("use_item_in_battle", {"item_name": "POTION"})),
        ("use_item_in_battle(POKé BALL)", ToolCall("use_item_in_battle", {"item_name": "POKé BALL"})),
        ("quit", Quit()),
    ],
)  # fmt: skip
def test_parser_accepts_orak_forms(text_in, expected):
    parsed = parser.parse(text_in)
    assert parsed.valid, parsed.feedback
    assert parsed.actions == [expected]


@pytest.mark.parametrize(
    "hostile",
    [
        "use_tool(move_to, (x_dest=__import__('os').system('id'), y_dest=1))",
        "move_to(1+1, 2)",
        "move_to(x_dest=1, x_dest=2)",
        "move_to(1, 2, 3)",
        "move_to(1)",
        "move_to(x=1, y=2)",
        "use_tool(rm_rf, ())",
        "interact_with_object(" + "A" * 500 + ")",
        "interact_with_object(a\nb)",
        "up|up|up|up|up|up",
        "jump",
        "",
        "   \n ",
        "move_to(99999, 1)",
        "overworld_map_transition(lambda: 1)",
        "use_tool(move_to, (x_dest=[1], y_dest={}))",
        "warp_with_warp_point(7)",
        "use_tool(warp_with_warp_point, (y_dest=3))",
    ],
)
def test_parser_rejects_hostile_or_malformed_text(hostile):
    parsed = parser.parse(hostile)
    assert not parsed.valid
    assert parsed.actions == []
    assert parsed.feedback and "\n" not in parsed.feedback


def test_parse_arguments_reports_the_parameter():
    with pytest.raises(ValueError, match="x_dest of move_to must be an integer"):
        parse_arguments("move_to", "x_dest=a, y_dest=2")
    with pytest.raises(ValueError, match="needs y_dest"):
        parse_arguments("move_to", "3")
    with pytest.raises(ValueError, match="takes x_dest and y_dest together or neither, got only x_dest"):
        parse_arguments("warp_with_warp_point", "7")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parser_is_total(random_text):
    parsed = parser.parse(random_text)
    assert isinstance(parsed.valid, bool)
    for action in parsed.actions:
        assert isinstance(action, (Buttons, ToolCall, Quit))


def test_parser_is_linear_in_the_text_length():
    """Long texts inside the 65,536-character action space: ``"x(" * 32000`` took 9-13 s when a lazy ``.*?``
    rescanned to the end of the text from each ``x(``."""
    for long_text in long_strings(65_536):
        start = time.perf_counter()
        parsed = parser.parse(long_text)
        assert time.perf_counter() - start < 2.0, long_text[:12]
        assert not parsed.valid and "\n" not in parsed.feedback


def test_parser_takes_the_first_orak_call_and_then_plain_calls():
    assert parser.parse("use_tool(move_to, (x_dest=1, y_dest=2)) then use_tool(run_away, ())").actions == [
        ToolCall("move_to", {"x_dest": 1, "y_dest": 2})
    ]
    assert parser.parse("use_tool(move_to, (x_dest=1 y_dest=2) or move_to(3, 4)").actions == [
        ToolCall("move_to", {"x_dest": 3, "y_dest": 4})
    ]


def test_parser_non_string():
    assert not parser.parse(None).valid  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------- maps
def room() -> MapData:
    """A 6x5 room: a wall column at x=2 (except y=4), a warp at (5, 0)."""
    walkable = tuple(tuple(not (x == 2 and y < 4) for x in range(6)) for y in range(5))
    return MapData(0x26, 4, 6, 5, walkable, frozenset({(0, 0)}), frozenset(), (Warp(5, 0, 0x25, 2),), (), ())


def test_astar_goes_around_walls_and_people():
    data = room()
    everything = {(x, y) for y in range(5) for x in range(6)}
    path = astar(data, (0, 0), (4, 0), everything)
    assert path is not None and len(path) == 12 and path.count("down") == 4
    assert astar(data, (0, 0), (4, 0), everything, blocked={(2, 4)}) is None
    assert astar(data, (0, 0), (2, 0), everything) is None  # a wall
    assert astar(data, (0, 0), (4, 0), {(0, 0), (1, 0)}) is None  # unexplored
    assert astar(data, (1, 1), (1, 1), everything) == []


def test_explored_map_and_grids():
    data = room()
    explored = ExploredMaps()
    explored.see(data, 0, 0)
    seen = explored.explored(0x26)
    assert (5, 0) in seen and (0, 4) in seen  # the whole small room is on screen (x-4..x+5, y-4..y+4)
    drawn = full_map(data, {(0, 0), (1, 0)}, (1, 0), set(), set(), {(5, 0)})
    rows = drawn.splitlines()
    assert rows[1].split()[1:] == ["G", "P", "?", "?", "?", "?"]
    grid = screen_grid(data, 1, 0, {(3, 0)}, set(), {(5, 0)})
    assert len(grid) == 9 and "( 1, 0): P" in grid[4] and "( 3, 0): S" in grid[4] and "( 5, 0): W" in grid[4]


def test_squares_past_a_connection_show_the_connected_map():
    """A 4x4 field whose north edge leads to a 6x2 field shifted 2 squares (the game adds the shift to x when
    the player crosses): the row above the edge is the other field's bottom row, not a wall."""
    walls = (
        (False, True, True, True, True, True),
        (True, True, False, True, True, True),
    )
    north = MapData(2, 0, 6, 2, walls, frozenset({(5, 1)}), frozenset(), (), (), (Connection("south", 1, -2),))
    south = MapData(1, 0, 4, 4, ((True,) * 4,) * 4, frozenset(), frozenset(), (), (), (Connection("north", 2, 2),))
    maps = {1: south, 2: north}.__getitem__
    assert across(south, 0, -1, maps) == (north, 2, 1) and across(north, 2, 2, maps) == (south, 0, 0)
    assert across(south, 0, 4, maps) is None and across(south, 3, 3, maps) is None
    grid = screen_grid(south, 1, 0, set(), set(), set(), maps)
    assert grid[3].split("  ") == [
        "(-3,-1): X", "(-2,-1): O", "(-1,-1): O", "( 0,-1): X", "( 1,-1): O", "( 2,-1): O", "( 3,-1): G",
        "( 4,-1): X", "( 5,-1): X",
    ]  # fmt: skip
    assert "( 1,-1): X" in screen_grid(south, 1, 0, set(), set(), set())[3]  # without the maps: unknown, a wall


def test_rom_facts():
    assert rom_offset(0, 0x01AE) == 0x01AE and rom_offset(3, 0x423D) == 0xC23D
    assert map_name(0) == "Pallet Town" and map_name(0x28) == "Oaks Lab"
    assert "ea9bcae617fdf159b045185467ae58b2e4a48b9a" in ROM.sha1


def test_missing_rom_says_what_to_provide(tmp_path, monkeypatch):
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path))
    problem = ROM.problem()
    assert problem is not None and "orak-gym roms import" in problem and ROM.sha1[0] in problem
