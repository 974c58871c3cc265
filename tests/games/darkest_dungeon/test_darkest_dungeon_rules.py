"""Orak's Darkest Dungeon score on hand-made cases, its action grammar, the pad mapping and the data files."""

from __future__ import annotations

import pytest

from orak_gym.games.darkest_dungeon.actions import DarkestDungeonParser, native_command
from orak_gym.games.darkest_dungeon.inputs import input_problem, press_sequence
from orak_gym.games.darkest_dungeon.skill_data import parse_hero_class, parse_records
from orak_gym.games.darkest_dungeon.state import orak_score
from orak_gym.testing import hostile_strings


@pytest.mark.parametrize(
    ("cleared", "most", "stresses", "expected"),
    [
        (0, 4, [0, 0, 0, 0], 0.0),
        (1, 4, [50, 50, 50, 50], 0.1),  # while combats remain only the combats count
        (3, 4, [], 0.3),
        (1, 2, [0, 0, 0, 0], 0.2),  # the second task has two combats
        (4, 4, [0, 0, 0, 0], 1.0),
        (4, 4, [100, 100, 100, 100], 0.4 + 0.3 + 0.3 * 0.5),
        (4, 4, [0, 0, 0], 0.4 + 0.3 * 0.75 + 0.3 * (1 - 200 / 800)),  # a dead hero counts 200 stress
        (4, 4, [], 0.4),  # every hero dead
        (5, 4, [20, 0, 0, 0], 0.4 + 0.3 + 0.3 * (1 - 20 / 800)),
        (2, 2, [200, 200], 0.4 + 0.15 + 0.0),
    ],
)
def test_orak_score_on_hand_made_cases(cleared, most, stresses, expected):
    assert orak_score(cleared, most, stresses) == pytest.approx(expected)


def test_a_task_with_no_combats_is_refused():
    with pytest.raises(ValueError):
        orak_score(0, 0, [])


PARSER = DarkestDungeonParser()


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("attack target 3 using skill slot 2", "attack 3 2"),
        ("### Reasoning\nhit it\n### Actions\nHeal target 1 using skill slot 4.", "heal 1 4"),
        ("swap rank 3 hero forward by 1", "swap 3 1"),
        ("swap rank 2 hero backward by 2", "swap 2 -2"),
        ("swap rank 4 hero skip", "swap 4 0"),
        ("pass", "idle"),
        ("I think so.\nattack target 1 using skill slot 1\nheal target 2 using skill slot 3", "attack 1 1"),
        ("attack with slot 2 on target 4", "attack 4 2"),  # Orak's loose token reading of the first line
        ("swap rank 2 backward 1", "swap 2 -1"),
    ],
)
def test_orak_commands_parse_to_native_commands(text, command):
    parsed = PARSER.parse(text)
    assert parsed.valid and parsed.actions == [command], parsed.feedback


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("attack target 5 using skill slot 1", "target 5 is not 1-4"),
        ("heal target 1 using skill slot 0", "skill slot 0 is not 1-4"),
        ("swap rank 7 hero skip", "rank 7 is not 1-4"),
        ("run away", "write 'attack target X"),
        ("attack target 99999999999999 using skill slot 1", "write 'attack target X"),
    ],
)
def test_bad_commands_do_nothing_and_say_why(text, why):
    parsed = PARSER.parse(text)
    assert not parsed.valid and parsed.actions == ["idle"] and why in parsed.feedback


def test_hostile_text_never_breaks_the_parser():
    for text in hostile_strings():
        parsed = PARSER.parse(text)
        assert parsed.actions and all(native_command(a) for a in parsed.actions)


@pytest.mark.parametrize(
    ("native", "expected"),
    [("attack 2 3", "attack 2 3"), ("swap 1 -1", "swap 1 -1"), ("idle", "idle"), ("attack 9 1", None),
     ("attack 1", None), ("heal x y", None), ("fly 1 1", None), ("", None), ("swap 2 ٣", None)],
)  # fmt: skip
def test_native_commands_are_checked(native, expected):
    assert native_command(native) == expected


def test_each_command_presses_the_documented_buttons():
    assert press_sequence("attack 3 2") == ["lb"] * 4 + ["rb"] + ["a"] + ["left"] * 4 + ["right"] * 2 + ["a"]
    assert press_sequence("heal 1 1") == ["lb"] * 4 + ["a"] + ["right"] * 4 + ["a"]
    assert press_sequence("swap 3 -2") == ["y", "left", "left", "a"]
    assert press_sequence("swap 3 0") == ["x"] and press_sequence("idle") == []
    assert press_sequence("walk") == ["right"]


def test_no_input_device_is_one_line_naming_both_ways(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setattr("orak_gym.games.darkest_dungeon.inputs.uinput_problem", lambda: "/dev/uinput is not writable")
    problem = input_problem("auto")
    assert problem and "\n" not in problem and "virtual pad" in problem and "DISPLAY" in problem
    assert "input='uinput' is not possible" in input_problem("uinput")
    assert input_problem("keyboard").startswith("input='keyboard' is not one of")
    assert input_problem("channel") is None


INVENTED = """
// an invented class, in the data file's record syntax
armour: .def 5% .prot 0 .hp 31 .spd 0 .level 0
armour: .def 10% .prot 0 .hp 36 .spd 0 .level 1
combat_skill: .id "gleam" .level 0 .type "ranged" .dmg -20% .crit 2% .launch 34 .target ~34 .effect "Dazzle 1" "Mark"
combat_skill: .id "mend" .level 0 .type "heal" .atk 0% .launch 1234 .target @1234 .heal 3 5 .per_battle_limit 2
combat_skill: .id "shove" .level 1 .type "melee" .atk 90% .dmg 0% .crit 0% .is_crit_valid False .launch 1 .target 1
combat_move_skill: .id "move" .level 0 .type "move" .launch 4321 .move 1 1
not a record
"""


def test_hero_data_files_give_skills_and_armour_hp():
    data = parse_hero_class(INVENTED)
    assert data.max_hp == {0: 31, 1: 36}
    gleam = data.skills[("gleam", 0)]
    assert gleam.launch == {3, 4} and gleam.target_ranks == {3, 4} and gleam.on_all and not gleam.on_allies
    assert gleam.effects == ("Dazzle 1", "Mark") and gleam.damage == "-20%" and gleam.crit == "2%"
    mend = data.skills[("mend", 0)]
    assert mend.on_allies and not mend.on_all and mend.heal == (3, 5) and mend.per_battle_limit == 2
    assert data.skills[("shove", 1)].crit == "" and data.skills[("move", 0)].move == (1, 1)
    assert all(kind != "not a record" for kind, _ in parse_records(INVENTED))
