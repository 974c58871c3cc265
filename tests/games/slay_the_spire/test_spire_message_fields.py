"""The embedded engine's JSON, screen type by screen type, field by field, against CommunicationMod's
converter (``src/main/java/communicationmod/GameStateConverter.java``, github.com/ForgottenArbiter/
CommunicationMod commit 5e417eb; line numbers below are that file's). Facts only: the field names each
converter method writes, and which of them it writes only sometimes.

Random play over many seeds (with 1-HP monsters on some, so the boss and its relics come up) collects
messages of every screen type; each object in them must hold every field the converter always writes
and nothing it never writes.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator

import pytest

from orak_gym.games.slay_the_spire.engine import InvalidCommand, SpireEngine, legal_commands

# (always, sometimes, converter lines)
GAME_STATE = (
    {"screen_name", "is_screen_up", "screen_type", "screen_state", "room_phase", "action_phase", "room_type"}
    | {"current_hp", "max_hp", "floor", "act", "act_boss", "gold", "seed", "class", "ascension_level"}
    | {"relics", "deck", "potions", "map", "keys"},
    {"current_action", "choice_list", "combat_state"},
    "95-153",
)
SCREEN_STATES = {
    "EVENT": ({"body_text", "event_name", "event_id", "options"}, set(), "196-241"),
    "CHEST": ({"chest_type", "chest_open"}, set(), "156-170, 474-476"),
    "REST": ({"has_rested", "rest_options"}, set(), "156-170, 474-476"),
    "CARD_REWARD": ({"bowl_available", "skip_available", "cards"}, set(), "251-261"),
    "COMBAT_REWARD": ({"rewards"}, set(), "273-297"),
    "MAP": ({"next_nodes", "first_node_chosen", "boss_available"}, {"current_node"}, "307-320"),
    "BOSS_REWARD": ({"relics"}, set(), "328-336"),
    "SHOP_SCREEN": ({"cards", "relics", "potions", "purge_available", "purge_cost"}, set(), "347-373"),
    "GRID": (
        {"cards", "selected_cards", "num_cards", "any_number", "for_upgrade", "for_transform", "for_purge"}
        | {"confirm_up"},
        set(),
        "387-412",
    ),
    "HAND_SELECT": ({"hand", "selected", "max_cards", "can_pick_zero"}, set(), "422-441"),
    "GAME_OVER": ({"score", "victory"}, set(), "449-463"),
    "SHOP_ROOM": (set(), set(), "469-495 (no case: an empty object)"),
    "NONE": (set(), set(), "469-495 (no case: an empty object)"),
}
COMBAT_STATE = (
    {"draw_pile", "discard_pile", "exhaust_pile", "hand", "limbo", "player", "monsters", "turn"}
    | {"cards_discarded_this_turn", "times_damaged"},
    {"card_in_play"},
    "514-554",
)
CARD = (
    {"name", "uuid", "cost", "upgrades", "id", "type", "rarity", "has_target", "exhausts", "ethereal"},
    {"misc", "is_playable"},
    "631-650",
)
SHOP_CARD = (CARD[0] | {"price"}, CARD[1], "347-373")
MONSTER = (
    {"id", "name", "current_hp", "max_hp", "intent", "half_dead", "is_gone", "block", "powers"},
    {"move_id", "move_base_damage", "move_adjusted_damage", "move_hits", "last_move_id", "second_last_move_id"},
    "674-713",
)
PLAYER = ({"max_hp", "current_hp", "powers", "energy", "block", "orbs"}, set(), "728-741")
POWER = ({"id", "name", "amount"}, {"damage", "card", "misc", "just_applied"}, "778-827")
RELIC = ({"id", "name", "counter"}, set(), "838-844")
SHOP_RELIC = (RELIC[0] | {"price"}, set(), "347-373")
POTION = ({"id", "name", "can_use", "can_discard", "requires_target"}, set(), "857-871")
SHOP_POTION = (POTION[0] | {"price"}, set(), "347-373")
MAP_NODE = ({"x", "y", "symbol", "parents", "children"}, set(), "562-611")
NEXT_NODE = ({"x", "y", "symbol"}, set(), "607-611")
CURRENT_NODE = ({"x", "y"}, {"symbol"}, "607-611 (the act's start room has no symbol, dropped by Gson)")
XY = ({"x", "y"}, set(), "589-594")
REWARD = ({"reward_type"}, {"gold", "relic", "potion", "link"}, "273-297")
EVENT_OPTION = ({"text", "disabled", "label"}, {"choice_index"}, "196-241")
KEYS = ({"ruby", "emerald", "sapphire"}, set(), "147-151")


def check(obj: dict, spec: tuple[set[str], set[str], str], where: str) -> None:
    always, sometimes, lines = spec
    keys = set(obj)
    assert always <= keys, f"{where}: missing {sorted(always - keys)} (GameStateConverter.java:{lines})"
    assert keys <= always | sometimes, f"{where}: extra {sorted(keys - always - sometimes)} (:{lines})"


# where the room holds no monsters (AbstractDungeon.getMonsters() is null) cards carry no is_playable (:638-640)
ROOMS_WITHOUT_MONSTERS = {"NeowRoom", "ShopRoom", "RestRoom", "TreasureRoom", "TreasureRoomBoss"}


def all_cards(gs: dict) -> Iterator[dict]:
    yield from gs["deck"]
    cs = gs.get("combat_state", {})
    for pile in ("draw_pile", "discard_pile", "exhaust_pile", "hand", "limbo"):
        yield from cs.get(pile, [])
    ss = gs["screen_state"]
    for key in ("cards", "selected_cards", "hand", "selected"):
        if isinstance(ss.get(key), list) and ss[key] and "uuid" in ss[key][0]:
            yield from ss[key]


def check_message(msg: dict, event_fight_floor: int | None = None) -> str:
    """Checks every object of one message; returns its screen type. ``event_fight_floor``: the floor of
    the run's last event room that held a fight (its monsters stay there after the fight)."""
    gs = msg["game_state"]
    check(gs, GAME_STATE, "game_state")
    room = gs["room_type"]
    for c in all_cards(gs):
        if room in ROOMS_WITHOUT_MONSTERS:
            assert "is_playable" not in c, f"{room}: a card with is_playable (GameStateConverter.java:638-640)"
        elif room.startswith("MonsterRoom") or "combat_state" in gs or gs["floor"] == event_fight_floor:
            assert "is_playable" in c, f"{room}: a card without is_playable (GameStateConverter.java:638-640)"
    st = gs["screen_type"]
    ss = gs["screen_state"]
    check(ss, SCREEN_STATES[st], f"screen_state of {st}")
    check(gs["keys"], KEYS, "keys")
    for c in gs["deck"]:
        check(c, CARD, "deck card")
    for r in gs["relics"]:
        check(r, RELIC, "relic")
    for p in gs["potions"]:
        check(p, POTION, "potion")
    for n in gs["map"]:
        check(n, MAP_NODE, "map node")
        for child in n["children"]:
            check(child, XY, "map child")
    if "combat_state" in gs:
        cs = gs["combat_state"]
        check(cs, COMBAT_STATE, "combat_state")
        for pile in ("draw_pile", "discard_pile", "exhaust_pile", "hand", "limbo"):
            for c in cs[pile]:
                check(c, CARD, pile)
        check(cs["player"], PLAYER, "player")
        for pw in cs["player"]["powers"]:
            check(pw, POWER, "player power")
        for m in cs["monsters"]:
            check(m, MONSTER, "monster")
            for pw in m["powers"]:
                check(pw, POWER, "monster power")
    cards = {"CARD_REWARD": "cards", "GRID": "cards", "HAND_SELECT": "hand"}.get(st)
    if cards:
        for c in ss[cards]:
            check(c, CARD, f"{st} card")
    if st == "GRID":
        for c in ss["selected_cards"]:
            check(c, CARD, "grid selected card")
    if st == "HAND_SELECT":
        for c in ss["selected"]:
            check(c, CARD, "hand-select selected card")
    if st == "MAP":
        for n in ss["next_nodes"]:
            check(n, NEXT_NODE, "next node")
        if "current_node" in ss:
            check(ss["current_node"], CURRENT_NODE, "current node")
    if st == "BOSS_REWARD":
        for r in ss["relics"]:
            check(r, RELIC, "boss relic")
    if st == "COMBAT_REWARD":
        for rw in ss["rewards"]:
            check(rw, REWARD, "reward")
            if "relic" in rw:
                check(rw["relic"], RELIC, "reward relic")
            if "potion" in rw:
                check(rw["potion"], POTION, "reward potion")
    if st == "SHOP_SCREEN":
        for c in ss["cards"]:
            check(c, SHOP_CARD, "shop card")
        for r in ss["relics"]:
            check(r, SHOP_RELIC, "shop relic")
        for p in ss["potions"]:
            check(p, SHOP_POTION, "shop potion")
    if st == "EVENT":
        for o in ss["options"]:
            check(o, EVENT_OPTION, "event option")
    return st


