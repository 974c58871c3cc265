"""The executor on hand-built burnysc2 unit collections: a ``BotAI`` given an observation we write unit by
unit (no game running), then the commands it queued, or why it refused."""

from __future__ import annotations

import asyncio

import pytest

from .support import require_burnysc2

require_burnysc2()

from s2clientprotocol import sc2api_pb2  # noqa: E402
from sc2.bot_ai import BotAI  # noqa: E402
from sc2.game_data import GameData  # noqa: E402
from sc2.game_info import GameInfo  # noqa: E402
from sc2.game_state import GameState  # noqa: E402
from sc2.ids.ability_id import AbilityId  # noqa: E402
from sc2.ids.buff_id import BuffId  # noqa: E402
from sc2.ids.unit_typeid import UnitTypeId as U  # noqa: E402
from sc2.ids.upgrade_id import UpgradeId  # noqa: E402

from orak_gym.games.starcraft2.actions import by_name, table  # noqa: E402
from orak_gym.games.starcraft2.executor import execute, standing_orders  # noqa: E402
from orak_gym.testing.sc2_fake_game import FakeGame, game_data  # noqa: E402

HOME, ENEMY = (16.5, 16.5), (47.5, 47.5)


def bot_with(units, minerals=1000, gas=1000, upgrades=(), supply=(20, 100)) -> BotAI:
    """A BotAI seeing ``units``: (type, x, y, extras) with extras such as alliance=4, progress=0.5, energy=50."""
    setups = [sc2api_pb2.PlayerSetup(type=1), sc2api_pb2.PlayerSetup(type=2, race=2, difficulty=1)]
    info = FakeGame(setups, "Hand", 0, False, 1000).game_info(1)  # the invented map: grids and start locations
    response = sc2api_pb2.ResponseObservation()
    observation = response.observation
    observation.game_loop = 22 * 60
    common = observation.player_common
    common.player_id, common.minerals, common.vespene = 1, minerals, gas
    common.food_used, common.food_cap = supply
    observation.raw_data.player.upgrade_ids.extend(u.value for u in upgrades)
    for tag, (kind, x, y, extra) in enumerate(units, start=100):
        unit = observation.raw_data.units.add(tag=tag, unit_type=kind.value, display_type=1)
        unit.alliance = extra.get("alliance", 1)
        unit.owner = {1: 1, 4: 2, 3: 16}[unit.alliance]
        unit.pos.x, unit.pos.y = x, y
        unit.build_progress = extra.get("progress", 1.0)
        unit.health = unit.health_max = 100
        unit.is_powered = extra.get("powered", True)
        unit.energy = extra.get("energy", 0)
        unit.radius = 1.5 if kind in (U.NEXUS, U.GATEWAY, U.CYBERNETICSCORE, U.FORGE, U.VESPENEGEYSER) else 0.5
        unit.buff_ids.extend(b.value for b in extra.get("buffs", ()))
        for ability in extra.get("orders", ()):
            unit.orders.add(ability_id=ability.value)
    for name in ("visibility", "creep"):
        image = getattr(observation.raw_data.map_state, name)
        image.size.x = image.size.y = 64
        image.bits_per_pixel = 8 if name == "visibility" else 1
        image.data = bytes(64 * 64 if name == "visibility" else 64 * 64 // 8)
    bot = BotAI()
    bot._initialize_variables()
    bot._prepare_start(None, 1, GameInfo(info), GameData(game_data()))
    bot._prepare_step(GameState(response), sc2api_pb2.Response(game_info=info))
    bot._prepare_first_step()
    return bot


def run(bot: BotAI, name: str) -> tuple[bool, str]:
    return asyncio.run(execute(bot, by_name()[name]))


def commands(bot: BotAI) -> list[tuple[AbilityId, list[int], object]]:
    return [(c.ability, [c.unit.tag], c.target) for c in bot.actions]


BASE = [(U.NEXUS, *HOME, {"energy": 60}), *[(U.PROBE, 18.0 + i, 19.0, {}) for i in range(4)]]


def test_train_from_the_right_building_once_the_tech_is_there():
    no_core = bot_with([*BASE, (U.GATEWAY, 20.5, 12.5, {})])
    assert run(no_core, "TRAIN STALKER") == (False, "TRAIN STALKER: needs a finished Cyberneticscore")
    assert no_core.actions == []
    ready = bot_with([*BASE, (U.GATEWAY, 20.5, 12.5, {}), (U.CYBERNETICSCORE, 24.5, 12.5, {})])
    done, why = run(ready, "TRAIN STALKER")
    assert done, why
    ((ability, tags, _),) = commands(ready)
    assert ability == AbilityId.GATEWAYTRAIN_STALKER and tags == [105]  # the gateway's tag
    assert ready.minerals == 1000 - 125 and ready.vespene == 1000 - 50  # burnysc2 books the cost at once


def test_train_refuses_what_cannot_be_paid_or_made_now():
    poor = bot_with([*BASE, (U.GATEWAY, 20.5, 12.5, {})], minerals=60, gas=0)
    done, why = run(poor, "TRAIN ZEALOT")
    assert not done and "cannot afford (100 minerals, 0 gas, 2 supply; have 60, 0" in why
    busy = bot_with([*BASE, (U.GATEWAY, 20.5, 12.5, {"orders": [AbilityId.GATEWAYTRAIN_ZEALOT]})])
    assert run(busy, "TRAIN ZEALOT") == (False, "TRAIN ZEALOT: no idle, powered Gateway")
    unpowered = bot_with([*BASE, (U.GATEWAY, 20.5, 12.5, {"powered": False})])
    assert run(unpowered, "TRAIN ZEALOT")[0] is False
    full = bot_with(BASE, supply=(15, 15))
    assert "cannot afford" in run(full, "TRAIN PROBE")[1]


def test_research_needs_its_building_its_tech_and_the_level_below():
    forge = [*BASE, (U.FORGE, 20.5, 12.5, {})]
    assert run(bot_with(forge), "RESEARCH PROTOSSGROUNDWEAPONSLEVEL2")[1].endswith("needs a finished Twilightcouncil")
    with_council = [*forge, (U.TWILIGHTCOUNCIL, 24.5, 12.5, {})]
    assert (
        "needs PROTOSSGROUNDWEAPONSLEVEL1 researched first"
        in run(bot_with(with_council), "RESEARCH PROTOSSGROUNDWEAPONSLEVEL2")[1]
    )
    bot = bot_with(with_council, upgrades=[UpgradeId.PROTOSSGROUNDWEAPONSLEVEL1])
    assert run(bot, "RESEARCH PROTOSSGROUNDWEAPONSLEVEL2")[0]
    ((ability, tags, _),) = commands(bot)
    assert ability == AbilityId.FORGERESEARCH_PROTOSSGROUNDWEAPONSLEVEL2 and tags == [105]
    done = bot_with(forge, upgrades=[UpgradeId.PROTOSSGROUNDWEAPONSLEVEL1])
    assert run(done, "RESEARCH PROTOSSGROUNDWEAPONSLEVEL1") == (
        False,
        "RESEARCH PROTOSSGROUNDWEAPONSLEVEL1: already researched",
    )


def test_chronoboost_from_a_nexus_with_energy_on_a_building_without_it():
    bot = bot_with([*BASE, (U.CYBERNETICSCORE, 24.5, 12.5, {})])
    assert run(bot, "CHRONOBOOST CYBERNETICSCORE")[0]
    ((ability, tags, target),) = commands(bot)
    assert ability == AbilityId.EFFECT_CHRONOBOOSTENERGYCOST and tags == [100] and target.tag == 105
    tired = bot_with([(U.NEXUS, *HOME, {"energy": 20}), (U.CYBERNETICSCORE, 24.5, 12.5, {})])
    assert run(tired, "CHRONOBOOST CYBERNETICSCORE")[1].endswith("no nexus with 50 energy")
    boosted = bot_with([*BASE, (U.FORGE, 24.5, 12.5, {"buffs": [BuffId.CHRONOBOOSTENERGYCOST]})])
    assert "without chronoboost" in run(boosted, "CHRONOBOOST FORGE")[1]


def test_build_checks_tech_and_money_before_asking_for_a_place_and_builds_gas_on_a_free_geyser():
    assert run(bot_with(BASE), "BUILD GATEWAY") == (False, "BUILD GATEWAY: needs a finished Pylon")
    assert "cannot afford (400 minerals" in run(bot_with(BASE, minerals=100), "BUILD NEXUS")[1]
    geysers = [(U.VESPENEGEYSER, 11.5, 10.0, {"alliance": 3}), (U.VESPENEGEYSER, 11.5, 23.0, {"alliance": 3})]
    bot = bot_with([*BASE, *geysers, (U.ASSIMILATOR, 11.5, 10.0, {})])
    assert run(bot, "BUILD ASSIMILATOR")[0]
    ((ability, tags, target),) = commands(bot)
    assert ability == AbilityId.PROTOSSBUILD_ASSIMILATOR and tags[0] in range(101, 105)
    assert (target.position.x, target.position.y) == (11.5, 23.0)  # the geyser still free


def test_army_orders_scouting_and_archons():
    army = [(U.ZEALOT, 20.0, 20.0, {}), (U.STALKER, 21.0, 20.0, {})]
    enemy = [(U.HATCHERY, *ENEMY, {"alliance": 4})]
    bot = bot_with([*BASE, *army, *enemy])
    assert run(bot, "MULTI-ATTACK")[0]
    attacks = [c for c in commands(bot) if c[0] == AbilityId.ATTACK]
    assert len(attacks) == 2 and all(tuple(c[2]) == ENEMY for c in attacks)
    back = bot_with([*BASE, *army])
    assert run(back, "MULTI-RETREAT")[0] and {c[0] for c in commands(back)} == {AbilityId.MOVE_MOVE}
    assert run(bot_with(BASE), "MULTI-ATTACK") == (False, "MULTI-ATTACK: no army")
    scout = bot_with(BASE)
    assert run(scout, "SCOUTING PROBE")[0]
    ((ability, _, target),) = commands(scout)
    assert ability == AbilityId.MOVE_MOVE and tuple(target) == ENEMY  # nothing of the enemy known: their start
    assert run(bot_with(BASE), "SCOUTING OBSERVER") == (False, "SCOUTING OBSERVER: no Observer to send")
    templars = bot_with([*BASE, (U.HIGHTEMPLAR, 20.0, 20.0, {}), (U.HIGHTEMPLAR, 21.0, 20.0, {})])
    assert run(templars, "MORPH ARCHON")[0]
    assert [c[0] for c in commands(templars)] == [AbilityId.MORPH_ARCHON] * 2
    assert "needs two high templar" in run(bot_with(BASE), "MORPH ARCHON")[1]


def test_standing_orders_send_idle_army_at_enemies_near_our_buildings():
    bot = bot_with([*BASE, (U.ZEALOT, 22.0, 22.0, {}), (U.ZERGLING, 20.0, 16.0, {"alliance": 4})])
    asyncio.run(standing_orders(bot, iteration=1))
    (attack,) = [c for c in commands(bot) if c[0] == AbilityId.ATTACK]
    assert tuple(attack[2]) == (20.0, 16.0)


#: BUILD PYLON and BUILD NEXUS ask the game where to build (placement and pathing queries): the env tests
#: play them against the fake client.
_WITHOUT_CLIENT = [a.name for a in table() if a.name not in ("BUILD PYLON", "BUILD NEXUS")]


@pytest.mark.parametrize("name", _WITHOUT_CLIENT)
def test_every_action_runs_on_an_empty_base_without_raising(name):
    """No action crashes on a bare base: each is carried out or refused with a reason."""
    done, why = run(bot_with(BASE), name)
    assert isinstance(done, bool)
    assert why.startswith(name) or why == "EMPTY ACTION"
