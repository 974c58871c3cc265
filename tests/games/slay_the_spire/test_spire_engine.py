"""Whole runs of the embedded Slay the Spire engine: seeded replay, random legal play that
always ends, act-1 completion through every screen, CommunicationMod's message schema,
rejected commands and look-ahead clones."""

from __future__ import annotations

import contextlib
import json
import random

import pytest

from orak_gym.games.slay_the_spire.engine import InvalidCommand, SpireEngine, legal_commands
from orak_gym.games.slay_the_spire.state import SCREEN_TYPES

SCREENS = set(SCREEN_TYPES)  # CommunicationMod's screen types, as the state module names them


def play_random(seed: int, max_steps: int = 20000, lament: bool = False) -> tuple[SpireEngine, list[str]]:
    eng = SpireEngine(seed)
    r = random.Random(seed)
    trace = []
    while not eng.is_over and len(trace) < max_steps:
        st = eng.state()
        trace.append(st["game_state"]["screen_type"] if st["in_game"] else "MENU")
        cmds = legal_commands(st)
        if lament and "END" in cmds and len(cmds) > 1:
            cmds.remove("END")  # attack the 1-HP monsters instead of waiting
        cmd = r.choice(cmds)
        try:
            eng.apply(cmd)
        except InvalidCommand:
            continue
        if lament:
            eng.neow_lament = 10**9  # Neow's Lament for the whole act: every monster has 1 HP
    return eng, trace


def test_same_seed_replays_the_same_run() -> None:
    a, b = SpireEngine(11), SpireEngine(11)
    r = random.Random(5)
    for _ in range(400):
        sa, sb = a.state(), b.state()
        assert json.dumps(sa, sort_keys=True) == json.dumps(sb, sort_keys=True)
        if a.is_over:
            break
        cmd = r.choice(legal_commands(sa))
        for e in (a, b):
            with contextlib.suppress(InvalidCommand):
                e.apply(cmd)
    other = SpireEngine(12)
    other.apply("START IRONCLAD 0")
    first = SpireEngine(11)
    first.apply("START IRONCLAD 0")
    assert other.state()["game_state"]["map"] != first.state()["game_state"]["map"]


def test_commands_given_their_availability_play_the_same_run() -> None:
    """``apply(command, available)`` with the availability read since the last move is ``apply(command)``;
    ``hand_facts`` is ``card_facts`` of every card in hand."""
    told, checked = SpireEngine(3), SpireEngine(3)
    r = random.Random(3)
    for _ in range(600):
        message = checked.state()
        if checked.is_over:
            break
        command = r.choice([*legal_commands(message), "PROCEED", "CHOOSE 9", "END"])  # refused ones too
        outcomes = []
        for eng, available in ((checked, None), (told, told.available_commands())):
            try:
                eng.apply(command, available)
                outcomes.append(None)
            except InvalidCommand as exc:
                outcomes.append(str(exc))
        assert outcomes[0] == outcomes[1]
        assert json.dumps(told.state(), sort_keys=True) == json.dumps(checked.state(), sort_keys=True)
        cb = told.combat
        if cb is not None and not cb.over:  # the whole hand's facts at once are each card's
            assert told.hand_facts(cb) == [told.card_facts(c) for c in cb.hand]


def test_start_seed_string_follows_the_game() -> None:
    e = SpireEngine(123)
    e.apply("start ironclad 0 0")
    assert e.state()["game_state"]["seed"] == 0
    e2 = SpireEngine(0)
    e2.apply("START IRONCLAD 0 10")
    assert e2.state()["game_state"]["seed"] == 35


@pytest.mark.parametrize("seed", range(60))
def test_random_legal_play_always_ends(seed: int) -> None:
    eng, trace = play_random(seed)
    assert eng.is_over
    gs = eng.state()["game_state"]
    assert gs["screen_type"] == "GAME_OVER" and set(trace) <= SCREENS | {"MENU"}
    assert eng.victory == (gs["current_hp"] > 0)


@pytest.mark.parametrize("seed", range(12))
def test_act_one_is_completable_through_every_screen(seed: int) -> None:
    eng, trace = play_random(seed, lament=True)
    assert eng.is_over and eng.victory, trace[-5:]
    assert eng.bosses_defeated == 1 and eng.floor == 16
    assert {"EVENT", "MAP", "NONE", "COMBAT_REWARD", "CHEST"} <= set(trace)
    final = eng.state()
    assert final["game_state"]["screen_state"]["victory"] is True
    eng.apply("PROCEED")
    assert eng.state() == {"available_commands": ["start", "state"], "ready_for_command": True, "in_game": False}


def test_visits_every_room_kind_over_seeds() -> None:
    seen: set[str] = set()
    for seed in range(12):
        _eng, trace = play_random(seed, lament=True)
        seen |= set(trace)
    assert {"REST", "SHOP_ROOM", "SHOP_SCREEN", "BOSS_REWARD", "CARD_REWARD", "GRID"} <= seen


