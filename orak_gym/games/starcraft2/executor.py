"""Carrying out one macro action with burnysc2's public ``BotAI`` API, one function per kind of action.

Each function returns ``(done, why)``: whether the order was given, and in words what was ordered or
why not (missing tech, not affordable, no idle producer, no place to build), which the env reports in
``info``.  Placement is the game's own answer (``find_placement`` asks the client), near a powered pylon
for every structure that needs power.  Choices are deterministic (no ``random``), so a seeded game
replays.  Standing behaviours (:func:`standing_orders`) run every bot step whatever the LLM chose.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from sc2.ids.ability_id import AbilityId
from sc2.ids.buff_id import BuffId
from sc2.ids.unit_typeid import UnitTypeId as U
from sc2.ids.upgrade_id import UpgradeId
from sc2.position import Point2

from orak_gym.games.starcraft2.actions import MacroAction

if TYPE_CHECKING:
    from sc2.bot_ai import BotAI

Outcome = tuple[bool, str]
#: Structures a Protoss building needs no power for.
UNPOWERED = {U.NEXUS, U.PYLON, U.ASSIMILATOR}
#: Orak's auto-attack: the whole army attacks once the game is this old with this much supply.
AUTO_ATTACK_SECONDS = 12 * 60
AUTO_ATTACK_SUPPLY = 100
#: Enemies this close to one of our structures are attacked by the army (defence).
DEFENCE_RADIUS = 15


def _label(name: str) -> str:
    return name.replace("_", " ").title().replace(" ", "")


def _missing_tech(bot: BotAI, action: MacroAction) -> str | None:
    """The first requirement of ``action`` that is not ready, in words, or None."""
    for needed in action.requires:
        if bot.structure_type_build_progress(U[needed]) < 1:
            return f"needs a finished {_label(needed)}"
    if action.requires_upgrade and UpgradeId[action.requires_upgrade] not in bot.state.upgrades:
        return f"needs {action.requires_upgrade} researched first"
    return None


def _unaffordable(bot: BotAI, name: str, minerals: int, gas: int) -> str:
    return f"{name}: cannot afford ({minerals} minerals, {gas} gas; have {bot.minerals}, {bot.vespene})"


def _builder(bot: BotAI, where: Point2):
    """burnysc2's choice of a probe (gathering or idle, near, no other order), else the nearest probe: never
    ``select_build_worker(force=True)``, which draws from Python's global ``random`` and unseeds a game."""
    worker = bot.select_build_worker(where)
    if worker is None and bot.workers:
        worker = min(bot.workers, key=lambda w: (w.distance_to(where), w.tag))
    return worker


def _army(bot: BotAI):
    """Our fighting units (no workers, no observers or warp prisms, which cannot fight)."""
    return bot.units.filter(lambda u: not u.is_structure and u.type_id not in {U.PROBE, U.OBSERVER, U.WARPPRISM})


# ----------------------------------------------------------------------------------------- per kind
async def train(bot: BotAI, action: MacroAction) -> Outcome:
    unit = U[action.target]
    missing = _missing_tech(bot, action)
    if missing:
        return False, f"{action.name}: {missing}"
    if not bot.can_afford(unit):
        cost = bot.calculate_cost(unit)
        return False, (
            f"{action.name}: cannot afford ({cost.minerals} minerals, {cost.vespene} gas, "
            f"{bot.calculate_supply_cost(unit):g} supply; have {bot.minerals}, {bot.vespene}, {bot.supply_left:g} free)"
        )
    producers = bot.structures(U[action.producer]).ready.idle
    producers = producers.filter(lambda s: s.type_id in UNPOWERED or s.is_powered)
    if not producers and action.producer == "GATEWAY" and bot.structures(U.WARPGATE).ready:
        return await _warp_in(bot, action, unit)
    if not producers:
        return False, f"{action.name}: no idle, powered {_label(action.producer)}"
    producer = min(producers, key=lambda s: s.tag)
    producer.train(unit)
    return True, f"{action.name}: {_label(action.producer)} trains a {_label(action.target)}"


