"""Hand-written CommunicationMod messages (the mod's documented schema) for the Slay the Spire tests."""

from __future__ import annotations

import copy
from typing import Any


def card(
    name: str,
    uuid: str,
    cost: int = 1,
    kind: str = "ATTACK",
    target: bool = True,
    playable: bool = True,
    description: str = "",
) -> dict[str, Any]:
    data = {
        "exhausts": False,
        "is_playable": playable,
        "cost": cost,
        "name": name,
        "id": name,
        "type": kind,
        "ethereal": False,
        "uuid": uuid,
        "upgrades": 0,
        "rarity": "BASIC",
        "has_target": target,
    }
    if description:
        data["description"] = description
    return data


def strike(uuid: str, playable: bool = True) -> dict[str, Any]:
    return card("Strike", uuid, description="Deal 6 damage.", playable=playable)


def defend(uuid: str, playable: bool = True) -> dict[str, Any]:
    return card("Defend", uuid, kind="SKILL", target=False, description="Gain 5 Block.", playable=playable)


def monster(
    name: str, hp: int, max_hp: int, intent: str = "ATTACK", damage: int = 11, hits: int = 1, gone: bool = False
) -> dict[str, Any]:
    return {
        "is_gone": gone,
        "move_hits": hits,
        "move_base_damage": damage,
        "half_dead": False,
        "move_adjusted_damage": damage,
        "max_hp": max_hp,
        "intent": intent,
        "move_id": 1,
        "name": name,
        "current_hp": hp,
        "block": 0,
        "id": name.replace(" ", ""),
        "powers": [],
    }


def _game(**extra: Any) -> dict[str, Any]:
    deck = (
        [strike(f"s{i}") for i in range(5)]
        + [defend(f"d{i}") for i in range(4)]
        + [card("Bash", "b0", cost=2, description="Deal 8 damage. Apply 2 Vulnerable.")]
    )
    game = {
        "screen_type": "NONE",
        "screen_state": {},
        "screen_name": "NONE",
        "is_screen_up": False,
        "seed": 0,
        "deck": deck,
        "relics": [
            {
                "name": "Burning Blood",
                "id": "Burning Blood",
                "counter": -1,
                "description": "At the end of combat, heal 6 HP.",
            }
        ],
        "max_hp": 80,
        "current_hp": 70,
        "act_boss": "The Guardian",
        "gold": 99,
        "act": 1,
        "floor": 3,
        "room_phase": "COMBAT",
        "room_type": "MonsterRoom",
        "class": "IRONCLAD",
        "ascension_level": 0,
        "potions": [
            {
                "requires_target": False,
                "can_use": False,
                "can_discard": False,
                "name": "Potion Slot",
                "id": "Potion Slot",
            }
        ]
        * 3,
        "map": [],
        "action_phase": "WAITING_ON_USER",
    }
    game.update(extra)
    return game


def combat(energy: int = 3, hand: list | None = None, monsters: list | None = None, turn: int = 1) -> dict[str, Any]:
    """Turn ``turn`` of a fight with two monsters; by default 3 Strikes, a Defend and Bash in hand."""
    hand = (
        hand
        if hand is not None
        else [
            strike("s0"),
            strike("s1"),
            defend("d0"),
            card("Bash", "b0", cost=2, description="Deal 8 damage. Apply 2 Vulnerable."),
            strike("s2"),
        ]
    )
    monsters = (
        monsters
        if monsters is not None
        else [monster("Louse", 12, 15, "ATTACK", 6), monster("Jaw Worm", 40, 42, "DEFEND_BUFF", -1, 0)]
    )
    return {
        "available_commands": ["play", "end", "potion", "key", "click", "wait", "state"],
        "ready_for_command": True,
        "in_game": True,
        "game_state": _game(
            combat_state={
                "hand": hand,
                "draw_pile": [strike("s3"), strike("s4")],
                "discard_pile": [],
                "exhaust_pile": [],
                "limbo": [],
                "monsters": monsters,
                "turn": turn,
                "cards_discarded_this_turn": 0,
                "times_damaged": 0,
                "player": {
                    "orbs": [],
                    "current_hp": 70,
                    "block": 0,
                    "max_hp": 80,
                    "energy": energy,
                    "powers": [{"id": "Strength", "name": "Strength", "amount": 2}],
                },
            }
        ),
    }


def card_reward() -> dict[str, Any]:
    cards = [
        card("Pommel Strike", "r0", description="Deal 9 damage. Draw 1 card."),
        card("Shrug It Off", "r1", kind="SKILL", target=False, description="Gain 8 Block. Draw 1 card."),
        card("Clash", "r2", cost=0, description="Can only be played if every card in your hand is an Attack."),
    ]
    return {
        "available_commands": ["choose", "skip", "potion", "key", "click", "wait", "state"],
        "ready_for_command": True,
        "in_game": True,
        "game_state": _game(
            screen_type="CARD_REWARD",
            room_phase="COMPLETE",
            floor=4,
            choice_list=["pommel strike", "shrug it off", "clash"],
            screen_state={"cards": cards, "bowl_available": False, "skip_available": True},
        ),
    }


def combat_reward() -> dict[str, Any]:
    return {
        "available_commands": ["choose", "proceed", "potion", "key", "click", "wait", "state"],
        "ready_for_command": True,
        "in_game": True,
        "game_state": _game(
            screen_type="COMBAT_REWARD",
            room_phase="COMPLETE",
            floor=4,
            choice_list=["gold", "card"],
            screen_state={"rewards": [{"reward_type": "GOLD", "gold": 15}, {"reward_type": "CARD"}]},
        ),
    }


def main_menu() -> dict[str, Any]:
    return {"available_commands": ["start", "state"], "ready_for_command": True, "in_game": False}


def after_playing(
    message: dict[str, Any], hand_index: int, energy_cost: int = 1, damage: tuple[int, int] | None = None
) -> dict[str, Any]:
    """``message`` after the card at ``hand_index`` (0-based) was played: one card fewer, less energy."""
    new = copy.deepcopy(message)
    combat_state = new["game_state"]["combat_state"]
    played = combat_state["hand"].pop(hand_index)
    combat_state["discard_pile"].append(played)
    combat_state["player"]["energy"] -= energy_cost
    for c in combat_state["hand"]:
        c["is_playable"] = c["cost"] <= combat_state["player"]["energy"]
    if damage is not None:
        target, amount = damage
        m = combat_state["monsters"][target]
        m["current_hp"] = max(m["current_hp"] - amount, 0)
        m["is_gone"] = m["current_hp"] == 0
    return new
