"""Orak's composite grade on hand-made cases, and the plugin's file formats parsed as Orak reads them."""

from __future__ import annotations

import time

import pytest

from orak_gym.backends.mod_link import ModLinkError
from orak_gym.games.ace_attorney import grade
from orak_gym.games.ace_attorney.actions import NO_CHOICE, AceAttorneyParser
from orak_gym.games.ace_attorney.orak_facts import Renamer
from orak_gym.games.ace_attorney.plugin_files import parse_conversation, parse_record
from orak_gym.games.ace_attorney.state import AceAttorneyState


def test_a_perfect_benchmark_trial_grades_100():
    results = {task: grade.BENCHMARKS[task] for task in grade.TASKS}  # best score in best steps
    assert grade.composite_grade(results) == pytest.approx(100.0)
    assert all(grade.task_grade(t, *grade.BENCHMARKS[t]) == pytest.approx(100.0) for t in grade.TASKS)


def test_a_hand_computed_trial():
    # mc 2/3 in 30 steps; ce1 solved in 22 steps; ce2 failed (0); ce3 solved in 4 steps.
    results = {"multiple_choice": (2, 30), "cross_examination_1": (1, 22), "cross_examination_2": (0, 9),
               "cross_examination_3": (1, 4)}  # fmt: skip
    a = (1 * 2 / 3 + 4 * 1 + 2 * 0 + 3 * 1) / 10  # 0.7666...
    b = (1 * 25 / 30 + 4 * 11 / 22 + 2 * 0 + 3 * 4 / 4) / 10  # 0.5833...
    assert grade.composite_grade(results) == pytest.approx(100 * (0.7 * a + 0.3 * b))
    assert grade.composite_grade(results) == pytest.approx(71.1666666, abs=1e-6)
    # the composite is the weighted mean of the per-task grades the envs report
    per_task = sum(grade.WEIGHTS[t] * grade.task_grade(t, *results[t]) for t in grade.TASKS) / 10
    assert per_task == pytest.approx(grade.composite_grade(results))


def test_zero_score_earns_no_speed_and_speed_is_not_capped_as_in_orak():
    assert grade.task_grade("cross_examination_2", 0, 1) == 0.0
    assert grade.task_grade("cross_examination_2", 1, 1) == pytest.approx(100 * (0.7 + 0.3 * 3))  # 160
    assert grade.task_grade("multiple_choice", 3, 50) == pytest.approx(100 * (0.7 + 0.3 * 0.5))
    with pytest.raises(ValueError, match="missing cross_examination_3"):
        grade.composite_grade({t: (1, 1) for t in grade.TASKS[:3]})


def test_the_conversation_log_reads_records_with_raw_newlines_and_bars_inside():
    text = ('{"timestamp": "t1", "speaker": "8", "conversation": "Order |in| court"}|'
            '{"timestamp": "t2", "speaker": "2", "conversation": "line one\nline two"}||\n')  # fmt: skip
    records = parse_conversation(text)
    assert [r["conversation"] for r in records] == ["Order |in| court", "line one\nline two"]
    with pytest.raises(ModLinkError, match=r"record 2 is not JSON") as caught:
        parse_conversation(text[:80])
    assert "\n" not in str(caught.value)
    hostile = ('{"timestamp": "t", "speaker": "1", "conversation": "' + "{[|\\u202e" * 20000 + '"}|') * 3
    start = time.perf_counter()
    assert len(parse_conversation(hostile)) == 3 and time.perf_counter() - start < 1.0


def test_court_records_and_their_errors():
    entries, stamp = parse_record('{"timestamp": "10:00", "data": [{"id": "2", "name": "N", "desc": "D"}]}', "r.txt")
    assert entries == {"2": {"name": "N", "desc": "D"}} and stamp == "10:00"
    with pytest.raises(ModLinkError, match=r"r\.txt is not a court record"):
        parse_record('{"timestamp": "10:00", "data": 3}', "r.txt")


def test_renaming_is_orak_s_longest_first_case_blind_substitution():
    rename = Renamer({"Alias": ["Rowan Vale", "R. Vale", "Rowan", "Vale"], "Echo": ["Otto Brisk", "Otto"]})
    assert rename("ROWAN VALE met otto brisk; Rowan left.") == "Alias met Echo; Alias left."
    assert rename("Mr. Vale") == "MAlias"  # Orak's own quirk: "r. Vale" inside "Mr. Vale" is a spelling too
    start = time.perf_counter()
    rename("Vale Otto " * 50_000)
    assert time.perf_counter() - start < 2.0


def _state(screen: str, options: list[str]) -> AceAttorneyState:
    return AceAttorneyState(screen=screen, lines=[], options=options)


def test_the_parser_follows_orak_s_fallbacks():
    parser = AceAttorneyParser()
    general = _state("GENERAL", ["Tab", "Ok"])
    assert parser.parse("### Actions\n2", general).actions == [2]
    assert parser.parse("I choose 2", general).actions == [NO_CHOICE]  # GENERAL: Ok anyway
    choice = _state("MULTI_CHOICE", ["a", "b", "c"])
    found = parser.parse("I think option 3 fits", choice)
    assert found.actions == [3] and not found.valid
    assert parser.parse("no idea", choice).actions == [NO_CHOICE]  # the env draws a random option
    assert parser.parse("7", choice).actions == [NO_CHOICE] and parser.parse(None, choice).actions == [NO_CHOICE]


def test_title_cards_are_found_in_one_pass():
    from orak_gym.games.ace_attorney.env import is_title

    assert is_title("-- What I Heard --") and is_title("<color=#ff8800>-- What I Heard --</color>")
    assert not is_title("-- --") and not is_title("I said -- twice --!") and not is_title("<color=#00f000>x</color>")
    start = time.perf_counter()
    assert not is_title("--" + " " * 200_000 + "x")
    assert time.perf_counter() - start < 0.5