async def _warp_in(bot: BotAI, action: MacroAction, unit: U) -> Outcome:
    """Gateway units once warp gate research turned the gateways into warp gates: a warp gate off cooldown
    puts the unit into a pylon's power field, at a place the game accepts."""
    from sc2.dicts.unit_train_build_abilities import TRAIN_INFO

    ability = TRAIN_INFO[U.WARPGATE][unit]["ability"]
    gates = sorted(bot.structures(U.WARPGATE).ready, key=lambda g: g.tag)
    available = await bot.get_available_abilities(gates)
    ready = [gate for gate, abilities in zip(gates, available, strict=True) if ability in abilities]
    if not ready:
        return False, f"{action.name}: every warp gate is cooling down"
    pylons = bot.structures(U.PYLON).ready
    if not pylons:
        return False, f"{action.name}: needs a finished pylon to warp into"
    home = bot.townhalls.first.position if bot.townhalls else bot.start_location
    pylon = min(pylons, key=lambda p: (p.distance_to(home), p.tag))
    spot = await bot.find_placement(ability, near=pylon.position.towards(bot.game_info.map_center, 3),
                                    max_distance=6, placement_step=1, random_alternative=False)  # fmt: skip
    if spot is None:
        return False, f"{action.name}: no free place in a power field to warp into"
    ready[0].warp_in(unit, spot)
    return True, f"{action.name}: a warp gate warps in a {_label(action.target)}"


async def morph(bot: BotAI, action: MacroAction) -> Outcome:
    templars = sorted(bot.units(U.HIGHTEMPLAR).ready, key=lambda u: u.tag)
    if len(templars) < 2:
        return False, f"{action.name}: needs two high templar ({len(templars)} now)"
    for templar in templars[:2]:
        templar(AbilityId.MORPH_ARCHON)
    return True, f"{action.name}: two high templar merge into an archon"


def _build_spot(bot: BotAI, building: U) -> Point2 | None:
    """Where to look for a place: toward the map centre from a ready pylon (powered), or from the base."""
    home = bot.townhalls.ready.first.position if bot.townhalls.ready else bot.start_location
    centre = bot.game_info.map_center
    if building == U.PYLON:
        count = bot.structures(U.PYLON).amount
        return home.towards(centre, 7 + 2 * (count % 3))
    pylons = bot.structures(U.PYLON).ready
    if not pylons:
        return None
    pylon = min(pylons, key=lambda p: (p.distance_to(home), p.tag))
    return pylon.position.towards(centre, 3)


async def build(bot: BotAI, action: MacroAction) -> Outcome:
    building = U[action.target]
    missing = _missing_tech(bot, action)
    if missing:
        return False, f"{action.name}: {missing}"
    if not bot.can_afford(building):
        cost = bot.calculate_cost(building)
        return False, _unaffordable(bot, action.name, cost.minerals, cost.vespene)
    if not bot.workers:
        return False, f"{action.name}: no probe to build it"
    if building == U.ASSIMILATOR:
        return await _build_gas(bot, action)
    if building == U.NEXUS:
        location = await bot.get_next_expansion()
        if location is None:
            return False, f"{action.name}: no free expansion left"
    else:
        near = _build_spot(bot, building)
        if near is None:
            return False, f"{action.name}: needs a finished pylon to power it"
        location = await bot.find_placement(building, near=near, placement_step=2, random_alternative=False)
        if location is None:
            return False, f"{action.name}: no place to build near {near.rounded}"
    worker = _builder(bot, location)
    if worker is None:
        return False, f"{action.name}: no probe free to build"
    worker.build(building, location)
    return True, f"{action.name}: a probe builds a {_label(action.target)} at ({location.x:.1f}, {location.y:.1f})"


async def _build_gas(bot: BotAI, action: MacroAction) -> Outcome:
    taken = {g.position for g in bot.gas_buildings}
    for hall in sorted(bot.townhalls.ready, key=lambda t: t.tag):
        for geyser in sorted(bot.vespene_geyser.closer_than(10, hall), key=lambda g: g.tag):
            if geyser.position in taken:
                continue
            worker = _builder(bot, geyser.position)
            if worker is None:
                return False, f"{action.name}: no probe free to build"
            worker.build_gas(geyser)
            return True, f"{action.name}: a probe builds an assimilator on a geyser"
    return False, f"{action.name}: every geyser at a finished nexus is taken"


async def research(bot: BotAI, action: MacroAction) -> Outcome:
    upgrade = UpgradeId[action.target]
    if upgrade in bot.state.upgrades:
        return False, f"{action.name}: already researched"
    if bot.already_pending_upgrade(upgrade) > 0:
        return False, f"{action.name}: already in progress"
    missing = _missing_tech(bot, action)
    if missing:
        return False, f"{action.name}: {missing}"
    if bot.structure_type_build_progress(U[action.producer]) < 1:
        return False, f"{action.name}: needs a finished {_label(action.producer)}"
    if not bot.can_afford(upgrade):
        cost = bot.calculate_cost(upgrade)
        return False, _unaffordable(bot, action.name, cost.minerals, cost.vespene)
    if not bot.research(upgrade):
        return False, f"{action.name}: no idle, powered {_label(action.producer)}"
    return True, f"{action.name}: research started"


