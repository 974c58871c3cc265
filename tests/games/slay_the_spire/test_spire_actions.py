"""Orak's Slay the Spire grammar against the current state; total on hostile text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orak_gym.games.slay_the_spire.actions import SpireParser, check_line, read_line, to_mod_command
from orak_gym.games.slay_the_spire.state import SpireState

from . import spire_messages as sm

COMBAT = SpireState(sm.combat())
REWARD = SpireState(sm.card_reward())


def parse(text, state=COMBAT):
    return SpireParser().parse(text, state)


def test_several_commands_one_per_line_with_orak_card_identity():
    parsed = parse("PLAY 1 1\nPLAY 4 2\nEND")
    assert parsed.valid and [str(a) for a in parsed.actions] == ["PLAY 1 1", "PLAY 4 2", "END"]
    # the 4th card (Bash) is named by identity: after the 1st card leaves it is the 3rd
    after = SpireState(sm.after_playing(sm.combat(), 0))
    assert to_mod_command(parsed.actions[1].line, after) == "PLAY 3 1"


def test_markdown_section_list_markers_and_case_are_forgiven():
    parsed = parse("### Reasoning\nkill the louse\n### Actions\n- `play 2 1`\n2. end\n")
    assert parsed.valid and [str(a) for a in parsed.actions] == ["PLAY 2 1", "END"]


def test_first_invalid_line_stops_the_rest_with_its_reason():
    parsed = parse("PLAY 1 1\nATTACK THE WORM\nEND")
    assert not parsed.valid
    assert [str(a) for a in parsed.actions] == ["PLAY 1 1"]
    assert "line 2" in parsed.feedback and "not a command" in parsed.feedback and "skipped 1" in parsed.feedback


def test_out_of_range_card_and_bad_target_are_invalid():
    assert "out of range" in parse("PLAY 9 1").feedback
    bad_target = parse("PLAY 1 3")
    assert not bad_target.valid and "target 3" in bad_target.feedback and not bad_target.actions
    assert "needs a target" in parse("PLAY 1").feedback  # two monsters alive


def test_single_living_target_is_implied_and_targetless_cards_drop_it():
    state = SpireState(sm.combat(monsters=[sm.monster("Cultist", 48, 48, "BUFF", -1, 0)]))
    line = read_line("PLAY 1")
    assert check_line(line, state) is None and to_mod_command(line, state) == "PLAY 1 0"
    assert to_mod_command(read_line("PLAY 3 1"), state) == "PLAY 3"  # Defend needs no target


def test_unplayable_card_is_reported():
    state = SpireState(sm.combat(energy=1, hand=[sm.card("Bash", "b", cost=2, playable=False), sm.strike("s")]))
    parsed = parse("PLAY 1 1", state)
    assert not parsed.valid and "cannot be played now" in parsed.feedback


def test_card_reward_choose_by_index_and_name_and_skip():
    assert to_mod_command(parse("CHOOSE 2", REWARD).actions[0].line, REWARD) == "CHOOSE 1"
    assert to_mod_command(parse("CHOOSE Pommel Strike", REWARD).actions[0].line, REWARD) == "CHOOSE 0"
    assert to_mod_command(parse("SKIP", REWARD).actions[0].line, REWARD) == "SKIP"
    assert "out of range" in parse("CHOOSE 4", REWARD).feedback
    assert "no choice named" in parse("CHOOSE Demon Form", REWARD).feedback
    assert "only possible" in parse("END", REWARD).feedback


def test_skip_takes_the_singing_bowl_when_offered():
    message = sm.card_reward()
    message["game_state"]["screen_state"]["bowl_available"] = True
    message["game_state"]["choice_list"].append("bowl")
    state = SpireState(message)
    assert to_mod_command(read_line("SKIP"), state) == "CHOOSE 3"


def test_nothing_understood_does_nothing():
    parsed = parse("I think we should be careful here.")
    assert not parsed.valid and parsed.actions == [] and "not a command" in parsed.feedback
    empty = parse("   \n\n")
    assert not empty.valid and empty.actions == [] and "no command found" in empty.feedback


def test_potion_lines():
    message = sm.combat()
    message["game_state"]["potions"][1] = {
        "requires_target": True,
        "can_use": True,
        "can_discard": True,
        "name": "Fire Potion",
        "id": "Fire Potion",
    }
    state = SpireState(message)
    assert to_mod_command(parse("POTION USE 2 1", state).actions[0].line, state) == "POTION USE 1 0"
    assert "needs a living target" in parse("POTION USE 2", state).feedback
    assert to_mod_command(parse("potion discard 2", state).actions[0].line, state) == "POTION DISCARD 1"
    assert "no potion" in parse("POTION USE 1 1", state).feedback or not parse("POTION USE 1 1", state).valid


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.text(max_size=400)
    | st.lists(
        st.sampled_from(
            [
                "PLAY",
                "END",
                "CHOOSE",
                "SKIP",
                "POTION USE",
                "1",
                "2",
                "99",
                "0",
                "-1",
                "\n",
                " ",
                "###",
                "Actions",
                "x",
                "é",
                "😀",
                "00000000000000000009",
            ]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_parser_is_total_on_hostile_text(text):
    for state in (COMBAT, REWARD, None):
        parsed = SpireParser().parse(text, state)
        assert isinstance(parsed.valid, bool) and isinstance(parsed.feedback, str)
        assert parsed.valid == bool(parsed.actions) or not parsed.valid
        assert len(parsed.actions) <= 40


def test_parser_rejects_non_strings():
    assert not parse(None).valid and not parse(b"END").valid