def test_message_schema_matches_communication_mod() -> None:
    eng = SpireEngine(4)
    st = eng.state()
    assert st == {"available_commands": ["start", "state"], "ready_for_command": True, "in_game": False}
    eng.apply("START IRONCLAD 0")
    gs = eng.state()["game_state"]
    for key in (
        "screen_type",
        "screen_state",
        "room_phase",
        "room_type",
        "current_hp",
        "max_hp",
        "floor",
        "act",
        "act_boss",
        "gold",
        "seed",
        "class",
        "ascension_level",
        "relics",
        "deck",
        "potions",
        "map",
        "choice_list",
    ):
        assert key in gs, key
    assert gs["screen_type"] == "EVENT" and gs["screen_state"]["event_id"] == "Neow Event"
    assert gs["current_hp"] == 80 and gs["gold"] == 99 and gs["relics"][0]["name"] == "Burning Blood"
    assert sorted(c["name"] for c in gs["deck"]) == ["Bash"] + ["Defend"] * 4 + ["Strike"] * 5
    assert gs["act_boss"] in ("Slime Boss", "The Guardian", "Hexaghost")
    node = gs["map"][0]
    assert set(node) == {"x", "y", "symbol", "children", "parents"} and node["y"] == 0
    assert {n["symbol"] for n in gs["map"] if n["y"] == 0} == {"M"}
    assert {n["symbol"] for n in gs["map"] if n["y"] == 14} == {"R"}
    eng.apply("CHOOSE 1")
    eng.apply("CHOOSE 0") if eng.state()["game_state"]["screen_type"] == "EVENT" else None
    while eng.state()["game_state"]["screen_type"] != "MAP":
        eng.apply(random.Random(0).choice(legal_commands(eng.state())))
    ms = eng.state()["game_state"]
    assert ms["choice_list"][0].startswith("x=") and ms["screen_state"]["first_node_chosen"] is False
    eng.apply("CHOOSE 0")
    gs = eng.state()["game_state"]
    assert gs["screen_type"] == "NONE" and gs["floor"] == 1 and gs["room_phase"] == "COMBAT"
    cs = gs["combat_state"]
    assert len(cs["hand"]) == 5 and cs["player"]["energy"] == 3 and cs["turn"] == 1
    card = cs["hand"][0]
    for key in (
        "name",
        "id",
        "uuid",
        "cost",
        "type",
        "rarity",
        "upgrades",
        "has_target",
        "is_playable",
        "exhausts",
        "ethereal",
    ):
        assert key in card
    mon = cs["monsters"][0]
    for key in (
        "name",
        "id",
        "current_hp",
        "max_hp",
        "block",
        "intent",
        "move_adjusted_damage",
        "move_hits",
        "powers",
        "is_gone",
        "half_dead",
    ):
        assert key in mon
    assert eng.state()["available_commands"] == ["play", "end", "state"]


def _at_first_combat(seed: int = 2) -> SpireEngine:
    eng = SpireEngine(seed)
    eng.apply("START IRONCLAD 0")
    eng.apply("CHOOSE 3")  # boss relic swap never opens a screen
    eng.apply("CHOOSE 0")  # leave
    eng.apply("CHOOSE 0")  # first map node: always a monster
    return eng


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("PLAY 9", 'Index 9 out of bounds in command "play 9"'),
        ("PLAY x", 'Invalid argument x in command "play x".'),
        ("PLAY", 'Argument missing in command "play".'),
        ("PLAY 1 7", 'Index 7 out of bounds in command "play 1 7"'),
        ("CHOOSE 0", "Invalid command: choose. Possible commands: [play, end, state]"),
        ("PROCEED", "Invalid command: proceed. Possible commands: [play, end, state]"),
        ("POTION use 0", "Invalid command: potion. Possible commands: [play, end, state]"),
        ("FLY", "Invalid command: fly. Possible commands: [play, end, state]"),
        ("", "Empty command."),
    ],
)
@pytest.mark.parametrize("told", [False, True], ids=["checked", "available-given"])
def test_invalid_commands_are_rejected_without_change(command: str, message: str, told: bool) -> None:
    eng = _at_first_combat()
    before = json.dumps(eng.state(), sort_keys=True)
    with pytest.raises(InvalidCommand) as err:
        # (``available``: what the env's native view read of this moment; the refusal is the same)
        eng.apply(command, eng.available_commands() if told else None)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)
    assert json.dumps(eng.state(), sort_keys=True) == before


def test_target_rules() -> None:
    eng = _at_first_combat()
    cs = eng.state()["game_state"]["combat_state"]
    i = next(k for k, c in enumerate(cs["hand"], 1) if c["has_target"])
    with pytest.raises(InvalidCommand, match="requires an enemy target"):
        eng.apply(f"PLAY {i}")
    eng.combat.monsters[0].gone = True
    with pytest.raises(InvalidCommand, match="cannot be played with the selected target"):
        eng.apply(f"PLAY {i} 0")


def test_potion_commands() -> None:
    eng = _at_first_combat()
    eng.potions[1] = "Fire Potion"
    with pytest.raises(InvalidCommand, match="No potion in the selected slot"):
        eng.apply("POTION use 0")
    with pytest.raises(InvalidCommand, match="requires a target"):
        eng.apply("POTION use 1")
    hp = eng.combat.monsters[0].hp
    eng.apply("POTION use 1 0")
    assert eng.combat is None or eng.combat.monsters[0].hp == max(0, hp - 20)
    assert eng.potions[1] is None


def test_clone_is_independent_and_replays_identically() -> None:
    eng = _at_first_combat(7)
    twin = eng.clone()
    r1, r2 = random.Random(1), random.Random(1)
    for _ in range(60):
        if eng.is_over:
            break
        s1, s2 = eng.state(), twin.state()
        assert json.dumps(s1, sort_keys=True) == json.dumps(s2, sort_keys=True)
        c1, c2 = r1.choice(legal_commands(s1)), r2.choice(legal_commands(s2))
        for e, c in ((eng, c1), (twin, c2)):
            with contextlib.suppress(InvalidCommand):
                e.apply(c)
    probe = eng.clone()
    before = json.dumps(eng.state(), sort_keys=True)
    for _ in range(20):
        if probe.is_over:
            break
        with contextlib.suppress(InvalidCommand):
            probe.apply(random.Random(3).choice(legal_commands(probe.state())))
    assert json.dumps(eng.state(), sort_keys=True) == before
