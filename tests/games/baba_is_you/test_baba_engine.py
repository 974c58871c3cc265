"""Baba Is You engine: rule reading, pushing, transformations and each property on tiny grids."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orak_gym.games.baba_is_you.engine import BabaEngine
from orak_gym.games.baba_is_you.level import LevelFormatError, load_level, parse_level, shipped_levels
from orak_gym.games.baba_is_you.vocab import object_kind, text_kind

UP, RIGHT, DOWN, LEFT = 1, 2, 3, 4


def board(*rows: str, legend: str = "") -> BabaEngine:
    text = "name: test\nbarrier: none\n" + (f"legend:\n{legend}\n" if legend else "") + "map:\n"
    return BabaEngine(parse_level(text + "\n".join(rows)))


def cells(engine: BabaEngine, name: str) -> list[tuple[int, int]]:
    prefix, _, word = name.partition(":")
    kind = object_kind(word) if prefix == "object" else text_kind(word)
    return sorted((c % engine.width, c // engine.width) for c in engine.where[kind])


# ---------------------------------------------------------------- rules
def test_rules_read_horizontally_and_vertically():
    e = board("B=Y.F", "....=", "....V")
    assert e.rules.texts == ["BABA IS YOU", "FLAG IS WIN"]


def test_rules_need_contiguous_words_and_left_to_right_order():
    assert board("B.=Y.", "Y=B..").rules.texts == []  # a gap, and a sentence read backwards
    assert board("=BY").rules.texts == []


def test_and_on_both_sides():
    e = board("B&R=Y&P", ".......")
    assert e.rules.texts == ["BABA IS YOU", "BABA IS PUSH", "ROCK IS YOU", "ROCK IS PUSH"]


def test_dangling_and_keeps_rule_and_broken_and_breaks_it():
    assert board("B=Y&.").rules.texts == ["BABA IS YOU"]
    assert board("B&=Y.").rules.texts == []
    assert board("B=&Y.").rules.texts == []


def test_words_shared_by_several_rules():
    # BABA IS YOU across, FLAG IS WIN down, both through the same IS; and A IS B IS C chains
    e = board(".F...", "B=Y..", ".V...", "R=F=V")
    assert e.rules.texts == ["BABA IS YOU", "ROCK IS FLAG", "FLAG IS WIN"]


def test_stacked_words_are_alternatives():
    e = board("B=q", "...", legend="  q = text:you + text:push")
    assert e.rules.texts == ["BABA IS YOU", "BABA IS PUSH"]


# ---------------------------------------------------------------- movement and pushing
def test_push_chain_of_text_and_rock_moves_together():
    e = board("bRo..", "B=Y..", "R=P..")
    assert e.step(RIGHT)
    assert cells(e, "object:baba") == [(1, 0)]
    assert cells(e, "text:rock") == [(0, 2), (2, 0)]
    assert cells(e, "object:rock") == [(3, 0)]


def test_push_blocked_by_edge_and_by_stop_and_nothing_moves():
    e = board("..bRo", "B=Y..", "R=P..")
    assert not e.step(RIGHT)  # the rock would leave the board
    assert cells(e, "object:baba") == [(2, 0)]
    e = board(".bR#.", "B=Y..", "W=T..")
    assert not e.step(RIGHT)
    assert cells(e, "text:rock") == [(2, 0)]


def test_walk_over_things_that_are_neither_stop_nor_push():
    e = board(".b#f.", "B=Y..")
    e.step(RIGHT)
    e.step(RIGHT)
    assert cells(e, "object:baba") == [(3, 0)]


def test_several_you_objects_move_together_front_first():
    e = board("bb#..", "B=Y..", "W=P..")  # walls are PUSH: the front baba pushes, the back one follows
    e.step(RIGHT)
    assert cells(e, "object:baba") == [(1, 0), (2, 0)]
    assert cells(e, "object:wall") == [(3, 0)]


def test_breaking_baba_is_you_loses():
    e = board("..b..", ".B=Y.", ".....")
    e.step(DOWN)  # pushes IS down: BABA IS YOU broken
    assert e.rules.texts == [] and e.lost


# ---------------------------------------------------------------- win, transformation, properties
def test_win_on_shared_cell_and_self_win():
    e = board("b.f..", "B=Y..", "F=V..")
    e.step(RIGHT)
    assert not e.won
    e.step(RIGHT)
    assert e.won
    assert board("b....", "B=Y..", "B=V..").won


def test_transformation_and_self_lock():
    e = board("b.o..", "B=Y..", "R=F..", "F=V..")
    assert cells(e, "object:flag") == [(2, 0)] and cells(e, "object:rock") == []
    e.step(RIGHT)
    e.step(RIGHT)
    assert e.won
    e = board("b.o..", "B=Y..", "R=F..", "R=R..")
    assert cells(e, "object:rock") == [(2, 0)]


def test_defeat_destroys_you():
    e = board("bs...", "B=Y..", "S=X..")
    e.step(RIGHT)
    assert cells(e, "object:baba") == [] and e.lost
    assert cells(e, "object:skull") == [(1, 0)]


def test_sink_destroys_both_including_text():
    e = board("bo~..", "B=Y..", "R=P..", "A=N..")
    e.step(RIGHT)
    assert cells(e, "object:rock") == [] and cells(e, "object:water") == []
    e.step(RIGHT)
    e.step(RIGHT)
    assert cells(e, "object:baba") == [(3, 0)]  # the bridge is open
    e = board(".....", "B=Y..", "A=N..", "bT~..", ".....")
    e.step(RIGHT)  # the STOP text sinks with the water
    assert cells(e, "object:water") == [] and cells(e, "text:stop") == []


def test_hot_melts_only_melt():
    e = board("b*...", "B=Y..", "L=H..")
    e.step(RIGHT)
    assert cells(e, "object:baba") == [(1, 0)]
    e = board("b*...", "B=Y..", "L=H..", "B=M..")
    e.step(RIGHT)
    assert e.lost and cells(e, "object:lava") == [(1, 0)]


def test_open_shut_destroy_each_other_and_shut_blocks_others():
    e = board("bkdf.", "B=Y..", "K=O..", "K=P..", "D=C..", "D=T..", "F=V..")
    e.step(RIGHT)  # the key enters the shut door: both vanish
    assert cells(e, "object:key") == [] and cells(e, "object:door") == []
    e.step(RIGHT)
    e.step(RIGHT)
    assert e.won
    e = board("bd.f.", "B=Y..", "D=C..", "D=T..", "F=V..")
    assert not e.step(RIGHT)


def test_planes_stay_set_while_one_of_two_stacked_things_remains():
    """Two keys in one cell, one of them destroyed with a shut door: the cell still shows a key."""
    e = board("bk.d.", "B=Y..", "K=O..", "D=C..", "K=P..")
    key, door = object_kind("key"), object_kind("door")
    things = [(k, c) for k, cs in enumerate(e.where) for c in cs]
    e.load([*things, (key, 3), (key, 3)])  # two keys join the door: one of them and the door go
    assert cells(e, "object:key") == [(1, 0), (3, 0)] and cells(e, "object:door") == []
    assert e.planes[key * e.cells + 3] == 1 and e.planes[door * e.cells + 3] == 0 and _consistent(e)
    e.load([*things, (key, 1)])  # two keys in one cell, pushed together
    e.step(RIGHT)
    assert cells(e, "object:key") == [(2, 0), (2, 0)] and e.planes[key * e.cells + 1] == 0 and _consistent(e)
    e.step(RIGHT)  # into the door: one key and the door go, one key stays
    assert cells(e, "object:key") == [(3, 0)] and e.planes[key * e.cells + 3] == 1 and _consistent(e)


def test_snapshot_restore_round_trip_and_determinism():
    level = load_level("where_do_i_go")
    a, b = BabaEngine(level), BabaEngine(level)
    start = a.snapshot()
    moves = [4, 4, 3, 3, 3, 4, 3, 2, 2]
    for m in moves:
        a.step(m)
        b.step(m)
    assert a.snapshot() == b.snapshot() != start
    a.restore(start)
    assert a.snapshot() == start and a.rules.texts == ["BABA IS YOU", "WALL IS STOP"]


# ---------------------------------------------------------------- level format
def test_level_format_errors_name_the_problem():
    with pytest.raises(LevelFormatError, match="unknown character"):
        parse_level("name: x\nmap:\nb?.")
    with pytest.raises(LevelFormatError, match="row 1 has 2"):
        parse_level("name: x\nmap:\nb..\n..")
    with pytest.raises(LevelFormatError, match="no 'map:'"):
        parse_level("name: x\n")
    with pytest.raises(LevelFormatError, match="barrier"):
        parse_level("barrier: wall stop\nmap:\nb")
    with pytest.raises(ValueError, match="unknown Baba Is You level"):
        load_level("no_such_level")


def test_level_round_trip_and_custom_legend(tmp_path):
    level = parse_level("name: mine\nbarrier: rock is stop\nlegend:\n  q = object:baba + object:flag\nmap:\nqB=Y\n")
    assert level.barrier == ("rock", "is", "stop")
    again = parse_level(level.to_text())
    assert again.objects == level.objects and again.name == "mine"
    path = tmp_path / "mine.level"
    path.write_text(level.to_text())
    assert load_level(path).objects == level.objects
    assert BabaEngine(level).won is False  # baba is YOU, nothing is WIN


def test_shipped_levels_are_many_and_declare_an_active_barrier():
    slugs = shipped_levels()
    assert len(slugs) >= 20
    for slug in slugs:
        level = load_level(slug)
        engine = BabaEngine(level)
        assert not engine.won and not engine.lost, slug
        if level.barrier:
            assert " ".join(level.barrier).upper() in engine.rules.texts, slug


# ---------------------------------------------------------------- properties over random play
def _consistent(engine: BabaEngine) -> bool:
    """``grid``, ``where`` and the presence ``planes`` tell of the same things."""
    from_grid = sorted((k, c) for c, kinds in enumerate(engine.grid) for k in kinds)
    from_where = sorted((k, c) for k, cs in enumerate(engine.where) for c in cs)
    return from_grid == from_where and engine.planes == _presence(engine)


def _presence(engine: BabaEngine) -> bytearray:
    planes = bytearray(len(engine.planes))
    for kind, cells in enumerate(engine.where):
        for cell in cells:
            planes[kind * engine.cells + cell] = 1
    return planes


@settings(max_examples=60, deadline=None)
@given(
    slug=st.sampled_from(shipped_levels()),
    moves=st.lists(st.integers(min_value=0, max_value=4), max_size=60),
)
def test_random_play_keeps_the_board_consistent_and_restorable(slug, moves):
    engine = BabaEngine(load_level(slug))
    replay = BabaEngine(load_level(slug))
    for move in moves:
        before = engine.snapshot()
        engine.step(move)
        replay.restore(before)
        replay.step(move)
        assert _consistent(engine)
        assert replay.snapshot() == engine.snapshot()
        assert replay.rules.texts == engine.rules.texts and replay.won == engine.won
        if engine.won or engine.lost:
            break
