"""Conformance table of the embedded Slay the Spire engine against the real game.

Each row is (content id, scenario, expected value, source). Expected values come from the real game's logic
as written down outside this project, never from our engine:

- ``LS`` = sts_lightspeed (github.com/gamerpuppy/sts_lightspeed, a C++ reimplementation of the game's
  logic), cited by file and line;
- ``CM`` = CommunicationMod's ``src/main/java/communicationmod/GameStateConverter.java``
  (github.com/ForgottenArbiter/CommunicationMod, commit 5e417eb), the converter that writes the JSON
  our engine imitates;
- the decompiled game class by name where neither holds the fact.

A row that fails is a difference from the real game: fix the engine, or, where the difference is
deliberate, list it in docs/games/slay_the_spire.md, "How it differs from the real game".

``test_every_relic_potion_and_power_has_a_row`` lists every relic, potion and power the engine implements
and fails on one that no row names (``relic <id>``, ``potion <id>``, ``power <id>``), except the few in
``NO_OBSERVABLE_EFFECT``, each with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from orak_gym.games.slay_the_spire import engine
from orak_gym.games.slay_the_spire.engine import relics as R
from orak_gym.games.slay_the_spire.engine.potions import POTIONS as ENGINE_POTIONS
from orak_gym.games.slay_the_spire.engine.powers import power_name

from .spire_card_facts import CARD_FACTS, DEPARTURES
from .spire_conformance_scenarios import (
    after_hp_loss,
    anchor_block_on_turn_one,
    attacked,
    block_after_shuffles,
    block_on_turn,
    bombs,
    card_obtained,
    card_static_facts,
    chest_relics,
    combust_hp_loss,
    drink,
    end_of_turn_block,
    energy_on_turn,
    exhaust_one,
    first_map_current_node,
    guardian_hit,
    heal_after_win,
    heal_on_entering,
    hit_monster,
    hp_range,
    idol_gold,
    kill_one_of_two,
    large_slime_split,
    louse_after_one_grow,
    maw_bank,
    monster_hp_lost_by_turn,
    monster_moves,
    monster_power,
    move_effect,
    obtained,
    per_turn_relic_after_split_plays,
    picked_up,
    plated_armor_after_chomp,
    play_alone,
    player_power,
    potion_flow,
    potion_outcome,
    power_json,
    power_play_heal,
    question_rooms,
    relic_case,
    rest_with,
    serpent_gold,
    shop_with,
    spoon_outcomes,
    strike_after_counter,
    tea_set_energy,
    toolbox_offer,
    vulnerable_hit,
    weak_after_lick,
    wing_boots_choices,
    with_relic,
    won_with,
)

LS_BC = "LS src/combat/BattleContext.cpp"
LS_MS = "LS src/combat/MonsterSpecific.cpp"
LS_PL = "LS src/combat/Player.cpp"
CM = "CM GameStateConverter.java"


@dataclass(frozen=True)
class Row:
    content: str
    scenario: Callable[[], Any]
    expected: Any
    source: str

    @property
    def id(self) -> str:
        return self.content


def _card(cid: str, up: int, measure: str, expected: int, line: int) -> Row:
    return Row(f"card {cid}{'+' * up} {measure}", lambda: play_alone(cid, up, measure), expected, f"{LS_BC}:{line}")


def _potion(pid: str, measure: str, expected: int, line: int) -> Row:
    return Row(f"potion {pid} {measure}", lambda: drink(pid, measure), expected, f"{LS_BC}:{line}")


_MOVES: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}


def _move(monster: str, encounter: str, move: str, dmg: int, hits: int, line: int) -> Row:
    def seen() -> tuple[int, int] | None:
        key = (monster, encounter)
        if key not in _MOVES:
            _MOVES[key] = monster_moves(monster, encounter)
        return _MOVES[key].get(move)

    return Row(f"monster {monster} {move}", seen, (dmg, hits), f"{LS_MS}:{line} (ascension 0)")


# ---------------------------------------------------------------- cards (played alone on a 999-HP Cultist)
CARDS = [
    _card("Strike_R", 0, "damage", 6, 971),
    _card("Strike_R", 1, "damage", 9, 971),
    _card("Anger", 0, "damage", 6, 976),
    _card("Anger", 1, "damage", 8, 976),
    _card("Bash", 0, "damage", 8, 982),
    _card("Bash", 1, "damage", 10, 982),
    _card("Bash", 0, "target:Vulnerable", 2, 983),
    _card("Bash", 1, "target:Vulnerable", 3, 983),
    _card("Blood for Blood", 0, "damage", 18, 996),
    _card("Blood for Blood", 1, "damage", 22, 996),
    _card("Bludgeon", 0, "damage", 32, 1000),
    _card("Bludgeon", 1, "damage", 42, 1000),
    _card("Carnage", 0, "damage", 20, 1004),
    _card("Carnage", 1, "damage", 28, 1004),
    _card("Clash", 0, "damage", 14, 1008),
    _card("Clash", 1, "damage", 18, 1008),
    _card("Cleave", 0, "damage", 8, 1012),
    _card("Cleave", 1, "damage", 11, 1012),
    _card("Clothesline", 0, "damage", 12, 1018),
    _card("Clothesline", 1, "damage", 14, 1018),
    _card("Clothesline", 0, "target:Weakened", 2, 1019),
    _card("Clothesline", 1, "target:Weakened", 3, 1019),
    _card("Dramatic Entrance", 0, "damage", 8, 1023),
    _card("Dramatic Entrance", 1, "damage", 12, 1023),
    _card("Feed", 0, "damage", 10, 1033),
    _card("Feed", 1, "damage", 12, 1033),
    _card("Flash of Steel", 0, "damage", 3, 1041),
    _card("Flash of Steel", 1, "damage", 6, 1041),
    _card("HandOfGreed", 0, "damage", 20, 1046),
    _card("HandOfGreed", 1, "damage", 25, 1046),
    _card("Headbutt", 0, "damage", 9, 1050),
    _card("Headbutt", 1, "damage", 12, 1050),
    _card("Heavy Blade", 0, "damage", 14, 1055),
    _card("Hemokinesis", 0, "damage", 15, 1065),
    _card("Hemokinesis", 1, "damage", 20, 1065),
    _card("Hemokinesis", 0, "hp", -2, 1064),
    _card("Immolate", 0, "damage", 21, 1069),
    _card("Immolate", 1, "damage", 28, 1069),
    _card("Iron Wave", 0, "damage", 5, 1077),
    _card("Iron Wave", 1, "damage", 7, 1077),
    _card("Iron Wave", 0, "block", 5, 1076),
    _card("Iron Wave", 1, "block", 7, 1076),
    _card("Pommel Strike", 0, "damage", 9, 1096),
    _card("Pommel Strike", 1, "damage", 10, 1096),
    _card("Pommel Strike", 0, "drawn", 1, 1097),
    _card("Pommel Strike", 1, "drawn", 2, 1097),
    _card("Reckless Charge", 0, "damage", 7, 1128),
    _card("Reckless Charge", 1, "damage", 10, 1128),
    _card("Sever Soul", 0, "damage", 16, 1145),
    _card("Sever Soul", 1, "damage", 22, 1145),
    _card("Swift Strike", 0, "damage", 7, 1149),
    _card("Swift Strike", 1, "damage", 10, 1149),
    _card("Sword Boomerang", 0, "damage", 9, 1153),
    _card("Sword Boomerang", 1, "damage", 12, 1153),
    _card("Thunderclap", 0, "damage", 4, 1159),
    _card("Thunderclap", 1, "damage", 7, 1159),
    _card("Thunderclap", 0, "target:Vulnerable", 1, 1161),
    _card("Twin Strike", 0, "damage", 10, 1166),
    _card("Twin Strike", 1, "damage", 14, 1166),
    _card("Uppercut", 0, "damage", 13, 1173),
    _card("Uppercut", 0, "target:Weakened", 1, 1174),
    _card("Uppercut", 1, "target:Weakened", 2, 1174),
    _card("Uppercut", 0, "target:Vulnerable", 1, 1175),
    _card("Uppercut", 1, "target:Vulnerable", 2, 1175),
    _card("Wild Strike", 0, "damage", 12, 1188),
    _card("Wild Strike", 1, "damage", 17, 1188),
    _card("Defend_R", 0, "block", 5, 1214),
    _card("Defend_R", 1, "block", 8, 1214),
    _card("Armaments", 0, "block", 5, 1218),
    _card("Bandage Up", 0, "hp", 4, 1235),
    _card("Bandage Up", 1, "hp", 6, 1235),
    _card("Battle Trance", 0, "drawn", 3, 1239),
    _card("Battle Trance", 1, "drawn", 4, 1239),
    _card("Blind", 0, "target:Weakened", 2, 1247),
    _card("Bloodletting", 0, "hp", -3, 1252),
    _card("Bloodletting", 0, "energy", 2, 1253),
    _card("Bloodletting", 1, "energy", 3, 1253),
    _card("Dark Shackles", 0, "target:Strength", -9, 1266),
    _card("Dark Shackles", 1, "target:Strength", -15, 1266),
    _card("Disarm", 0, "target:Strength", -2, 1282),
    _card("Double Tap", 0, "player:Double Tap", 1, 1291),
    _card("Double Tap", 1, "player:Double Tap", 2, 1291),
    _card("Finesse", 0, "block", 2, 1311),
    _card("Finesse", 1, "block", 4, 1311),
    _card("Finesse", 0, "drawn", 1, 1312),
    _card("Flame Barrier", 0, "block", 12, 1320),
    _card("Flame Barrier", 1, "block", 16, 1320),
    _card("Flame Barrier", 0, "player:Flame Barrier", 4, 1321),
    _card("Flame Barrier", 1, "player:Flame Barrier", 6, 1321),
    _card("Flex", 0, "player:Strength", 2, 1325),
    _card("Flex", 1, "player:Strength", 4, 1325),
    _card("Ghostly Armor", 0, "block", 10, 1330),
    _card("Ghostly Armor", 1, "block", 13, 1330),
    _card("Good Instincts", 0, "block", 6, 1334),
    _card("Good Instincts", 1, "block", 9, 1334),
    _card("Impervious", 0, "block", 30, 1356),
    _card("Impervious", 1, "block", 40, 1356),
    _card("Intimidate", 0, "target:Weakened", 1, 1364),
    _card("Intimidate", 1, "target:Weakened", 2, 1364),
    _card("Master of Strategy", 0, "drawn", 3, 1385),
    _card("Master of Strategy", 1, "drawn", 4, 1385),
    _card("Offering", 0, "hp", -6, 1393),
    _card("Offering", 0, "energy", 2, 1394),
    _card("Offering", 0, "drawn", 3, 1395),
    _card("Offering", 1, "drawn", 5, 1395),
    _card("Panacea", 0, "player:Artifact", 1, 1399),
    _card("Panacea", 1, "player:Artifact", 2, 1399),
    _card("PanicButton", 0, "block", 30, 1403),
    _card("PanicButton", 1, "block", 40, 1403),
    _card("PanicButton", 0, "player:No Block", 2, 1404),
    _card("Power Through", 0, "block", 15, 1409),
    _card("Power Through", 1, "block", 20, 1409),
    _card("Rage", 0, "player:Rage", 3, 1417),
    _card("Rage", 1, "player:Rage", 5, 1417),
    _card("Seeing Red", 0, "energy", 2, 1433),
    _card("Sentinel", 0, "block", 5, 1437),
    _card("Sentinel", 1, "block", 8, 1437),
    _card("Shockwave", 0, "target:Weakened", 3, 1441),
    _card("Shockwave", 1, "target:Weakened", 5, 1441),
    _card("Shockwave", 0, "target:Vulnerable", 3, 1442),
    _card("Shockwave", 1, "target:Vulnerable", 5, 1442),
    _card("Shrug It Off", 0, "block", 8, 1446),
    _card("Shrug It Off", 1, "block", 11, 1446),
    _card("Shrug It Off", 0, "drawn", 1, 1447),
    _card("Trip", 0, "target:Vulnerable", 2, 1478),
    _card("True Grit", 0, "block", 7, 1483),
    _card("True Grit", 1, "block", 9, 1483),
    _card("Berserk", 0, "player:Vulnerable", 2, 1524),
    _card("Berserk", 1, "player:Vulnerable", 1, 1524),
    _card("Combust", 0, "player:Combust", 5, 1536),
    _card("Combust", 1, "player:Combust", 7, 1536),
    _card("Demon Form", 0, "player:Demon Form", 2, 1540),
    _card("Demon Form", 1, "player:Demon Form", 3, 1540),
    _card("Evolve", 0, "player:Evolve", 1, 1548),
    _card("Evolve", 1, "player:Evolve", 2, 1548),
    _card("Feel No Pain", 0, "player:Feel No Pain", 3, 1552),
    _card("Feel No Pain", 1, "player:Feel No Pain", 4, 1552),
    _card("Fire Breathing", 0, "player:Fire Breathing", 6, 1556),
    _card("Fire Breathing", 1, "player:Fire Breathing", 10, 1556),
    _card("Inflame", 0, "player:Strength", 2, 1560),
    _card("Inflame", 1, "player:Strength", 3, 1560),
    _card("Juggernaut", 0, "player:Juggernaut", 5, 1564),
    _card("Juggernaut", 1, "player:Juggernaut", 7, 1564),
    _card("Metallicize", 0, "player:Metallicize", 3, 1576),
    _card("Metallicize", 1, "player:Metallicize", 4, 1576),
    _card("Panache", 0, "player:Panache", 10, 1580),
    _card("Panache", 1, "player:Panache", 14, 1580),
    _card("Rupture", 0, "player:Rupture", 1, 1584),
    _card("Rupture", 1, "player:Rupture", 2, 1584),
    _card("Sadistic Nature", 0, "player:Sadistic Nature", 5, 1588),
    _card("Sadistic Nature", 1, "player:Sadistic Nature", 7, 1588),
]

# ---------------------------------------------------------------- every card's static facts, base and upgraded
CARD_STATIC = [
    Row(
        f"card {cid} facts",
        lambda cid=cid: card_static_facts(cid),
        facts,
        DEPARTURES.get(
            cid,
            "LS include/constants/Cards.h (cardTypes, cardRarities, getEnergyCost, cardTargetsEnemy, "
            "doesCardExhaust, isCardEthereal, isCardInnate)",
        ),
    )
    for cid, facts in CARD_FACTS.items()
]

# ---------------------------------------------------------------- potions (drunk in the Cultist fight, 20 HP of 80)
POTIONS = [
    _potion("Ancient Potion", "player:Artifact", 1, 2252),
    _potion("Block Potion", "block", 12, 2264),
    Row(
        "potion BloodPotion hp",
        lambda: drink("BloodPotion", "hp"),
        16,
        "decompiled BloodPotion.getPotency: 20 (% of max HP, 80 here); LS :2269 has the Sacred Bark branch swapped",
    ),
    _potion("CultistPotion", "player:Ritual", 1, 2283),
    _potion("Dexterity Potion", "player:Dexterity", 2, 2291),
    _potion("DuplicationPotion", "player:Duplication", 1, 2303),
    _potion("Energy Potion", "energy", 2, 2311),
    _potion("EssenceOfSteel", "player:Plated Armor", 4, 2327),
    _potion("Explosive Potion", "damage", 10, 2331),
    _potion("FearPotion", "target:Vulnerable", 3, 2337),
    _potion("Fire Potion", "damage", 20, 2341),
    _potion("SteroidPotion", "player:Strength", 5, 2345),
    _potion("Fruit Juice", "max_hp", 85, 2354),
    _potion("HeartOfIron", "player:Metallicize", 6, 2366),
    _potion("LiquidBronze", "player:Thorns", 3, 2370),
    _potion("Regen Potion", "player:Regeneration", 5, 2391),
    _potion("SneckoOil", "drawn", 5, 2403),
    _potion("SpeedPotion", "player:Dexterity", 5, 2408),
    _potion("Strength Potion", "player:Strength", 2, 2417),
    _potion("Swift Potion", "drawn", 3, 2421),
    _potion("Weak Potion", "target:Weakened", 3, 2425),
]

POTION_EFFECTS = [
    Row(
        "potion ElixirPotion exhausts the cards chosen",
        lambda: potion_flow("ElixirPotion", "pick2"),
        (1, 2, 1),
        f"{LS_BC}:2306-2307 (ExhaustMany: any number of the hand)",
    ),
    Row(
        "potion GamblersBrew discards the cards chosen and draws as many",
        lambda: potion_flow("GamblersBrew", "pick2"),
        (3, 0, 3),
        f"{LS_BC}:2357-2358 (GambleAction)",
    ),
    Row(
        "potion LiquidMemories returns a discarded card costing 0",
        lambda: potion_flow("LiquidMemories", "memories"),
        (4, 0),
        f"{LS_BC}:2373-2374 (BetterDiscardPileToHandAction: 1, cost 0 this turn)",
    ),
    Row(
        "potion ColorlessPotion offers 3 colorless cards",
        lambda: potion_flow("ColorlessPotion", "choices"),
        (3, ["COLORLESS"]),
        f"{LS_BC}:2278-2279 (DiscoveryAction of colorless cards)",
    ),
    Row(
        "potion SmokeBomb leaves a hallway fight without rewards",
        lambda: potion_flow("SmokeBomb", "escaped"),
        (True, 0),
        "decompiled SmokeBomb.use: the room is smoked (no rewards) and the fight ends",
    ),
    Row(
        "potion SmokeBomb cannot be drunk in a boss fight",
        lambda: potion_flow("SmokeBomb", "in_boss_fight"),
        False,
        "decompiled SmokeBomb.canUse: false in a MonsterRoomBoss",
    ),
    Row(
        "potion BlessingOfTheForge upgrades the hand",
        lambda: potion_outcome("BlessingOfTheForge", "upgraded"),
        3,
        f"{LS_BC}:2259-2261",
    ),
    Row(
        "potion DistilledChaos plays the top 3 cards",
        lambda: potion_outcome("DistilledChaos", "draw_pile"),
        3,
        f"{LS_BC}:2294-2299",
    ),
    Row(
        "potion EntropicBrew fills every slot, its own too",
        lambda: potion_outcome("EntropicBrew", "filled"),
        3,
        f"{LS_BC}:2242 (the potion leaves its slot first), :2314-2320",
    ),
    Row(
        "potion AttackPotion offers 3 attacks",
        lambda: potion_outcome("AttackPotion", "choices"),
        (3, ["ATTACK"]),
        f"{LS_BC}:2255-2256 (DiscoveryAction of ATTACK cards; the game's DiscoveryAction shows 3)",
    ),
    Row(
        "potion SkillPotion offers 3 skills",
        lambda: potion_outcome("SkillPotion", "choices"),
        (3, ["SKILL"]),
        f"{LS_BC}:2394-2395",
    ),
    Row(
        "potion PowerPotion offers 3 powers",
        lambda: potion_outcome("PowerPotion", "choices"),
        (3, ["POWER"]),
        f"{LS_BC}:2385-2387",
    ),
    Row(
        "potion FairyPotion revives at 30% of max HP and is spent",
        lambda: potion_outcome("FairyPotion", "fairy"),
        (24, None),
        f"{LS_PL}:328-336",
    ),
]

# ---------------------------------------------------------------- monsters: base damage and hits of each attack
MONSTERS = [
    _move("AcidSlime_L", "Large Slime", "Corrosive Spit", 11, 1, 354),
    _move("AcidSlime_L", "Large Slime", "Tackle", 16, 1, 369),
    _move("AcidSlime_M", "Small Slimes", "Corrosive Spit", 7, 1, 374),
    _move("AcidSlime_M", "Small Slimes", "Tackle", 10, 1, 387),
    _move("SlaverBlue", "Blue Slaver", "Rake", 7, 1, 444),
    _move("SlaverBlue", "Blue Slaver", "Stab", 12, 1, 451),
    _move("Cultist", "Cultist", "Dark Strike", 6, 1, 677),
    _move("FungiBeast", "2 Fungi Beasts", "Bite", 6, 1, 692),
    _move("GremlinNob", "Gremlin Nob", "Rush", 14, 1, 762),
    _move("GremlinNob", "Gremlin Nob", "Skull Bash", 6, 1, 767),
    _move("Hexaghost", "Hexaghost", "Inferno", 2, 6, 808),
    _move("Hexaghost", "Hexaghost", "Sear", 6, 1, 823),
    _move("Hexaghost", "Hexaghost", "Tackle", 5, 2, 841),
    _move("JawWorm", "Jaw Worm", "Chomp", 11, 1, 851),
    _move("JawWorm", "Jaw Worm", "Thrash", 7, 1, 864),
    _move("Lagavulin", "Lagavulin", "Attack", 18, 1, 872),
    _move("Looter", "Looter", "Mug", 10, 1, 923),
    _move("Looter", "Looter", "Lunge", 12, 1, 913),
    _move("SlaverRed", "Red Slaver", "Scrape", 8, 1, 1023),
    _move("SlaverRed", "Red Slaver", "Stab", 13, 1, 1029),
    _move("Sentry", "3 Sentries", "Beam", 9, 1, 1036),
    _move("SlimeBoss", "Slime Boss", "Slam", 35, 1, 1099),
    _move("SpikeSlime_L", "Large Slime", "Flame Tackle", 16, 1, 1188),
    _move("TheGuardian", "The Guardian", "Fierce Bash", 32, 1, 1335),
    _move("TheGuardian", "The Guardian", "Whirlwind", 5, 4, 1359),
]


def _effect(monster: str, encounter: str, move: str, measure: str, expected: int, line: str) -> Row:
    return Row(
        f"monster {monster} {move} {measure}",
        lambda: move_effect(monster, encounter, move, measure),
        expected,
        f"{LS_MS}:{line} (ascension 0)",
    )


MONSTER_EFFECTS = [
    _effect("AcidSlime_L", "Large Slime", "Lick", "player:Weakened", 2, "359-360"),
    _effect("AcidSlime_M", "Small Slimes", "Corrosive Spit", "discard:Slimed", 1, "373-375"),
    _effect("AcidSlime_M", "Small Slimes", "Lick", "player:Weakened", 1, "381-382"),
    _effect("SlaverBlue", "Blue Slaver", "Rake", "player:Weakened", 1, "442-445"),
    _effect("GremlinFat", "Gremlin Gang", "Smash", "player:Weakened", 1, "643-645"),
    _effect("Cultist", "Cultist", "Incantation", "monster:Ritual", 3, "681-683"),
    _effect("FungiBeast", "2 Fungi Beasts", "Grow", "monster:Strength", 3, "696-698"),
    _effect("FuzzyLouseDefensive", "2 Louse", "Spit Web", "player:Weakened", 2, "749-750"),
    _effect("GremlinNob", "Gremlin Nob", "Bellow", "monster:Anger", 2, "756-757 (Enrage)"),
    _effect("GremlinNob", "Gremlin Nob", "Skull Bash", "player:Vulnerable", 2, "766-768"),
    _effect("Hexaghost", "Hexaghost", "Sear", "discard:Burn", 1, "822-825"),
    _effect("JawWorm", "Jaw Worm", "Bellow", "monster:Strength", 3, "855-857"),
    _effect("JawWorm", "Jaw Worm", "Bellow", "monster_block", 6, "858"),
    _effect("Lagavulin", "Lagavulin", "Siphon Soul", "player:Strength", -1, "881-883"),
    _effect("Lagavulin", "Lagavulin", "Siphon Soul", "player:Dexterity", -1, "881-882"),
    _effect("Looter", "Looter", "Mug", "gold", 15, "233-235 (Thievery 15)"),
    _effect("FuzzyLouseNormal", "2 Louse", "Grow", "monster:Strength", 3, "1010-1011"),
    _effect("SlaverRed", "Red Slaver", "Entangle", "player:Entangled", 1, "1017-1018"),
    _effect("SlaverRed", "Red Slaver", "Scrape", "player:Vulnerable", 1, "1022-1024"),
    _effect("Sentry", "3 Sentries", "Bolt", "discard:Dazed", 2, "1041-1042"),
    _effect("SpikeSlime_M", "Small Slimes", "Lick", "player:Frail", 1, "1172-1173"),
    _effect("SpikeSlime_L", "Large Slime", "Lick", "player:Frail", 2, "1193-1194"),
    _effect("TheGuardian", "The Guardian", "Vent Steam", "player:Vulnerable", 2, "1352-1353"),
    _effect("TheGuardian", "The Guardian", "Vent Steam", "player:Weakened", 2, "1352-1354"),
]

# ---------------------------------------------------------------- monster HP at ascension 0
_HP = {
    "AcidSlime_L": ((65, 69), 152), "AcidSlime_M": ((28, 32), 153), "AcidSlime_S": ((8, 12), 154),
    "SlaverBlue": ((46, 50), 157), "Cultist": ((48, 54), 165), "GremlinFat": ((13, 17), 171),
    "FungiBeast": ((22, 28), 172), "FuzzyLouseDefensive": ((11, 17), 174), "GremlinNob": ((82, 86), 176),
    "GremlinWizard": ((21, 25), 177), "Hexaghost": ((250, 250), 178), "JawWorm": ((40, 44), 179),
    "Lagavulin": ((109, 111), 180), "Looter": ((44, 48), 181), "GremlinWarrior": ((20, 24), 182),
    "FuzzyLouseNormal": ((10, 15), 188), "SlaverRed": ((46, 50), 189), "Sentry": ((38, 42), 193),
    "GremlinTsundere": ((12, 15), 195), "SlimeBoss": ((140, 140), 196), "GremlinThief": ((10, 14), 198),
    "SpikeSlime_L": ((64, 70), 202), "SpikeSlime_M": ((28, 32), 203), "SpikeSlime_S": ((10, 14), 204),
    "TheGuardian": ((240, 240), 211),
}  # fmt: skip
MONSTER_HP = [
    Row(f"monster {mid} HP", lambda mid=mid: hp_range(mid), hp, f"LS include/constants/MonsterIds.h:{line}")
    for mid, (hp, line) in _HP.items()
]


# ---------------------------------------------------------------- relics at the start of a fight (Cultist, 50/80 HP)
def _relic(relic: str, measure: str, expected: Any, lines: str, **kw: Any) -> Row:
    where = "".join(f" {v}" for k, v in kw.items() if k in ("encounter", "counter", "deck_add"))
    return Row(
        f"relic {relic} {measure}{where}", lambda: with_relic(relic, measure, **kw), expected, f"{LS_BC}:{lines}"
    )


RELICS = [
    _relic("Akabeko", "player:Vigor", 8, "122-123"),
    _relic("Anchor", "block", 10, "226-227"),
    _relic("Bag of Marbles", "monster:Vulnerable", 1, "395-396"),
    _relic("Bag of Preparation", "hand", 7, "399-400 (2 more on turn 1)"),
    _relic("Blood Vial", "hp", 2, "236-237"),
    _relic("Brimstone", "player:Strength", 2, "126-127"),
    _relic("Brimstone", "monster:Strength", 1, "128-131"),
    _relic("Bronze Scales", "player:Thorns", 3, "240-241"),
    _relic("Clockwork Souvenir", "player:Artifact", 1, "403-404"),
    _relic("Fossilized Helix", "player:Buffer", 1, "272-273"),
    _relic("Lantern", "energy", 4, "284-285 (1 more on turn 1)"),
    _relic("Mark of Pain", "draw:Wound", 2, "411-412"),
    _relic("Mark of Pain", "energy", 4, "112-113"),
    _relic("Oddly Smooth Stone", "player:Dexterity", 1, "306-307"),
    _relic("Philosopher's Stone", "monster:Strength", 1, "198-201"),
    _relic("Thread and Needle", "player:Plated Armor", 4, "354-355"),
    _relic("Vajra", "player:Strength", 1, "358-359"),
    _relic("Busted Crown", "energy", 4, "244-245"),
    _relic("Coffee Dripper", "energy", 4, "248-249"),
    _relic("Cursed Key", "energy", 4, "256-257"),
    _relic("Ectoplasm", "energy", 4, "136-137"),
    _relic("Fusion Hammer", "energy", 4, "276-277"),
    _relic("Philosopher's Stone", "energy", 4, "202-203"),
    _relic("Runic Dome", "energy", 4, "206-207"),
    _relic("Sozu", "energy", 4, "214-215"),
    _relic("Velvet Choker", "energy", 4, "222-223"),
    _relic("SlaversCollar", "energy", 3, "334-337 (hallway)"),
    _relic("SlaversCollar", "energy", 4, "334-337", encounter="Gremlin Nob", kind="elite"),
    _relic("Sling", "player:Strength", 0, "340-343 (hallway)"),
    _relic("Sling", "player:Strength", 2, "340-343", encounter="Gremlin Nob", kind="elite"),
    _relic("Preserved Insect", "monster_at_75", True, "316-321", encounter="3 Sentries", kind="elite"),
    _relic("Pantograph", "hp", 0, "310-313 (hallway)"),
    _relic("Pantograph", "hp", 25, "310-313", encounter="Hexaghost", kind="boss"),
    _relic("Du-Vu Doll", "player:Strength", 2, "268-269 (data = curses in the deck)", deck_add=("Regret", "Doubt")),
    _relic("Girya", "player:Strength", 2, "280-281 (data = lifts)", counter=2),
    _relic("GremlinMask", "player:Weakened", 1, "407-408"),
    _relic("Incense Burner", "player:Intangible", 1, "156-161 (the 6th turn)", counter=5),
    _relic("Incense Burner", "player:Intangible", 0, "156-161", counter=4),
    _relic("NeowsBlessing", "monster_hp", 1, "293-299", counter=3),
    _relic("Snecko Eye", "hand", 7, "63-64 (cardDrawPerTurn + 2)"),
]

# ---------------------------------------------------------------- relics during a fight
LS_MO = "LS src/combat/Monster.cpp"
RELIC_RULES = [
    Row("relic Torii: an attack of 4 costs 1", lambda: attacked(("Torii",), 4), 1, f"{LS_PL}:235-237"),
    Row("relic Torii: an attack of 6 costs 6", lambda: attacked(("Torii",), 6), 6, f"{LS_PL}:235-237"),
    Row("relic Tungsten Rod: an attack of 4 costs 3", lambda: attacked(("TungstenRod",), 4), 3, f"{LS_PL}:239-241"),
    Row(
        "relic Torii then Tungsten Rod: 4 costs 0", lambda: attacked(("Torii", "TungstenRod"), 4), 0, f"{LS_PL}:235-241"
    ),
    Row("relic The Boot: a hit of 3 deals 5", lambda: hit_monster(("The Boot",), 3), 5, f"{LS_MO}:340-342"),
    Row("relic The Boot: a hit of 0 deals 0", lambda: hit_monster(("The Boot",), 0), 0, f"{LS_MO}:340-342"),
    Row(
        "relic Hand Drill: breaking block gives Vulnerable 2",
        lambda: hit_monster(("HandDrill",), 8, block=5, measure="Vulnerable"),
        2,
        f"{LS_MO}:433-435",
    ),
    Row(
        "relic Pen Nib: the 10th attack deals double",
        lambda: strike_after_counter("Pen Nib", 9, "damage"),
        12,
        f"{LS_BC}:1697-1701",
    ),
    Row(
        "relic Pen Nib: the 9th attack deals single",
        lambda: strike_after_counter("Pen Nib", 8, "damage"),
        6,
        f"{LS_BC}:1697-1701",
    ),
    Row(
        "relic Nunchaku: the 10th attack gives 1 energy",
        lambda: strike_after_counter("Nunchaku", 9, "energy"),
        3,
        f"{LS_BC}:1709-1713 (3 - 1 for the Strike + 1)",
    ),
    Row("relic Happy Flower: energy on turn 3", lambda: energy_on_turn(("Happy Flower",), 3), 4, f"{LS_PL}:522-527"),
    Row("relic Happy Flower: energy on turn 2", lambda: energy_on_turn(("Happy Flower",), 2), 3, f"{LS_PL}:522-527"),
    Row(
        "relic Art of War: no attack last turn",
        lambda: energy_on_turn(("Art of War",), 2, False),
        4,
        f"{LS_PL}:492-496",
    ),
    Row(
        "relic Art of War: an attack last turn", lambda: energy_on_turn(("Art of War",), 2, True), 3, f"{LS_PL}:492-496"
    ),
    Row("relic Calipers: 20 block keeps 5", lambda: block_on_turn(("Calipers",), 2, 20), 5, f"{LS_BC}:2183-2184"),
    Row(
        "relic Horn Cleat: 14 block on turn 2",
        lambda: block_on_turn(("Horn Cleat",), 2),
        14,
        f"{LS_PL}:529-533 (turn 1 counted from 0)",
    ),
    Row(
        "relic Captain's Wheel: 18 block on turn 3",
        lambda: block_on_turn(("CaptainsWheel",), 3),
        18,
        f"{LS_PL}:507-511 (turn 2 counted from 0)",
    ),
    Row(
        "relic Mercury Hourglass: 3 damage at the start of turn 2",
        lambda: monster_hp_lost_by_turn(("Mercury Hourglass",), 2),
        3,
        f"{LS_PL}:551-553",
    ),
    Row(
        "relic Stone Calendar: 52 damage at the end of turn 7",
        lambda: monster_hp_lost_by_turn(("StoneCalendar",), 8),
        52,
        f"{LS_BC}:2056-2060 (turn 6 counted from 0)",
    ),
    Row(
        "relic Stone Calendar: nothing before",
        lambda: monster_hp_lost_by_turn(("StoneCalendar",), 7),
        0,
        f"{LS_BC}:2056-2060",
    ),
    Row(
        "relic Centennial Puzzle: the first HP loss draws 3",
        lambda: after_hp_loss("Centennial Puzzle", "hand"),
        3,
        f"{LS_PL}:294-297",
    ),
    Row(
        "relic Self-Forming Clay: HP loss gives 3 next-turn block",
        lambda: after_hp_loss("Self Forming Clay", "player:Next Turn Block"),
        3,
        f"{LS_PL}:303-305",
    ),
    Row(
        "relic Red Skull: Strength 3 at half HP",
        lambda: after_hp_loss("Red Skull", "player:Strength"),
        3,
        f"{LS_PL}:311-313",
    ),
    Row(
        "relic The Abacus: a shuffle gives 6 block",
        lambda: block_after_shuffles("The Abacus", 1, "block"),
        6,
        f"{LS_BC}:2796-2798",
    ),
    Row(
        "relic Sundial: the 3rd shuffle gives 2 energy",
        lambda: block_after_shuffles("Sundial", 3, "energy"),
        2,
        f"{LS_BC}:2804-2811",
    ),
    Row("relic Sundial: not the 2nd", lambda: block_after_shuffles("Sundial", 2, "energy"), 0, f"{LS_BC}:2804-2811"),
    Row(
        "relic Charon's Ashes: an exhaust deals 3 to all",
        lambda: exhaust_one("Charon's Ashes"),
        3,
        f"{LS_BC}:2819-2821",
    ),
    Row(
        "relic Gremlin Horn: a kill gives 1 energy and 1 card",
        lambda: kill_one_of_two("Gremlin Horn"),
        (1, 1),
        f"{LS_MO}:317-320",
    ),
    Row("relic Burning Blood: heal 6 after a win", lambda: heal_after_win((), 40), 6, f"{LS_BC}:569-573"),
    Row(
        "relic Meat on the Bone: at 34/80 after Burning Blood, heal 12 more",
        lambda: heal_after_win(("Meat on the Bone",), 34),
        18,
        f"{LS_BC}:569-573, 581-585 (relic order: Burning Blood first)",
    ),
    Row(
        "relic Meat on the Bone: at 40/80 Burning Blood lifts HP above half",
        lambda: heal_after_win(("Meat on the Bone",), 40),
        6,
        f"{LS_BC}:569-573, 581-585",
    ),
    Row(
        "relic Paper Phrog: Vulnerable monsters take 1.75x",
        lambda: vulnerable_hit("Paper Frog", False),
        17,
        f"{LS_BC}:2721-2726",
    ),
    Row(
        "relic Odd Mushroom: the Vulnerable player takes 1.25x",
        lambda: vulnerable_hit("Odd Mushroom", True),
        12,
        f"{LS_MO}:578-584",
    ),
    Row("relic Bird-Faced Urn: a Power heals 2", lambda: power_play_heal("Bird Faced Urn"), 2, f"{LS_BC}:1854-1856"),
]

# ---------------------------------------------------------------- relics out of combat (picked up at 50/80 HP)
LS_GC = "LS src/game/GameContext.cpp"
RELICS_OUT_OF_COMBAT = [
    Row("relic Strawberry: +7 max HP", lambda: picked_up("Strawberry"), (57, 87, 3), f"{LS_GC}:1430-1432"),
    Row("relic Pear: +10 max HP", lambda: picked_up("Pear"), (60, 90, 3), f"{LS_GC}:1414-1416"),
    Row("relic Mango: +14 max HP", lambda: picked_up("Mango"), (64, 94, 3), f"{LS_GC}:1378-1381"),
    Row(
        "relic Lee's Waffle: +7 max HP and a full heal",
        lambda: picked_up("Lee's Waffle"),
        (87, 87, 3),
        f"{LS_GC}:1367-1370",
    ),
    Row("relic Potion Belt: 2 more potion slots", lambda: picked_up("Potion Belt"), (50, 80, 5), f"{LS_GC}:1423-1427"),
    Row("rest site: rest heals 30% of max HP", lambda: heal_on_entering("rest", "Vajra"), 24, f"{LS_GC}:3706"),
    Row(
        "relic Regal Pillow: rest heals 15 more", lambda: heal_on_entering("rest", "Regal Pillow"), 39, f"{LS_GC}:3706"
    ),
    Row(
        "relic Meal Ticket: entering a shop heals 15",
        lambda: heal_on_entering("shop", "Meal Ticket"),
        15,
        f"{LS_GC}:830-833",
    ),
]

# ---------------------------------------------------------------- rules and relics where the engine differed
RULES = [
    Row(
        "relic Anchor: its block lasts through turn 1",
        anchor_block_on_turn_one,
        10,
        f"{LS_BC}:226-228 (10 block at battle start); :2178-2188 (block is lost only after the monsters' turns)",
    ),
    Row(
        "relic Orichalcum before power Metallicize",
        lambda: end_of_turn_block(("Orichalcum",), metallicize=3),
        (9, 0),
        f"{LS_BC}:2050-2053 (Orichalcum reads block <= 0 first), :2064-2066 (then Metallicize)",
    ),
    Row(
        "relic Orichalcum with block already there",
        lambda: end_of_turn_block(("Orichalcum", "Anchor")),
        (10, 0),
        f"{LS_BC}:2050-2053",
    ),
    Row(
        "card Burn in hand after Orichalcum's block",
        lambda: end_of_turn_block(("Orichalcum",), hand=("Burn",)),
        (4, 0),
        f"{LS_BC}:2082-2099 (the hand's Burn is queued after the end-of-turn block actions), :923-925",
    ),
    Row(
        "power Plated Armor loses one to unblocked attack damage",
        lambda: plated_armor_after_chomp(0),
        3,
        f"{LS_PL}:240-248 (attacked: damage > 0 after block decrements Plated Armor)",
    ),
    Row(
        "power Plated Armor kept when the attack is blocked",
        lambda: plated_armor_after_chomp(20),
        4,
        f"{LS_PL}:240-248",
    ),
    Row(
        "power Combust loses 1 HP per copy played (3x Combust+)",
        lambda: combust_hp_loss(3, 1),
        (3, 3),
        "LS include/combat/Player.h:349-351 (++combustHpLoss per application), "
        f"{LS_PL}:367-370; {CM}:797-801 (misc = hpLoss)",
    ),
    Row("power Combust once", lambda: combust_hp_loss(1, 0), (1, 1), f"{LS_PL}:367-370; {CM}:797-801"),
    Row(
        "relic Kunai counts attacks of this turn only",
        lambda: per_turn_relic_after_split_plays("Kunai", "Strike_R", "Dexterity"),
        0,
        f"{LS_BC}:1671 (attacksPlayedThisTurn % 3)",
    ),
    Row(
        "relic Shuriken counts attacks of this turn only",
        lambda: per_turn_relic_after_split_plays("Shuriken", "Strike_R", "Strength"),
        0,
        f"{LS_BC}:1687",
    ),
    Row(
        "relic Ornamental Fan counts attacks of this turn only",
        lambda: per_turn_relic_after_split_plays("Ornamental Fan", "Strike_R", "block"),
        0,
        f"{LS_BC}:1683",
    ),
    Row(
        "relic Letter Opener counts skills of this turn only",
        lambda: per_turn_relic_after_split_plays("Letter Opener", "Defend_R", "monster_hp"),
        0,
        f"{LS_BC}:1796-1799 (skillsPlayedThisTurn % 3)",
    ),
    Row(
        "power Weak new from a monster's turn skips that round's tick",
        lambda: weak_after_lick(0),
        1,
        f"{LS_MS}:382 (Lick: Weak 1, isSourceMonster); LS include/combat/Player.h:378-383",
    ),
    Row(
        "power Weak stacked by a monster's turn still ticks",
        lambda: weak_after_lick(1),
        1,
        "LS include/combat/Player.h:378-383 (justApplied only when the power is new: stacking keeps the old flag)",
    ),
    Row(
        "monster FuzzyLouseNormal: one Grow may repeat at ascension 0",
        lambda: louse_after_one_grow(0),
        4,
        f"{LS_MS}:2583-2589 (lastMove and, below ascension 17, lastTwoMoves)",
    ),
    Row(
        "monster FuzzyLouseNormal: one Grow forces a Bite at ascension 17",
        lambda: louse_after_one_grow(17),
        3,
        f"{LS_MS}:2583-2589",
    ),
]

# ---------------------------------------------------------------- the message's fields where the engine differed
MESSAGE = [
    Row(
        "map: the act's first screen has current_node below row 0",
        first_map_current_node,
        {"x": 0, "y": -1},
        f"{CM}:309-311 (current_node whenever the dungeon has a current node), :607-611 (symbol of the start room "
        "is null, dropped by Gson); decompiled Exordium: currMapNode = new MapRoomNode(0, -1)",
    ),
    Row(
        "power Vulnerable on a monster: just_applied false",
        lambda: power_json("monster", "Vulnerable"),
        {"id": "Vulnerable", "name": "Vulnerable", "amount": 2, "just_applied": False},
        f"{CM}:812-824 (justApplied of VulnerablePower)",
    ),
    Row(
        "power Weak on a monster: just_applied false",
        lambda: power_json("monster", "Weakened"),
        {"id": "Weakened", "name": "Weak", "amount": 2, "just_applied": False},
        f"{CM}:812-824 (justApplied of WeakPower)",
    ),
    Row(
        "power Ritual on the player: just_applied true (skipFirst)",
        lambda: power_json("player", "Ritual"),
        {"id": "Ritual", "name": "Ritual", "amount": 1, "just_applied": True},
        f"{CM}:812-824 (skipFirst of RitualPower, never cleared on the player)",
    ),
    Row(
        "power The Bomb: one power per copy, amount = turns left, damage",
        lambda: bombs((0, 1), 0)[1],
        [
            {"id": "TheBomb0", "name": "The Bomb", "amount": 3, "damage": 40},
            {"id": "TheBomb1", "name": "The Bomb", "amount": 3, "damage": 50},
        ],
        f'{CM}:785-788 (damage of the power\'s class); decompiled TheBombPower: ID "TheBomb" + bombIdOffset, '
        "amount = turns (counted here from 0 each fight; the game's offset runs on over the session)",
    ),
    Row(
        "power The Bomb: nothing after two ends of turn",
        lambda: bombs((0, 1), 2)[0],
        0,
        f"{LS_PL}:349-355 (bomb3 -> bomb2 -> bomb1 -> fires)",
    ),
    Row("power The Bomb: 40 + 50 at the end of turn 3", lambda: bombs((0, 1), 3)[0], 90, f"{LS_PL}:349-355"),
    Row(
        "power Strength: neither misc nor just_applied",
        lambda: power_json("player", "Strength"),
        {"id": "Strength", "name": "Strength", "amount": 2},
        f"{CM}:780-826 (only the fields the power's class declares)",
    ),
]


# ---------------------------------------------------------------- powers: each one's effect (calm Cultist fight)
LS_PH = "LS include/combat/Player.h"
LS_CM = "LS src/combat/CardManager.cpp"


def _power(pid: str, amount: int, measure: str, expected: Any, source: str) -> Row:
    return Row(f"power {pid} {measure}", lambda: player_power(pid, amount, measure), expected, source)


def _mpower(mid: str, enc: str, pid: str, amount: int, measure: str, expected: Any, source: str) -> Row:
    return Row(
        f"power {pid} on {mid} {measure}", lambda: monster_power(mid, enc, pid, amount, measure), expected, source
    )


POWERS = [
    _power("Artifact", 1, "debuffed", (0, 0), f"{LS_PH}:375-377 (a debuff spends one Artifact instead)"),
    _power("Barricade", 1, "block_next_turn", 10, f"{LS_BC}:2178-2188 (block kept with Barricade)"),
    _power("Berserk", 1, "energy_next_turn", 4, f"{LS_BC}:1522-1524 (energyPerTurn + 1)"),
    _power("Brutality", 1, "brutality", (1, 6), f"{LS_PL}:682-685 (start of turn: lose 1 HP, draw 1)"),
    _power("Buffer", 1, "hit10", (0, 0), f"{LS_PL}:222-224"),
    _power("Corruption", 1, "defend_cost", (0, 1), f"{LS_BC}:912 (skills cost 0), :2533-2535 (and exhaust)"),
    _power("Dark Embrace", 1, "exhaust", (1, 0), f"{LS_BC}:2828-2829"),
    _power("Demon Form", 2, "strength_next_turn", 2, f"{LS_PL}:687-689"),
    _power("Dexterity", 2, "defend", 7, f"{LS_BC}:2750-2751"),
    _power("Dexterity Down", 5, "dexterity_next_turn", -5, f"{LS_PL}:394-396 (LOSE_DEXTERITY at end of turn)"),
    _power("Double Tap", 1, "strike", (12, 0), f"{LS_BC}:1620-1623"),
    _power("Duplication", 1, "defend", 10, f"{LS_BC}:1625-1628"),
    _power("Entangled", 1, "strike_playable", False, "LS src/combat/CardInstance.cpp:292-294"),
    _power("Evolve", 1, "draw_wound", (2, 0), f"{LS_CM}:397, 420-421 (drawing a status draws Evolve more)"),
    _power("Feel No Pain", 3, "exhaust", (0, 3), f"{LS_BC}:2832-2833"),
    _power(
        "Fire Breathing",
        6,
        "draw_wound",
        (1, 6),
        f"{LS_CM}:398, 423-424, 432-433 (drawing a status or curse: damage to all)",
    ),
    _power("Flame Barrier", 4, "attacked", 4, f"{LS_PL}:231-232"),
    Row(
        "power Flex (Strength Down) at the end of turn",
        lambda: player_power("Flex", 2, "strength_next_turn"),
        -2,
        f"{LS_PL}:399-401 (LOSE_STRENGTH; the Strength Flex gave is not set here)",
    ),
    _power("Frail", 1, "defend", 3, f"{LS_BC}:2754-2756 (block x 0.75, floored)"),
    _power("Intangible", 1, "hit10", (1, 1), f"{LS_PL}:181-183 (damage above 1 becomes 1)"),
    _power("Juggernaut", 5, "five_defends", 25, f"{LS_PL}:75-76 (each block gain hits a random enemy)"),
    _power("Next Turn Block", 3, "block_next_turn", 3, f"{LS_PL}:631-633 (its block, after the 10 is lost)"),
    _power("No Block", 1, "defend", 0, f"{LS_BC}:2745-2746"),
    _power("No Draw", 1, "pommel", 0, f"{LS_BC}:2441"),
    _power("Panache", 10, "five_defends", 10, f"{LS_BC}:1639-1641 (every 5th card)"),
    _power("Rage", 3, "strike", (6, 3), f"{LS_BC}:1643-1644 (an attack played gives Rage block; Rage stays)"),
    _power("Regeneration", 5, "heal_end_turn", (5, 4), f"{LS_PL}:420-423"),
    _power("Rupture", 1, "bloodletting", 1, f"{LS_PL}:283-284 (HP lost to a card)"),
    _power("Sadistic Nature", 5, "bash", 13, "LS include/combat/BattleContext.h:290-291 (8 + 5 on Vulnerable)"),
    _power("Thorns", 3, "attacked", 3, f"{LS_PL}:227-228"),
    _power("Vigor", 8, "strike", (14, 0), f"{LS_BC}:2690-2691 (added to the attack), :1647-1648 (then removed)"),
    _mpower("GremlinNob", "Gremlin Nob", "Anger", 2, "skill", 2, f"{LS_BC}:1816-1817 (Enrage on a skill)"),
    _mpower("GremlinWarrior", "Gremlin Gang", "Angry", 1, "strike", (1, 0, 1), f"{LS_MO}:424-425"),
    _mpower("FuzzyLouseNormal", "2 Louse", "Curl Up", 5, "strike", (0, 5, 0), f"{LS_MO}:358-360 (once)"),
    _mpower("TheGuardian", "The Guardian", "Sharp Hide", 3, "strike_hp", 3, f"{LS_BC}:1727-1728"),
    _mpower("FungiBeast", "2 Fungi Beasts", "Spore Cloud", 2, "dies", 2, f"{LS_MO}:299-301 (always 2)"),
    Row(
        "power Mode Shift: 30 damage puts The Guardian in Defensive Mode",
        lambda: guardian_hit(30),
        (0, "Defensive Mode", 20),
        f"{LS_MO}:520-526 (Mode Shift spent: Defensive Mode and 20 block)",
    ),
    Row("power Mode Shift: 29 damage leaves 1", lambda: guardian_hit(29)[0], 1, f"{LS_MO}:521-528"),
    _mpower("Cultist", "Cultist", "Shackled", 9, "end_turn", 0, f"{LS_MO}:63-65 (the Strength lost comes back)"),
    Row(
        "power Split: at half HP the Large Acid Slime splits into two of its HP",
        large_slime_split,
        ("Split", [("AcidSlime_M", 33), ("AcidSlime_M", 33)]),
        f"{LS_MO}:499-505 (at or below half: the next move is Split); {LS_MS}:364-365, 3342-3353 (two medium "
        "slimes with its current HP)",
    ),
    Row(
        "power Thievery: the Looter's Mug steals 15",
        lambda: move_effect("Looter", "Looter", "Mug", "gold"),
        15,
        f"{LS_MS}:233-235, 912",
    ),
]


# ---------------------------------------------------------------- more relics in a fight (calm Cultist fight, 999 HP)
def _rcase(relic: str, measure: str, expected: Any, source: str) -> Row:
    return Row(f"relic {relic} {measure}", lambda: relic_case(relic, measure), expected, source)


def _obtain(relic: str, cid: str, expected: tuple[int, int, int, int], source: str) -> Row:
    return Row(f"relic {relic} obtaining {cid}", lambda: card_obtained(relic, cid), expected, source)


RELICS_IN_FIGHT = [
    _rcase("StrikeDummy", "strike", 9, f"{LS_BC}:2677 (+3 to cards named Strike)"),
    _rcase("Ginger", "weak", 0, f"{LS_PH}:367"),
    _rcase("Turnip", "frail", 0, f"{LS_PH}:371"),
    _rcase("Ice Cream", "energy_next_turn", 6, f"{LS_PL}:716-718 (energy kept, then 3 gained)"),
    _rcase("Lizard Tail", "lethal", 40, f"{LS_PL}:339-342 (revive at 50% of max HP)"),
    _rcase("Champion Belt", "bash_weak", 1, "LS include/combat/BattleContext.h:294-295"),
    _rcase("Magic Flower", "heal10", 15, f"{LS_PL}:161-163 (x 3/2)"),
    _rcase("Chemical X", "whirlwind", 25, "LS src/combat/Actions.cpp:593 (X + 2 hits of 5)"),
    _rcase("Runic Cube", "hp_loss_hand", 1, f"{LS_PL}:307-309"),
    _rcase("Runic Pyramid", "hand_next_turn", 10, f"{LS_BC}:2488-2490 (no discard at the end of turn)"),
    _rcase("Sacred Bark", "block_potion", 24, f"{LS_BC}:2237, 2264 (potency doubled)"),
    _rcase("WarpedTongs", "upgraded_turn1", 1, f"{LS_PL}:669-671 (one card in hand upgraded each turn)"),
    _rcase("Toy Ornithopter", "potion_heal", 5, "decompiled ToyOrnithopter.onUsePotion: heal 5"),
    _rcase("Blue Candle", "play_curse", (1, 1), f"{LS_BC}:1916-1919"),
    _rcase("Medical Kit", "play_wound", 1, f"{LS_BC}:1921-1924"),
    _rcase("Unceasing Top", "last_card", 1, f"{LS_BC}:809-815 (an empty hand draws 1)"),
    _rcase("Pocketwatch", "pocketwatch", 8, f"{LS_PL}:663-666 (3 cards or fewer: draw 3 more)"),
    _rcase("Ink Bottle", "tenth_card", 1, f"{LS_BC}:1780 (every 10th card draws 1)"),
    _rcase("Mummified Hand", "power_then_cost", 0, f"{LS_BC}:1874 (a Power played: a random card in hand costs 0)"),
    _rcase("Dead Branch", "exhaust_hand", 1, f"{LS_BC}:2823-2825 (an exhaust adds a random card)"),
    _rcase("OrangePellets", "pellets", 0, f"{LS_BC}:1675, 1788, 1866 (attack, skill, power: debuffs removed)"),
    _rcase("Black Blood", "win_at_40", (52, 80), f"{LS_BC}:575-579 (heal 12; it replaces Burning Blood)"),
    _rcase("FaceOfCleric", "win_at_40", (47, 81), "LS src/game/GameContext.cpp:1124 (+1 max HP, healed too)"),
    _rcase("Gambling Chip", "turn1_screen", "HAND_SELECT", f"{LS_BC}:117, 442 (turn 1: discard any, draw as many)"),
    _obtain("Omamori", "Regret", (0, 0, 80, 99), "decompiled Omamori.use: a curse is negated, 2 charges"),
    _obtain("Darkstone Periapt", "Regret", (1, 0, 86, 99), "decompiled DarkstonePeriapt.onObtainCard: +6 max HP"),
    _obtain("Ceramic Fish", "Strike_R", (1, 0, 80, 108), "decompiled CeramicFish.onObtainCard: 9 gold"),
    _obtain("Molten Egg 2", "Anger", (1, 1, 80, 99), "decompiled MoltenEgg2.onObtainCard: attacks upgraded"),
    _obtain("Toxic Egg 2", "Shrug It Off", (1, 1, 80, 99), "decompiled ToxicEgg2.onObtainCard: skills upgraded"),
    _obtain("Frozen Egg 2", "Inflame", (1, 1, 80, 99), "decompiled FrozenEgg2.onObtainCard: powers upgraded"),
]


# ---------------------------------------------------------------- relics out of a fight: pick-up, shop, rest, rewards
def _ob(relic: str, measure: str, expected: Any, source: str) -> Row:
    return Row(f"relic {relic} picked up: {measure}", lambda: obtained(relic, measure), expected, source)


RELICS_OUT_OF_A_FIGHT = [
    _ob("Old Coin", "gold", 300, "decompiled OldCoin.onEquip: gainGold(300)"),
    _ob("Whetstone", "upgrades", 2, "decompiled Whetstone.onEquip: 2 random attacks upgraded"),
    _ob("War Paint", "upgrades", 2, "decompiled WarPaint.onEquip: 2 random skills upgraded"),
    _ob("Tiny House", "rewards", ["CARD", "GOLD", "POTION"], "decompiled TinyHouse.onEquip: 50 gold, potion, card"),
    _ob("Tiny House", "max_hp", 5, "decompiled TinyHouse.onEquip: +5 max HP"),
    _ob("Cauldron", "rewards", ["POTION"] * 5, "decompiled Cauldron.onEquip: 5 random potions"),
    _ob("Orrery", "rewards", ["CARD"] * 5, "decompiled Orrery.onEquip: 5 card rewards"),
    _ob("Calling Bell", "rewards", ["RELIC"] * 3, "decompiled CallingBell.onEquip: a common, uncommon, rare relic"),
    _ob("Calling Bell", "deck:CurseOfTheBell", 1, "decompiled CallingBell.onEquip: Curse of the Bell"),
    _ob("Pandora's Box", "starters", (0, 10), "decompiled PandorasBox.onEquip: every Strike and Defend transformed"),
    _ob("Dolly's Mirror", "grid", ("GRID", 1, 10), "decompiled DollysMirror.onEquip: duplicate 1 card of the deck"),
    _ob("Empty Cage", "grid", ("GRID", 2, 10), "decompiled EmptyCage.onEquip: remove 2 cards"),
    _ob("Astrolabe", "grid", ("GRID", 3, 10), "decompiled Astrolabe.onEquip: transform and upgrade 3 cards"),
    _ob("Bottled Flame", "grid", ("GRID", 1, 6), "decompiled BottledFlame.onEquip: 1 of the deck's attacks"),
    _ob("Bottled Lightning", "grid", ("GRID", 1, 4), "decompiled BottledLightning.onEquip: 1 of the deck's skills"),
    Row(
        "relic Bottled Tornado picked up: grid of the deck's powers",
        lambda: obtained("Bottled Tornado", "grid", ("Inflame",)),
        ("GRID", 1, 1),
        "decompiled BottledTornado.onEquip: 1 of the deck's powers",
    ),
    Row(
        "relic Strange Spoon: an exhausting card is sometimes discarded instead",
        spoon_outcomes,
        (True, True),
        f"{LS_BC}:1986 (a random boolean per card)",
    ),
    Row(
        "relic Toolbox: 3 colorless cards offered on turn 1",
        toolbox_offer,
        ("CARD_REWARD", 3, ["COLORLESS"]),
        f"{LS_BC}:382-383 (ToolboxAction)",
    ),
    Row(
        "relic Matryoshka: 2 relics in each of the next 2 chests",
        lambda: chest_relics("Matryoshka", 3),
        [2, 2, 1],
        "decompiled Matryoshka.onChestOpen: counter 2, one more relic",
    ),
    Row(
        "relic NlothsMask: the next chest is empty",
        lambda: chest_relics("NlothsMask", 2),
        [0, 1],
        "decompiled NlothsMask.onChestOpenAfter: the first non-boss chest's rewards cleared",
    ),
    Row(
        "relic WingedGreaves: any room of the next row",
        wing_boots_choices,
        True,
        "decompiled MapRoomNode.wingedIsConnectedTo (WingBoots counter 3)",
    ),
    Row(
        "relic SsserpentHead: 50 gold on entering a ? room",
        serpent_gold,
        50,
        "decompiled SsserpentHead.onEnterRoom: gainGold(50) in an EventRoom",
    ),
    Row(
        "relic Smiling Mask: purge costs 50",
        lambda: shop_with("Smiling Mask", "purge"),
        50,
        "decompiled SmilingMask; ShopScreen.init: actualPurgeCost = 50",
    ),
    Row(
        "relic Membership Card: half price",
        lambda: shop_with("Membership Card", "prices"),
        0.5,
        "decompiled ShopScreen.init: applyDiscount(0.5f, true)",
    ),
    Row(
        "relic Membership Card: purge at half price",
        lambda: shop_with("Membership Card", "purge"),
        38,
        "decompiled ShopScreen.applyDiscount(0.5f, true): actualPurgeCost = MathUtils.round(75 x 0.5)",
    ),
    Row(
        "relic The Courier: 20% off",
        lambda: shop_with("The Courier", "prices"),
        0.8,
        "decompiled ShopScreen.init: applyDiscount(0.8f, true)",
    ),
    Row(
        "relic Eternal Feather: entering a rest site heals 3 per 5 cards",
        lambda: rest_with("Eternal Feather", "hp"),
        6,
        "decompiled EternalFeather.onEnterRoom: deck size / 5 x 3 (10 cards)",
    ),
    Row(
        "relic Peace Pipe: rest offers toke",
        lambda: "toke" in rest_with("Peace Pipe", "options"),
        True,
        "decompiled PeacePipe.addCampfireOption: TokeOption",
    ),
    Row(
        "relic Shovel: rest offers dig",
        lambda: "dig" in rest_with("Shovel", "options"),
        True,
        "decompiled Shovel.addCampfireOption: DigOption",
    ),
    Row(
        "relic Dream Catcher: resting offers a card reward",
        lambda: rest_with("Dream Catcher", "rested"),
        ("CARD_REWARD", []),
        "decompiled DreamCatcher; RestOption/CampfireSleepEffect: a card reward after resting",
    ),
    Row(
        "relic White Beast Statue: a potion in every fight's rewards",
        lambda: "POTION" in won_with("White Beast Statue", "rewards"),
        True,
        "decompiled WhiteBeastStatue; AbstractRoom.addPotionToRewards: chance 100",
    ),
    Row(
        "relic Prayer Wheel: two card rewards after a hallway fight",
        lambda: won_with("Prayer Wheel", "rewards").count("CARD"),
        2,
        "decompiled PrayerWheel; MonsterRoom.dropReward: a second card reward",
    ),
    Row(
        "relic Black Star: two relics after an elite",
        lambda: won_with("Black Star", "rewards", "elite", "Gremlin Nob").count("RELIC"),
        2,
        "decompiled BlackStar; MonsterRoomElite.dropReward: a second relic",
    ),
    Row(
        "relic Question Card: 4 cards offered",
        lambda: won_with("Question Card", "cards"),
        4,
        "decompiled QuestionCard.changeNumberOfCardsInReward: + 1",
    ),
    Row(
        "relic Golden Idol: a gold reward of 10 gives 13",
        lambda: idol_gold("reward10"),
        13,
        "decompiled RewardItem.applyGoldBonus: + MathUtils.round(10 x 0.25), outside treasure rooms",
    ),
    Row(
        "relic Golden Idol: Old Coin's 300 stays 300",
        lambda: idol_gold("old_coin"),
        300,
        "decompiled RewardItem.applyGoldBonus (the only place the bonus is added); OldCoin.onEquip: gainGold(300)",
    ),
    Row(
        "relic Ancient Tea Set: 2 energy in the fight after a rest site",
        lambda: tea_set_energy(True),
        5,
        f"{LS_BC}:230-233",
    ),
    Row("relic Ancient Tea Set: none otherwise", lambda: tea_set_energy(False), 3, f"{LS_BC}:230-233"),
    Row(
        "relic Juzu Bracelet: no fight in a ? room",
        lambda: "M" in question_rooms("Juzu Bracelet"),
        False,
        "decompiled EventHelper.roll: a MONSTER roll becomes an event with Juzu Bracelet",
    ),
    Row(
        "relic Tiny Chest: every 4th ? room is a treasure room",
        lambda: question_rooms("Tiny Chest", 12)[3::4],
        ["T", "T", "T"],
        "decompiled EventHelper.roll: TinyChest counter reaches 4",
    ),
    Row("relic Maw Bank: 12 gold a floor", lambda: maw_bank(False), 12, "decompiled MawBank.onEnterRoom: gainGold(12)"),
    Row(
        "relic Maw Bank: nothing after buying in a shop",
        lambda: maw_bank(True),
        0,
        "decompiled MawBank.onSpendGold: usedUp",
    ),
    Row(
        "relic Singing Bowl: the card reward offers +2 max HP",
        lambda: won_with("Singing Bowl", "bowl"),
        True,
        "decompiled SingingBowl; CardRewardScreen: the bowl button",
    ),
]


TABLE = (
    CARDS
    + CARD_STATIC
    + POTIONS
    + POTION_EFFECTS
    + MONSTERS
    + MONSTER_EFFECTS
    + MONSTER_HP
    + RELICS
    + RELIC_RULES
    + RELICS_OUT_OF_COMBAT
    + RULES
    + MESSAGE
    + POWERS
    + RELICS_IN_FIGHT
    + RELICS_OUT_OF_A_FIGHT
)


def test_every_row_cites_a_source_and_ids_are_unique() -> None:
    assert all(r.source.strip() for r in TABLE)
    assert len({r.id for r in TABLE}) == len(TABLE)


def test_every_list_of_rows_is_in_the_table() -> None:
    lists = [v for v in globals().values() if v is not TABLE and isinstance(v, list) and v and isinstance(v[0], Row)]
    assert sum(len(rows) for rows in lists) == len(TABLE)


@pytest.mark.parametrize("row", TABLE, ids=[r.id for r in TABLE])
def test_conformance(row: Row) -> None:
    assert row.scenario() == row.expected, row.source


# ---------------------------------------------------------------- every relic, potion and power has a row
def _engine_powers() -> set[str]:
    """Every power id the engine's source applies or reads (``apply(x, "P", ..)``, ``pw("P")``, ``powers["P"]``)."""
    pat = re.compile(r'(?:\.pw\(|\.apply\([^,()]+, |powers\[|powers\.(?:get|pop|setdefault)\()"([^"]+)"')
    return {m for f in Path(engine.__file__).parent.glob("*.py") for m in pat.findall(f.read_text())}