async def chronoboost(bot: BotAI, action: MacroAction) -> Outcome:
    targets = bot.structures(U[action.target]).ready.filter(lambda s: not s.has_buff(BuffId.CHRONOBOOSTENERGYCOST))
    if not targets:
        return False, f"{action.name}: no finished {_label(action.target)} without chronoboost"
    nexuses = bot.townhalls.ready.filter(lambda n: n.energy >= 50)
    if not nexuses:
        return False, f"{action.name}: no nexus with 50 energy"
    busy = [t for t in targets if not t.is_idle] or list(targets)
    target = min(busy, key=lambda t: t.tag)
    nexus = min(nexuses, key=lambda n: (n.distance_to(target), n.tag))
    nexus(AbilityId.EFFECT_CHRONOBOOSTENERGYCOST, target)
    return True, f"{action.name}: chronoboost on a {_label(action.target)}"


def _scout_target(bot: BotAI) -> Point2:
    """The enemy's start when nothing of theirs is known, else the expansion nearest to it we cannot see."""
    enemy = bot.enemy_start_locations[0] if bot.enemy_start_locations else bot.game_info.map_center
    if not bot.enemy_structures:
        return enemy
    unseen = [p for p in bot.expansion_locations_list if not bot.is_visible(p)]
    return min(unseen, key=lambda p: (p.distance_to(enemy), p.x, p.y)) if unseen else enemy


async def scout(bot: BotAI, action: MacroAction) -> Outcome:
    scouts = bot.units(U[action.producer])
    if U[action.producer] == U.PROBE:
        scouts = scouts.filter(lambda w: not w.is_constructing_scv and (w.is_idle or w.is_gathering))
    if not scouts:
        return False, f"{action.name}: no {_label(action.producer)} to send"
    target = _scout_target(bot)
    scout_unit = min(scouts, key=lambda u: (u.distance_to(target), u.tag))
    scout_unit.move(target)
    return True, f"{action.name}: a {_label(action.producer)} scouts ({target.x:.0f}, {target.y:.0f})"


def _attack_target(bot: BotAI) -> Point2:
    if bot.enemy_structures:
        home = bot.start_location
        return min(bot.enemy_structures, key=lambda s: (s.distance_to(home), s.tag)).position
    return bot.enemy_start_locations[0] if bot.enemy_start_locations else bot.game_info.map_center


async def attack(bot: BotAI, action: MacroAction) -> Outcome:
    army = _army(bot)
    if not army:
        return False, f"{action.name}: no army"
    target = _attack_target(bot)
    for unit in army:
        unit.attack(target)
    return True, f"{action.name}: {army.amount} units attack ({target.x:.0f}, {target.y:.0f})"


async def retreat(bot: BotAI, action: MacroAction) -> Outcome:
    army = _army(bot)
    if not army:
        return False, f"{action.name}: no army"
    home = bot.townhalls.first.position if bot.townhalls else bot.start_location
    rally = home.towards(bot.game_info.map_center, 6)
    for unit in army:
        unit.move(rally)
    return True, f"{action.name}: {army.amount} units fall back home"


async def empty(bot: BotAI, action: MacroAction) -> Outcome:
    return True, "EMPTY ACTION"


EXECUTORS: dict[str, Callable[[BotAI, MacroAction], Awaitable[Outcome]]] = {
    "train": train,
    "morph": morph,
    "build": build,
    "research": research,
    "chronoboost": chronoboost,
    "scout": scout,
    "attack": attack,
    "retreat": retreat,
    "empty": empty,
}


async def execute(bot: BotAI, action: MacroAction) -> Outcome:
    """Carries out ``action``; a failure of the game's API is the action's failure, never the game's."""
    return await EXECUTORS[action.kind](bot, action)


# ----------------------------------------------------------------------------------------- standing orders
async def standing_orders(bot: BotAI, iteration: int) -> None:
    """What the bot does every step whatever the LLM chose (Orak's bot does the same three things):
    idle and surplus probes go to work, the army defends our structures, and late with a big army it
    attacks."""
    if iteration % 4 == 0:
        await bot.distribute_workers()
    army = _army(bot)
    if not army:
        return
    threats = (
        bot.enemy_units.filter(lambda e: any(e.distance_to(s) < DEFENCE_RADIUS for s in bot.structures))
        if bot.structures
        else []
    )
    if threats:
        for unit in army.idle:
            unit.attack(min(threats, key=lambda e: (e.distance_to(unit), e.tag)).position)
    elif bot.time >= AUTO_ATTACK_SECONDS and bot.supply_used >= AUTO_ATTACK_SUPPLY:
        target = _attack_target(bot)
        for unit in army.idle:
            unit.attack(target)