def messages(seeds: range) -> Iterator[dict]:
    """Every message of random legal runs; on odd seeds monsters come at 1 HP (Neow's Lament all act)."""
    for seed in seeds:
        eng, r = SpireEngine(seed), random.Random(seed)
        yield eng.state()
        eng.apply("START IRONCLAD 0")
        for _ in range(3000):
            msg = eng.state()
            yield msg
            if eng.is_over:
                break
            cmds = legal_commands(msg)
            if seed % 2 and "END" in cmds and len(cmds) > 1:
                cmds.remove("END")
            with contextlib.suppress(InvalidCommand):
                eng.apply(r.choice(cmds))
            if seed % 2:
                eng.neow_lament = 10**9


@pytest.mark.parametrize("chunk", range(4))
def test_every_object_has_the_converters_fields(chunk: int) -> None:
    seen, event_fight_floor = set(), None
    for msg in messages(range(chunk * 10, chunk * 10 + 10)):
        if not msg.get("in_game"):
            assert set(msg) == {"available_commands", "ready_for_command", "in_game"}  # converter 51-59
            continue
        assert set(msg) == {"available_commands", "ready_for_command", "in_game", "game_state"}
        gs = msg["game_state"]
        if "combat_state" in gs and gs["room_type"] == "EventRoom":
            event_fight_floor = gs["floor"]
        seen.add(check_message(msg, event_fight_floor))
    assert {"EVENT", "MAP", "NONE", "COMBAT_REWARD", "CARD_REWARD", "GAME_OVER"} <= seen, seen


