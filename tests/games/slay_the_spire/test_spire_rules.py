"""The rule agent (the screens Orak keeps from the LLM) and the expert's turn plans, on hand-written screens."""

from __future__ import annotations

from orak_gym.games.slay_the_spire.expert import SpireExpert
from orak_gym.games.slay_the_spire.rules import RuleAgent
from orak_gym.games.slay_the_spire.state import SpireState

from . import spire_messages as sm


def screen(screen_type, choices, screen_state, commands=("choose",), **game):
    message = sm.combat_reward()
    message["available_commands"] = [*commands, "key", "click", "wait", "state"]
    message["game_state"].update(screen_type=screen_type, choice_list=choices, screen_state=screen_state, **game)
    return SpireState(message)


def _map_screen(**game):
    """Three rooms on row 5 (elite, rest, monster), each leading to a monster room on row 6."""
    nodes = [{"x": 0, "y": 5, "symbol": "E"}, {"x": 2, "y": 5, "symbol": "R"}, {"x": 4, "y": 5, "symbol": "M"}]
    full = [{**n, "children": [{"x": n["x"], "y": 6}], "parents": []} for n in nodes] + [
        {"x": x, "y": 6, "symbol": "M", "children": [], "parents": []} for x in (0, 2, 4)
    ]
    return screen("MAP", ["x=0", "x=2", "x=4"], {"next_nodes": nodes, "boss_available": False}, map=full, **game)


def test_map_prefers_rest_when_low_and_avoids_early_elites():
    assert RuleAgent().command(_map_screen(floor=5)) == "CHOOSE 2"
    assert RuleAgent().command(_map_screen(floor=8, current_hp=20)) == "CHOOSE 1"
    boss = screen("MAP", ["boss"], {"next_nodes": [], "boss_available": True}, floor=16)
    assert RuleAgent().command(boss) == "CHOOSE 0"


def test_event_avoids_costly_options():
    options = [
        {"text": "[Pray] Lose 7 HP. Obtain a Curse.", "label": "Pray", "disabled": False, "choice_index": 0},
        {"text": "[Locked] Requires a relic.", "label": "Locked", "disabled": True},
        {"text": "[Read] Gain 50 gold.", "label": "Read", "disabled": False, "choice_index": 1},
    ]
    state = screen("EVENT", ["pray", "read"], {"event_name": "Shrine", "options": options})
    assert RuleAgent().command(state) == "CHOOSE 1"


def test_rest_site_rests_when_hurt_and_smiths_otherwise():
    assert (
        RuleAgent().command(screen("REST", ["rest", "smith"], {"rest_options": ["rest", "smith"]}, current_hp=30))
        == "CHOOSE 0"
    )
    assert RuleAgent().command(screen("REST", ["rest", "smith"], {}, current_hp=70, floor=6)) == "CHOOSE 1"
    done = screen("REST", [], {"has_rested": True}, commands=("proceed",))
    assert RuleAgent().command(done) == "PROCEED"


def test_combat_rewards_are_taken_once_then_proceed():
    agent = RuleAgent()
    state = SpireState(sm.combat_reward())
    assert agent.command(state) == "CHOOSE 0"
    assert agent.command(state) == "CHOOSE 1"  # gold done; the card reward next
    assert agent.command(state) == "PROCEED"  # nothing new to take: move on instead of looping


def test_card_reward_by_priority_and_skip():
    agent = RuleAgent()
    assert agent.card_reward(SpireState(sm.card_reward())) == "CHOOSE 1"  # Shrug It Off ranks above Pommel Strike
    message = sm.card_reward()
    message["game_state"]["screen_state"]["cards"] = [sm.card("Clash", "c"), sm.card("Perfected Strike", "p")]
    message["game_state"]["deck"] *= 3  # a large deck: only strong cards are worth it
    assert agent.card_reward(SpireState(message)) == "SKIP"


def test_shop_chest_boss_reward_grid_and_hand_select():
    agent = RuleAgent()
    assert agent.command(screen("SHOP_ROOM", ["shop"], {}, commands=("choose", "proceed"), gold=150)) == "CHOOSE 0"
    shop = screen(
        "SHOP_SCREEN",
        ["purge", "inflame"],
        {
            "purge_available": True,
            "purge_cost": 75,
            "cards": [{"name": "Inflame", "price": 80}],
            "relics": [],
            "potions": [],
        },
        commands=("choose", "leave"),
        gold=100,
    )
    assert agent.command(shop) == "CHOOSE 0"
    assert agent.command(screen("CHEST", ["open"], {"chest_open": False}, commands=("choose", "proceed"))) == "CHOOSE 0"
    assert (
        agent.command(screen("BOSS_REWARD", ["a", "b", "c"], {"relics": []}, commands=("choose", "skip"))) == "CHOOSE 0"
    )
    grid = screen("GRID", ["strike", "bash", "defend"], {"for_upgrade": True, "num_cards": 1, "selected_cards": []})
    assert agent.command(grid) == "CHOOSE 1"
    purge = screen("GRID", ["bash", "defend", "strike"], {"for_purge": True, "num_cards": 1, "selected_cards": []})
    assert agent.command(purge) == "CHOOSE 2"
    confirm = screen(
        "GRID", ["bash"], {"confirm_up": True, "num_cards": 1, "selected_cards": [{}]}, commands=("choose", "confirm")
    )
    assert agent.command(confirm) == "CONFIRM"
    hand = screen(
        "HAND_SELECT", ["bash", "wound", "strike"], {"max_cards": 1, "selected": []}, commands=("choose", "proceed")
    )
    assert agent.command(hand) == "CHOOSE 1"


def test_boss_fight_potions_come_first():
    message = sm.combat()
    message["game_state"]["room_type"] = "MonsterRoomBoss"
    message["game_state"]["potions"][2] = {
        "requires_target": True,
        "can_use": True,
        "can_discard": True,
        "name": "Fire Potion",
        "id": "Fire Potion",
    }
    assert RuleAgent().boss_potion(SpireState(message)) == "POTION USE 2 0"
    assert RuleAgent().boss_potion(SpireState(sm.combat())) is None


def _info(message):
    return {"state": SpireState(message).to_dict()}


def test_expert_plans_a_turn_in_the_grammar():
    # the attacking Louse (12 HP) dies to two Strikes (8 with Strength 2); the third hits the Jaw Worm
    assert SpireExpert()("", _info(sm.combat())) == "PLAY 1 1\nPLAY 2 1\nPLAY 5 2\nEND"
    heavy = sm.combat(monsters=[sm.monster("Gremlin Nob", 80, 82, "ATTACK", 25)])
    assert "PLAY 3" in SpireExpert()("", _info(heavy)).split("\n")  # blocks against a big hit
    weak_louse = sm.combat(
        monsters=[sm.monster("Louse", 5, 15, "ATTACK", 6), sm.monster("Jaw Worm", 40, 42, "ATTACK", 11)]
    )
    plan = SpireExpert()("", _info(weak_louse)).split("\n")
    assert plan[0] == "PLAY 1 1" and "PLAY 3" in plan and plan[-1] == "END"
    assert SpireExpert()("", _info(sm.card_reward())) == "CHOOSE 2"
    assert SpireExpert()("", _info(sm.combat_reward())) == "CHOOSE 1"
