"""Orak's 72 macro actions (the data table) and the action text's grammar."""

from __future__ import annotations

import time

import pytest

from orak_gym.games.starcraft2.actions import (
    QUERY_INTERVAL,
    StarCraft2Parser,
    action_dict,
    categories,
    empty_id,
    interleave,
    table,
)

from .support import require_burnysc2


def test_the_table_is_orak_s_72_protoss_actions_in_orak_s_order():
    actions = table()
    assert len(actions) == 72 and [a.id for a in actions] == list(range(72))
    assert {c: len(ids) for c, ids in categories().items()} == {
        "TRAIN UNIT": 19, "BUILD STRUCTURE": 15, "RESEARCH TECHNIQUE": 26, "OTHER ACTION": 12,
    }  # fmt: skip
    named = action_dict()
    assert named["TRAIN PROBE"] == 0 and named["MORPH ARCHON"] == 18 and named["BUILD PYLON"] == 19
    assert named["RESEARCH WARPGATERESEARCH"] == 34 and named["SCOUTING PROBE"] == 60
    assert named["MULTI-ATTACK"] == 64 and named["CHRONOBOOST FORGE"] == 70 and empty_id() == 71


def test_the_table_agrees_with_burnysc2_s_production_and_research_facts():
    """Every trained unit's producer and tech, every research's building and prerequisites, as burnysc2's
    TRAIN_INFO / RESEARCH_INFO record them (the table is data; the library is an independent witness)."""
    require_burnysc2()
    from sc2.dicts.unit_research_abilities import RESEARCH_INFO
    from sc2.dicts.unit_train_build_abilities import TRAIN_INFO
    from sc2.ids.unit_typeid import UnitTypeId as U
    from sc2.ids.upgrade_id import UpgradeId

    checked = 0
    for action in table():
        if action.kind == "train":
            facts = TRAIN_INFO[U[action.producer]][U[action.target]]
            required = facts.get("required_building")
            if required is not None and action.producer != "NEXUS":
                assert required.name in action.requires, action
            checked += 1
        elif action.kind == "research":
            facts = RESEARCH_INFO[U[action.producer]][UpgradeId[action.target]]
            if facts.get("required_building") is not None:
                assert action.requires == (facts["required_building"].name,), action
            if facts.get("required_upgrade") is not None:
                assert action.requires_upgrade == facts["required_upgrade"].name, action
            checked += 1
        elif action.kind == "build":
            assert U[action.target] in TRAIN_INFO[U.PROBE], action
            checked += 1
    assert checked == 18 + 15 + 26


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "### Analysis\nwe need supply\n### Actions\n1: <BUILD PYLON>\n2: <TRAIN PROBE>\n",
            ["BUILD PYLON", "TRAIN PROBE"],
        ),
        ("1: build pylon\n2: <Train  Probe>\n3. **MULTI-ATTACK**", ["BUILD PYLON", "TRAIN PROBE", "MULTI-ATTACK"]),
        ("Action 1: <CHRONOBOOST NEXUS> now", ["CHRONOBOOST NEXUS"]),
        ("TRAIN ZEALOT", ["TRAIN ZEALOT"]),  # a bare name: what a random player answers
    ],
)
def test_the_grammar(text, names):
    parsed = StarCraft2Parser().parse(text)
    assert parsed.valid and parsed.details["actions"] == names
    assert parsed.actions == interleave(names) and len(parsed.actions) == QUERY_INTERVAL


def test_five_actions_interleaved_with_empty_action_over_ten_steps():
    text = "\n".join(
        f"{i}: <{n}>"
        for i, n in enumerate(
            ["TRAIN PROBE", "BUILD PYLON", "BUILD GATEWAY", "TRAIN ZEALOT", "MULTI-ATTACK", "TRAIN STALKER"], 1
        )
    )
    parsed = StarCraft2Parser().parse(text)
    empty = empty_id()
    assert parsed.actions == [0, empty, 19, empty, 22, empty, 1, empty, 64, empty]
    assert "1 more ignored" in parsed.feedback


def test_unknown_names_are_reported_and_nothing_is_the_default():
    parser = StarCraft2Parser()
    mixed = parser.parse("1: <BUILD DEATHSTAR>\n2: <TRAIN PROBE>")
    assert mixed.valid and "BUILD DEATHSTAR" in mixed.feedback and mixed.actions[0] == 0
    for text in ("", "1: <BUILD DEATHSTAR>", "build a pylon please", None, 42):
        parsed = parser.parse(text)  # type: ignore[arg-type]
        assert not parsed.valid and parsed.actions == [empty_id()] * QUERY_INTERVAL and parsed.feedback


def test_the_parser_is_linear_in_the_text_length():
    parser = StarCraft2Parser()
    for unit in ("1: <", "1: TRAIN PROBE\n", "9" * 50 + ":", "1:" * 7 + " <" + "A" * 70, "\n"):
        times = []
        for length in (8_192, 65_536):
            text = (unit * (length // len(unit) + 1))[:length]
            start = time.perf_counter()
            parser.parse(text)
            times.append(time.perf_counter() - start)
        assert times[1] < 0.5, (unit, times)