def test_every_screen_type_is_reached() -> None:
    """The field checks above saw each screen type the engine can show (none left unchecked)."""
    seen = set()
    for msg in messages(range(40)):
        if msg.get("in_game"):
            seen.add(msg["game_state"]["screen_type"])
    assert seen == set(SCREEN_STATES), set(SCREEN_STATES) - seen


def test_cards_keep_is_playable_after_an_event_fight() -> None:
    """An event room that held a fight still has its monsters (the converter writes is_playable there,
    :638-640) through the rewards and the map that follow, until the next room."""
    from orak_gym.games.slay_the_spire.engine.events import Mushrooms

    eng, r = SpireEngine(7), random.Random(7)
    eng.apply("START IRONCLAD 0")
    eng.floor_num = 3
    eng.room_type, eng.event, eng.screen = "EventRoom", Mushrooms(eng), "EVENT"
    eng.apply("CHOOSE 0")  # Stomp: the fight
    assert "combat_state" in eng.state()["game_state"]
    for m in eng.combat.monsters:
        m.hp = 1
    screens = []
    for _ in range(200):
        msg = eng.state()
        gs = msg["game_state"]
        if gs["floor"] != 3 or eng.is_over:
            break
        screens.append(check_message(msg, event_fight_floor=3))
        cmds = legal_commands(msg)
        if "END" in cmds and len(cmds) > 1:
            cmds.remove("END")
        with contextlib.suppress(InvalidCommand):
            eng.apply(r.choice(cmds))
    assert {"NONE", "COMBAT_REWARD", "MAP"} <= set(screens), screens