def _covered(kind: str, names: tuple[str, ...]) -> bool:
    want = "|".join(re.escape(n) for n in names)
    pat = re.compile(rf"\b{kind} (?:{want})(?:[ :]|$)")
    return any(pat.search(r.content) for r in TABLE)


# Content with nothing to check in a fight or on pick-up; each entry says why.
NO_OBSERVABLE_EFFECT: dict[str, str] = {
    "relic Circlet": "the game's stand-in when the relic pools are empty; it does nothing",
    "relic CultistMask": "the game's CultistMask only plays a 'CAW' at the start of a fight",
    "relic Spirit Poop": "the game's SpiritPoop only lowers the final score by 1; our score is a simplified one",
    "relic Frozen Eye": "the game's FrozenEye only shows the draw pile in order on screen; the message lists it anyway",
}


def _relic_ids() -> list[str]:
    return R.STARTER + R.COMMON + R.UNCOMMON + R.RARE + R.SHOP + R.BOSS + list(R.EVENT_RELICS)


def test_every_relic_potion_and_power_has_a_row() -> None:
    assert {"Strength", "Vulnerable", "Mode Shift", "Curl Up"} <= _engine_powers()  # the scan still reads the engine
    missing = [f"relic {r}" for r in _relic_ids() if not _covered("relic", (r, R.name(r)))]
    missing += [f"potion {p}" for p in ENGINE_POTIONS if not _covered("potion", (p, ENGINE_POTIONS[p].name))]
    missing += [f"power {p}" for p in sorted(_engine_powers()) if not _covered("power", (p, power_name(p)))]
    missing = [m for m in missing if m not in NO_OBSERVABLE_EFFECT]
    assert not missing, f"{len(missing)} without a row: {missing}"
    kept = [m for m in NO_OBSERVABLE_EFFECT if _covered(m.split(" ", 1)[0], (m.split(" ", 1)[1],))]
    assert not kept, f"these have rows now, drop them from NO_OBSERVABLE_EFFECT: {kept}"
