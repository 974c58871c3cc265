"""An invented, tiny StarCraft II: the game behind :mod:`orak_gym.testing.sc2_server`.

The real SC2 client cannot be downloaded on a CI machine, so the tests play this instead: a 64x64 map with
four bases, Protoss for the players and a Zerg "computer" that sends waves of zerglings, economy from
workers on minerals and assimilators, production and research queues that finish after their build
time, power from pylons, chronoboost, and a rough combat model (damage per second within range).  Its
content is invented (numbers close to the game's public unit facts, rules much simpler); what it shares
with the real game is the *protocol*: ids from the protocol's enums, and answers in ``s2clientprotocol``
messages, built here from the message definitions, never from recorded game data.

Ids (unit types, abilities, upgrades) and which ability trains or researches what come from burnysc2's
id enums and tables (facts of the protocol); everything else is in the tables below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from s2clientprotocol import data_pb2, raw_pb2, sc2api_pb2
from sc2.data import ActionResult, AIBuild, Alliance, Attribute, Difficulty, Race, Result
from sc2.dicts.unit_research_abilities import RESEARCH_INFO
from sc2.dicts.unit_train_build_abilities import TRAIN_INFO
from sc2.ids.ability_id import AbilityId
from sc2.ids.buff_id import BuffId
from sc2.ids.unit_typeid import UnitTypeId as U
from sc2.ids.upgrade_id import UpgradeId

LOOPS_PER_SECOND = 22.4
MAP_SIZE = 64
PLAYABLE = (4, 4, 60, 60)  # x0, y0, x1, y1
#: Start locations of players 1 and 2, then the two free expansions.
BASES = ((16.5, 16.5), (47.5, 47.5), (16.5, 47.5), (47.5, 16.5))
NEUTRAL = 16
POWER_RADIUS = 6.5
SIGHT = 10.0
CHRONO_LOOPS = int(20 * LOOPS_PER_SECOND)
CHRONO_ENERGY = 50
WORKER_MINERALS_PER_LOOP = 0.94 / LOOPS_PER_SECOND
WORKER_GAS_PER_LOOP = 0.94 / LOOPS_PER_SECOND
_SPAN = np.arange(-int(SIGHT), int(SIGHT) + 1)
_DISC = _SPAN[None, :] ** 2 + _SPAN[:, None] ** 2 <= SIGHT**2  # the cells a unit sees around its own


@dataclass(frozen=True)
class Kind:
    """One unit type of the invented game: cost, supply, build time (s), footprint/radius, combat."""

    minerals: int = 0
    gas: int = 0
    supply: float = 0
    provides: float = 0
    seconds: float = 20
    radius: float = 0.5
    health: float = 40
    shield: float = 0
    dps: float = 0
    reach: float = 0.5  # weapon range beyond both radii
    speed: float = 0  # cells per second
    structure: bool = False
    race: Race = Race.Protoss
    flying: bool = False


S = True  # a structure
KINDS: dict[U, Kind] = {
    # Protoss units
    U.PROBE: Kind(50, 0, 1, seconds=12, radius=0.375, health=20, shield=20, dps=4.7, speed=3.94),
    U.ZEALOT: Kind(100, 0, 2, seconds=27, health=100, shield=50, dps=18.6, speed=3.15),
    U.ADEPT: Kind(100, 25, 2, seconds=30, health=70, shield=70, dps=6.2, reach=4, speed=3.5),
    U.STALKER: Kind(125, 50, 2, seconds=30, radius=0.625, health=80, shield=80, dps=9.7, reach=6, speed=4.13),
    U.SENTRY: Kind(50, 100, 2, seconds=26, health=40, shield=40, dps=8.4, reach=5, speed=3.15),
    U.HIGHTEMPLAR: Kind(50, 150, 2, seconds=39, health=40, shield=40, speed=2.62),
    U.DARKTEMPLAR: Kind(125, 125, 2, seconds=39, health=40, shield=80, dps=37, speed=3.94),
    U.ARCHON: Kind(175, 275, 4, seconds=12, radius=1, health=10, shield=350, dps=20, reach=3, speed=3.94),
    U.IMMORTAL: Kind(275, 100, 4, seconds=39, radius=0.75, health=200, shield=100, dps=19, reach=6, speed=3.15),
    U.COLOSSUS: Kind(300, 200, 6, seconds=54, radius=1, health=200, shield=150, dps=18.7, reach=7, speed=3.15),
    U.DISRUPTOR: Kind(150, 150, 3, seconds=36, health=100, shield=100, speed=3.15),
    U.OBSERVER: Kind(25, 75, 1, seconds=21, health=40, shield=30, speed=2.63, flying=True),
    U.WARPPRISM: Kind(250, 0, 2, seconds=36, radius=0.875, health=80, shield=100, speed=4.13, flying=True),
    U.PHOENIX: Kind(
        150, 100, 2, seconds=25, radius=0.75, health=120, shield=60, dps=12.7, reach=5, speed=5.95, flying=True
    ),
    U.VOIDRAY: Kind(
        250, 150, 4, seconds=37, radius=1, health=150, shield=100, dps=17, reach=6, speed=3.85, flying=True
    ),
    U.ORACLE: Kind(
        150, 150, 3, seconds=37, radius=0.75, health=100, shield=60, dps=15, reach=4, speed=5.6, flying=True
    ),
    U.TEMPEST: Kind(
        250, 175, 5, seconds=43, radius=1.25, health=200, shield=150, dps=10, reach=10, speed=3.15, flying=True
    ),
    U.CARRIER: Kind(
        350, 250, 6, seconds=64, radius=1.25, health=300, shield=150, dps=37, reach=8, speed=2.62, flying=True
    ),
    U.MOTHERSHIP: Kind(
        400, 400, 8, seconds=79, radius=1.375, health=350, shield=350, dps=22, reach=7, speed=2.62, flying=True
    ),
    # Protoss structures (radius = half the footprint)
    U.NEXUS: Kind(400, 0, provides=15, seconds=71, radius=2.5, health=1000, shield=1000, structure=S),
    U.PYLON: Kind(100, 0, provides=8, seconds=18, radius=1, health=200, shield=200, structure=S),
    U.ASSIMILATOR: Kind(75, 0, seconds=21, radius=1.5, health=300, shield=300, structure=S),
    U.GATEWAY: Kind(150, 0, seconds=46, radius=1.5, health=500, shield=500, structure=S),
    U.WARPGATE: Kind(150, 0, seconds=7, radius=1.5, health=500, shield=500, structure=S),
    U.CYBERNETICSCORE: Kind(150, 0, seconds=36, radius=1.5, health=550, shield=550, structure=S),
    U.FORGE: Kind(150, 0, seconds=32, radius=1.5, health=400, shield=400, structure=S),
    U.TWILIGHTCOUNCIL: Kind(150, 100, seconds=36, radius=1.5, health=500, shield=500, structure=S),
    U.ROBOTICSFACILITY: Kind(150, 100, seconds=46, radius=1.5, health=450, shield=450, structure=S),
    U.STARGATE: Kind(150, 150, seconds=43, radius=1.5, health=600, shield=600, structure=S),
    U.TEMPLARARCHIVE: Kind(150, 200, seconds=36, radius=1.5, health=500, shield=500, structure=S),
    U.DARKSHRINE: Kind(150, 150, seconds=71, radius=1, health=500, shield=500, structure=S),
    U.ROBOTICSBAY: Kind(150, 150, seconds=46, radius=1.5, health=500, shield=500, structure=S),
    U.FLEETBEACON: Kind(300, 200, seconds=43, radius=1.5, health=500, shield=500, structure=S),
    U.PHOTONCANNON: Kind(150, 0, seconds=29, radius=1, health=150, shield=150, dps=22, reach=7, structure=S),
    U.SHIELDBATTERY: Kind(100, 0, seconds=29, radius=1, health=150, shield=150, structure=S),
    # The computer's Zerg
    U.HATCHERY: Kind(300, 0, provides=6, seconds=71, radius=2.5, health=1500, structure=S, race=Race.Zerg),
    U.DRONE: Kind(50, 0, 1, seconds=12, radius=0.375, health=40, dps=5, speed=3.94, race=Race.Zerg),
    U.ZERGLING: Kind(25, 0, 0.5, seconds=17, radius=0.375, health=35, dps=10, speed=4.13, race=Race.Zerg),
    U.OVERLORD: Kind(100, 0, provides=8, seconds=18, radius=1, health=200, speed=0.9, race=Race.Zerg, flying=True),
    # Neutral resources
    U.MINERALFIELD: Kind(structure=S, radius=1, race=Race.NoRace),
    U.VESPENEGEYSER: Kind(structure=S, radius=1.5, race=Race.NoRace),
}
WORKERS = {U.PROBE, U.DRONE}
TOWNHALLS = {U.NEXUS, U.HATCHERY}
UNPOWERED = {U.NEXUS, U.PYLON, U.ASSIMILATOR}
#: Upgrades: (minerals, gas, seconds), invented close to the game's.
UPGRADE_COSTS: dict[UpgradeId, tuple[int, int, float]] = {}
for _level, (_m, _s) in enumerate(((100, 129), (150, 154), (200, 179)), start=1):
    for _name in (
        "PROTOSSGROUNDWEAPONSLEVEL",
        "PROTOSSGROUNDARMORSLEVEL",
        "PROTOSSAIRWEAPONSLEVEL",
        "PROTOSSAIRARMORSLEVEL",
    ):
        UPGRADE_COSTS[UpgradeId[f"{_name}{_level}"]] = (_m, _m, _s)
    UPGRADE_COSTS[UpgradeId[f"PROTOSSSHIELDSLEVEL{_level}"]] = (75 + 75 * _level, 75 + 75 * _level, _s)
for _upgrade, _cost in {
    "WARPGATERESEARCH": (50, 50, 100),
    "CHARGE": (100, 100, 100),
    "BLINKTECH": (150, 150, 121),
    "ADEPTPIERCINGATTACK": (100, 100, 100),
    "EXTENDEDTHERMALLANCE": (150, 150, 100),
    "GRAVITICDRIVE": (100, 100, 57),
    "OBSERVERGRAVITICBOOSTER": (100, 100, 57),
    "PSISTORMTECH": (200, 200, 79),
    "VOIDRAYSPEEDUPGRADE": (100, 100, 57),
    "PHOENIXRANGEUPGRADE": (150, 150, 64),
    "TEMPESTGROUNDATTACKUPGRADE": (150, 150, 100),
}.items():
    UPGRADE_COSTS[UpgradeId[_upgrade]] = _cost


def _ability_tables() -> tuple[dict[int, tuple[U, U, dict]], dict[int, tuple[U, UpgradeId, dict]]]:
    """ability id -> (producer, product, requirements) for training/building, and for research."""
    make: dict[int, tuple[U, U, dict]] = {}
    for producer, products in TRAIN_INFO.items():
        if producer not in KINDS:
            continue
        for product, facts in products.items():
            if product in KINDS:
                make[facts["ability"].value] = (producer, product, facts)
    research: dict[int, tuple[U, UpgradeId, dict]] = {}
    for researcher, upgrades in RESEARCH_INFO.items():
        for upgrade, facts in upgrades.items():
            if researcher in KINDS and upgrade in UPGRADE_COSTS:
                research[facts["ability"].value] = (researcher, upgrade, facts)
    return make, research


MAKE, RESEARCH = _ability_tables()


# ---------------------------------------------------------------------------------------------- game data
def game_data() -> sc2api_pb2.ResponseData:
    """``ResponseData`` for the invented game: its unit types, the abilities that make them, its upgrades."""
    data = sc2api_pb2.ResponseData()
    creation = {product: ability for ability, (producer, product, _) in MAKE.items() if producer != U.WARPGATE}
    seen: set[int] = set()
    for ability, (producer, product, _) in MAKE.items():
        kind = KINDS[product]
        entry = data.abilities.add(ability_id=ability, link_name=product.name.title(), button_name=product.name.title())
        entry.friendly_name = f"Make {product.name.title()}"
        entry.available = True
        entry.target = data_pb2.AbilityData.Target.Value("Point" if producer == U.WARPGATE else "None")
        if kind.structure:
            entry.is_building = True
            entry.footprint_radius = kind.radius
            entry.target = data_pb2.AbilityData.Point if product != U.ASSIMILATOR else data_pb2.AbilityData.Unit
        seen.add(ability)
    for ability, (_, upgrade, _) in RESEARCH.items():
        data.abilities.add(
            ability_id=ability,
            link_name="Research",
            button_name=upgrade.name.title(),
            available=True,
            target=data_pb2.AbilityData.Target.Value("None"),
        )
        seen.add(ability)
    targets = {
        AbilityId.ATTACK: data_pb2.AbilityData.PointOrUnit,
        AbilityId.ATTACK_ATTACK: data_pb2.AbilityData.PointOrUnit,
        AbilityId.MOVE: data_pb2.AbilityData.PointOrUnit,
        AbilityId.MOVE_MOVE: data_pb2.AbilityData.PointOrUnit,
        AbilityId.SMART: data_pb2.AbilityData.PointOrUnit,
        AbilityId.STOP: data_pb2.AbilityData.Target.Value("None"),
        AbilityId.HOLDPOSITION: data_pb2.AbilityData.Target.Value("None"),
        AbilityId.HARVEST_GATHER: data_pb2.AbilityData.Unit,
        AbilityId.EFFECT_CHRONOBOOSTENERGYCOST: data_pb2.AbilityData.Unit,
        AbilityId.MORPH_ARCHON: data_pb2.AbilityData.Target.Value("None"),
    }
    for ability, target in targets.items():
        if ability.value not in seen:
            data.abilities.add(
                ability_id=ability.value,
                link_name=ability.name.title(),
                button_name=ability.name.title(),
                available=True,
                target=target,
            )
    for unit_type, kind in KINDS.items():
        entry = data.units.add(unit_id=unit_type.value, name=_type_name(unit_type), available=True)
        entry.mineral_cost, entry.vespene_cost = kind.minerals, kind.gas
        entry.food_required, entry.food_provided = kind.supply, kind.provides
        entry.build_time = kind.seconds * LOOPS_PER_SECOND
        entry.race = kind.race.value
        entry.movement_speed = kind.speed
        entry.sight_range = SIGHT
        if unit_type in creation:
            entry.ability_id = creation[unit_type]
        if kind.structure:
            entry.attributes.append(Attribute.Structure.value)
        entry.has_minerals = unit_type == U.MINERALFIELD
        entry.has_vespene = unit_type == U.VESPENEGEYSER
    for upgrade, (minerals, gas, seconds) in UPGRADE_COSTS.items():
        ability = next((a for a, (_, u, _) in RESEARCH.items() if u == upgrade), 0)
        data.upgrades.add(
            upgrade_id=upgrade.value,
            name=upgrade.name.title(),
            mineral_cost=minerals,
            vespene_cost=gas,
            research_time=seconds * LOOPS_PER_SECOND,
            ability_id=ability,
        )
    return data


def _type_name(unit_type: U) -> str:
    """The type's name as SC2 spells it for the few whose spelling burnysc2 relies on."""
    return {U.MINERALFIELD: "MineralField", U.VESPENEGEYSER: "VespeneGeyser"}.get(unit_type, unit_type.name.title())


# ---------------------------------------------------------------------------------------------- the world
@dataclass
class Order:
    ability: int
    target: tuple[float, float] | int | None = None  # a position or a unit tag
    product: Any = None  # what a production/research order makes
    loops: float = 0  # loops still to go
    total: float = 1


@dataclass
class Unit:
    tag: int
    kind: U
    owner: int
    x: float
    y: float
    health: float
    shield: float
    progress: float = 1.0  # build progress of a structure
    orders: list[Order] = field(default_factory=list)
    energy: float = 0
    chrono: int = 0  # loops of chronoboost left
    contents: int = 0  # minerals or gas left in a resource
    gather: int = 0  # tag of the resource (or assimilator) a worker gathers from
    cooldown: float = 0  # loops until a warp gate can warp in again

    @property
    def spec(self) -> Kind:
        return KINDS[self.kind]

    def distance(self, other: Unit | tuple[float, float]) -> float:
        x, y = (other.x, other.y) if isinstance(other, Unit) else other
        return math.hypot(self.x - x, self.y - y)


@dataclass
class Player:
    player_id: int
    race: Race
    kind: int  # sc2api PlayerType: 1 participant, 2 computer
    name: str = ""
    difficulty: Difficulty | None = None
    build: AIBuild | None = None
    minerals: float = 50
    gas: float = 0
    upgrades: set[UpgradeId] = field(default_factory=set)
    result: Result | None = None
    stepped: bool = False


class FakeGame:
    """One game on the invented map.  ``apply`` takes a player's raw unit commands, ``advance`` moves the
    world on, ``observation``/``game_info`` answer in protobuf."""

    def __init__(
        self, setups: list[sc2api_pb2.PlayerSetup], map_name: str, seed: int, disable_fog: bool, max_loops: int
    ) -> None:
        self.rng = np.random.default_rng(seed)
        self.map_name = map_name
        self.disable_fog = disable_fog
        self.max_loops = max_loops
        self.loop = 0
        self.players: list[Player] = []
        for index, setup in enumerate(setups, start=1):
            race = Race(setup.race) if setup.type == 2 else Race.Protoss  # participants pick at join
            self.players.append(
                Player(
                    index,
                    race,
                    setup.type,
                    setup.player_name,
                    Difficulty(setup.difficulty) if setup.type == 2 else None,
                    AIBuild(setup.ai_build) if setup.type == 2 and setup.ai_build else None,
                )
            )
        self.units: dict[int, Unit] = {}
        self.dead: list[int] = []
        self._next_tag = 1 << 32
        self._waves = 0
        self._infos: dict[int, sc2api_pb2.ResponseGameInfo] = {}
        for base in BASES:
            self._resources(base)
        for player, base in zip(self.players, BASES, strict=False):
            self._start_base(player, base)

    # ------------------------------------------------------------------------------------ setup
    def _new(self, kind: U, owner: int, x: float, y: float, progress: float = 1.0) -> Unit:
        self._next_tag += 1
        spec = KINDS[kind]
        fraction = max(progress, 0.1) if spec.structure else 1.0
        unit = Unit(self._next_tag, kind, owner, x, y, spec.health * fraction, spec.shield * fraction, progress)
        self.units[unit.tag] = unit
        return unit

    def _resources(self, base: tuple[float, float]) -> None:
        bx, by = base
        away = (-1 if bx < MAP_SIZE / 2 else 1, -1 if by < MAP_SIZE / 2 else 1)
        for i in range(8):  # a mineral line on the map-edge side of the base, two staggered columns
            x = bx + away[0] * (7 + (i % 2))
            y = by - 3.5 + i
            self._new(U.MINERALFIELD, NEUTRAL, x - 0.5, y).contents = 1500
        for dy in (-6.5, 6.5):  # a geyser at each end of the line
            self._new(U.VESPENEGEYSER, NEUTRAL, bx + away[0] * 5, by + dy).contents = 2250

    def _start_base(self, player: Player, base: tuple[float, float]) -> None:
        zerg = player.race == Race.Zerg
        hall = self._new(U.HATCHERY if zerg else U.NEXUS, player.player_id, *base)
        hall.energy = 50
        minerals = [u for u in self.units.values() if u.kind == U.MINERALFIELD and u.distance(hall) < 10]
        for i in range(12):
            worker = self._new(
                U.DRONE if zerg else U.PROBE, player.player_id, base[0] + (i % 4 - 1.5), base[1] + (i // 4 - 1) * 1.2
            )
            if minerals:
                worker.gather = minerals[i % len(minerals)].tag
                worker.orders = [Order(AbilityId.HARVEST_GATHER.value, worker.gather)]
        if zerg:
            self._new(U.OVERLORD, player.player_id, base[0], base[1] + 3)

    # ------------------------------------------------------------------------------------ queries
    def owned(self, player_id: int) -> list[Unit]:
        return [u for u in self.units.values() if u.owner == player_id]

    def supply(self, player_id: int) -> tuple[float, float, float, float]:
        """(used, cap, army, workers), production in progress counted as used, as the game does."""
        used = army = workers = 0.0
        cap = 0.0
        for unit in self.owned(player_id):
            spec = unit.spec
            if unit.progress >= 1:
                cap += spec.provides
            used += spec.supply
            if unit.kind in WORKERS:
                workers += spec.supply
            else:
                army += spec.supply
            for order in unit.orders:
                if isinstance(order.product, U):
                    used += KINDS[order.product].supply
        return used, min(cap, 200.0), army, workers

    def powered(self, player_id: int, x: float, y: float) -> bool:
        return any(
            u.kind == U.PYLON and u.progress >= 1 and u.distance((x, y)) <= POWER_RADIUS for u in self.owned(player_id)
        )

    def placement(self, player_id: int, kind: U, x: float, y: float, ignore: int = 0) -> ActionResult:
        """Whether ``kind`` fits at (x, y): inside the playable area, off other structures and resources, near
        power where it needs it, a townhall not too close to minerals."""
        radius = KINDS[kind].radius
        x0, y0, x1, y1 = PLAYABLE
        if not (x0 + radius <= x <= x1 - radius and y0 + radius <= y <= y1 - radius):
            return ActionResult.CantBuildLocationInvalid
        for unit in self.units.values():
            if unit.tag == ignore or not unit.spec.structure:
                continue
            reach = unit.spec.radius + radius
            if abs(unit.x - x) < reach and abs(unit.y - y) < reach:
                return ActionResult.CantBuildLocationInvalid
            if kind in TOWNHALLS and unit.owner == NEUTRAL and unit.distance((x, y)) < 6:
                return ActionResult.CantBuildTooCloseToResources
        if kind not in UNPOWERED and not self.powered(player_id, x, y):
            return ActionResult.CantBuildTooFarFromBuildPowerSource
        return ActionResult.Success

    # ------------------------------------------------------------------------------------ commands
    def apply(self, player_id: int, command: raw_pb2.ActionRawUnitCommand) -> ActionResult:
        """One raw unit command of ``player_id``; the result for the whole command (the first failure)."""
        result = ActionResult.Success
        units = [self.units.get(tag) for tag in command.unit_tags]
        units = [u for u in units if u is not None and u.owner == player_id]
        if not units:
            return ActionResult.CantTargetThatUnit if command.unit_tags else ActionResult.Error
        ability = command.ability_id
        if command.HasField("target_world_space_pos"):
            target: tuple[float, float] | int | None = (
                command.target_world_space_pos.x,
                command.target_world_space_pos.y,
            )
        elif command.HasField("target_unit_tag"):
            target = command.target_unit_tag
        else:
            target = None
        if ability == AbilityId.MORPH_ARCHON.value:
            return self._archon(units)
        for unit in units:
            outcome = self._command(player_id, unit, ability, target, command.queue_command)
            if outcome != ActionResult.Success and result == ActionResult.Success:
                result = outcome
        return result

    def _command(self, player_id: int, unit: Unit, ability: int, target: Any, queue: bool) -> ActionResult:
        player = self.players[player_id - 1]
        if ability in MAKE:
            producer, product, facts = MAKE[ability]
            if unit.kind != producer or unit.progress < 1:
                return ActionResult.Error
            required = facts.get("required_building")
            if required is not None and not any(u.kind == required and u.progress >= 1 for u in self.owned(player_id)):
                return ActionResult.TechRequirementsNotMet
            spec = KINDS[product]
            if spec.minerals > player.minerals:
                return ActionResult.NotEnoughMinerals
            if spec.gas > player.gas:
                return ActionResult.NotEnoughVespene
            if spec.structure:
                return self._build(player, unit, product, target)
            used, cap, _, _ = self.supply(player_id)
            if used + spec.supply > cap:
                return ActionResult.NotEnoughFood
            if producer == U.WARPGATE:
                return self._warp_in(player, unit, product, target)
            if facts.get("requires_power") and not self.powered(player_id, unit.x, unit.y):
                return ActionResult.CantTrainTooFarFromTrainPowerSource
            if len(unit.orders) >= 5:
                return ActionResult.QueueIsFull
            player.minerals -= spec.minerals
            player.gas -= spec.gas
            loops = spec.seconds * LOOPS_PER_SECOND
            unit.orders.append(Order(ability, None, product, loops, loops))
            return ActionResult.Success
        if ability in RESEARCH:
            researcher, upgrade, facts = RESEARCH[ability]
            if unit.kind != researcher or unit.progress < 1:
                return ActionResult.Error
            if upgrade in player.upgrades or any(o.product == upgrade for u in self.owned(player_id) for o in u.orders):
                return ActionResult.Error
            required = facts.get("required_building")
            if required is not None and not any(u.kind == required and u.progress >= 1 for u in self.owned(player_id)):
                return ActionResult.TechRequirementsNotMet
            if facts.get("required_upgrade") and facts["required_upgrade"] not in player.upgrades:
                return ActionResult.TechRequirementsNotMet
            minerals, gas, seconds = UPGRADE_COSTS[upgrade]
            if minerals > player.minerals:
                return ActionResult.NotEnoughMinerals
            if gas > player.gas:
                return ActionResult.NotEnoughVespene
            if unit.orders:
                return ActionResult.QueueIsFull
            player.minerals -= minerals
            player.gas -= gas
            loops = seconds * LOOPS_PER_SECOND
            unit.orders.append(Order(ability, None, upgrade, loops, loops))
            return ActionResult.Success
        if ability == AbilityId.EFFECT_CHRONOBOOSTENERGYCOST.value:
            structure = self.units.get(target) if isinstance(target, int) else None
            if unit.kind != U.NEXUS or structure is None or structure.owner != player_id:
                return ActionResult.CantTargetThatUnit
            if unit.energy < CHRONO_ENERGY:
                return ActionResult.NotEnoughEnergy
            unit.energy -= CHRONO_ENERGY
            structure.chrono = CHRONO_LOOPS
            return ActionResult.Success
        if unit.spec.structure:
            return ActionResult.Error
        if ability == AbilityId.STOP.value:
            unit.orders = []
            unit.gather = 0
            return ActionResult.Success
        if ability == AbilityId.HARVEST_GATHER.value or (
            ability == AbilityId.SMART.value and isinstance(target, int) and unit.kind in WORKERS
        ):
            resource = self.units.get(target) if isinstance(target, int) else None
            if unit.kind not in WORKERS or resource is None:
                return ActionResult.CantTargetThatUnit
            unit.gather = resource.tag
            unit.orders = [Order(AbilityId.HARVEST_GATHER.value, resource.tag)]
            return ActionResult.Success
        if ability in (
            AbilityId.ATTACK.value,
            AbilityId.MOVE.value,
            AbilityId.SMART.value,
            AbilityId.HOLDPOSITION.value,
        ) or ability in (AbilityId.ATTACK_ATTACK.value, AbilityId.MOVE_MOVE.value):
            if target is None and ability != AbilityId.HOLDPOSITION.value:
                return ActionResult.Error
            kind = (
                AbilityId.MOVE.value
                if ability in (AbilityId.MOVE.value, AbilityId.MOVE_MOVE.value)
                else (AbilityId.ATTACK.value)
            )
            order = Order(kind, target)
            unit.gather = 0
            unit.orders = [*unit.orders, order] if queue else [order]
            return ActionResult.Success
        return ActionResult.NotSupported

    def _build(self, player: Player, worker: Unit, product: U, target: Any) -> ActionResult:
        spec = KINDS[product]
        if product == U.ASSIMILATOR:
            geyser = self.units.get(target) if isinstance(target, int) else None
            if geyser is None or geyser.kind != U.VESPENEGEYSER:
                return ActionResult.MustTargetUnit
            if any(u.kind == U.ASSIMILATOR and u.distance(geyser) < 0.5 for u in self.units.values()):
                return ActionResult.CantBuildLocationInvalid
            x, y = geyser.x, geyser.y
        else:
            if not isinstance(target, tuple):
                return ActionResult.Error
            x, y = target
            outcome = self.placement(player.player_id, product, x, y)
            if outcome != ActionResult.Success:
                return outcome
        player.minerals -= spec.minerals
        player.gas -= spec.gas
        building = self._new(product, player.player_id, x, y, progress=0.0)
        if product == U.NEXUS:
            building.energy = 0
        return ActionResult.Success

    def _warp_in(self, player: Player, gate: Unit, product: U, target: Any) -> ActionResult:
        """A warp gate puts ``product`` at ``target`` (in a power field) at once, then cools down."""
        if not isinstance(target, tuple):
            return ActionResult.Error
        if gate.cooldown > 0:
            return ActionResult.Error
        if self.placement(player.player_id, product, *target) != ActionResult.Success:
            return ActionResult.CantFindPlacementLocation
        spec = KINDS[product]
        player.minerals -= spec.minerals
        player.gas -= spec.gas
        self._new(product, player.player_id, *target)
        gate.cooldown = spec.seconds * LOOPS_PER_SECOND * 0.7
        return ActionResult.Success

    def _archon(self, templars: list[Unit]) -> ActionResult:
        pair = [u for u in templars if u.kind == U.HIGHTEMPLAR][:2]
        if len(pair) < 2:
            return ActionResult.Error
        a, b = pair
        for unit in pair:
            del self.units[unit.tag]
            self.dead.append(unit.tag)
        self._new(U.ARCHON, a.owner, (a.x + b.x) / 2, (a.y + b.y) / 2)
        return ActionResult.Success

    # ------------------------------------------------------------------------------------ time
    def advance(self, loops: int) -> None:
        """Moves the world on by ``loops`` game loops (or until it ends)."""
        if self.over:
            return
        self.dead = []
        loops = max(1, int(loops))
        self._economy(loops)
        self._production(loops)
        self._computer(loops)
        self._movement_and_combat(loops / LOOPS_PER_SECOND)
        self.loop += loops
        self._judge()

    @property
    def over(self) -> bool:
        return any(p.result is not None for p in self.players)

    def _economy(self, loops: int) -> None:
        for player in self.players:
            halls = [u for u in self.owned(player.player_id) if u.kind in TOWNHALLS and u.progress >= 1]
            on_minerals = on_gas = 0
            gas_load: dict[int, int] = {}
            for worker in self.owned(player.player_id):
                if worker.kind not in WORKERS or not worker.gather:
                    continue
                resource = self.units.get(worker.gather)
                if resource is None:
                    worker.gather, worker.orders = 0, []
                    continue
                if resource.kind == U.ASSIMILATOR and resource.progress >= 1:
                    gas_load[resource.tag] = gas_load.get(resource.tag, 0) + 1
                    if gas_load[resource.tag] <= 3:
                        on_gas += 1
                elif resource.kind == U.MINERALFIELD and any(h.distance(resource) < 12 for h in halls):
                    on_minerals += 1
            player.minerals += min(on_minerals, 16 * len(halls)) * WORKER_MINERALS_PER_LOOP * loops
            player.gas += on_gas * WORKER_GAS_PER_LOOP * loops
            for hall in halls:
                hall.energy = min(200.0, hall.energy + 0.7875 / LOOPS_PER_SECOND * loops)

    def _production(self, loops: int) -> None:
        for unit in list(self.units.values()):
            if unit.owner == NEUTRAL:
                continue
            if unit.progress < 1:
                unit.progress = min(1.0, unit.progress + loops / (unit.spec.seconds * LOOPS_PER_SECOND))
                unit.health = max(unit.health, unit.spec.health * unit.progress)
                unit.shield = max(unit.shield, unit.spec.shield * unit.progress)
                continue
            speed = 1.5 if unit.chrono > 0 else 1.0
            unit.chrono = max(0, unit.chrono - loops)
            unit.cooldown = max(0.0, unit.cooldown - loops * speed)
            if (
                unit.kind == U.GATEWAY
                and not unit.orders
                and UpgradeId.WARPGATERESEARCH in (self.players[unit.owner - 1].upgrades)
            ):
                unit.kind = U.WARPGATE  # as the game does once warp gate research is done
            if not unit.orders or not isinstance(unit.orders[0].product, (U, UpgradeId)):
                continue
            order = unit.orders[0]
            order.loops -= loops * speed
            if order.loops > 0:
                continue
            unit.orders.pop(0)
            if isinstance(order.product, UpgradeId):
                self.players[unit.owner - 1].upgrades.add(order.product)
                continue
            angle = self.rng.uniform(0, 2 * math.pi)
            made = self._new(
                order.product,
                unit.owner,
                unit.x + math.cos(angle) * (unit.spec.radius + 1),
                unit.y + math.sin(angle) * (unit.spec.radius + 1),
            )
            if made.kind in WORKERS:
                mineral = self._nearest(made, lambda u: u.kind == U.MINERALFIELD)
                if mineral is not None and mineral.distance(made) < 12:
                    made.gather = mineral.tag
                    made.orders = [Order(AbilityId.HARVEST_GATHER.value, mineral.tag)]

    def _computer(self, loops: int) -> None:
        """The computer player: waves of zerglings against its opponent's start, more and sooner with difficulty."""
        for player in self.players:
            if player.kind != 2:
                continue
            level = player.difficulty.value if player.difficulty else 1
            first = {AIBuild.Rush: 150, AIBuild.Macro: 300}.get(player.build, 220) - 10 * level
            period = max(25.0, 110.0 - 8 * level)
            seconds = (self.loop + loops) / LOOPS_PER_SECOND
            due = 0 if seconds < first else 1 + int((seconds - first) / period)
            hall = next((u for u in self.owned(player.player_id) if u.kind == U.HATCHERY), None)
            while self._waves < due and hall is not None:
                self._waves += 1
                enemy_start = BASES[(player.player_id) % 2]
                for i in range(2 * level + self._waves):
                    ling = self._new(U.ZERGLING, player.player_id, hall.x + (i % 3), hall.y + 3 + i // 3 * 0.8)
                    ling.orders = [Order(AbilityId.ATTACK.value, enemy_start)]

    def _nearest(self, unit: Unit, which: Any) -> Unit | None:
        best, best_d = None, math.inf
        for other in self.units.values():
            if other is not unit and which(other):
                d = unit.distance(other)
                if d < best_d:
                    best, best_d = other, d
        return best

    def _movement_and_combat(self, seconds: float) -> None:
        damage: dict[int, float] = {}
        units = [u for u in self.units.values() if u.owner != NEUTRAL]
        for unit in units:
            spec = unit.spec
            order = unit.orders[0] if unit.orders else None
            if unit.progress < 1 or (
                order is not None
                and (isinstance(order.product, (U, UpgradeId)) or order.ability == AbilityId.HARVEST_GATHER.value)
            ):
                continue
            enemies = [e for e in units if e.owner != unit.owner and e.progress > 0]
            victim = None
            if spec.dps > 0 and (order is None or order.ability == AbilityId.ATTACK.value):
                reach = spec.reach + spec.radius
                in_range = [e for e in enemies if unit.distance(e) <= reach + e.spec.radius]
                if in_range:
                    victim = min(in_range, key=lambda e: (e.spec.structure, unit.distance(e), e.tag))
                elif order is None and not spec.structure:  # idle units defend what comes near
                    near = [e for e in enemies if unit.distance(e) <= 7]
                    if near:
                        goal = min(near, key=lambda e: (unit.distance(e), e.tag))
                        self._move(unit, (goal.x, goal.y), spec.speed * seconds)
            if victim is not None:
                damage[victim.tag] = damage.get(victim.tag, 0.0) + spec.dps * seconds
                continue
            if order is None or spec.speed == 0:
                continue
            goal = order.target
            if isinstance(goal, int):
                target_unit = self.units.get(goal)
                goal = (target_unit.x, target_unit.y) if target_unit is not None else None
            if goal is None:
                unit.orders.pop(0)
                continue
            if self._move(unit, goal, spec.speed * seconds):
                unit.orders.pop(0)
        for tag, amount in sorted(damage.items()):
            unit = self.units[tag]
            absorbed = min(unit.shield, amount)
            unit.shield -= absorbed
            unit.health -= amount - absorbed
            if unit.health <= 0:
                del self.units[tag]
                self.dead.append(tag)

    @staticmethod
    def _move(unit: Unit, goal: tuple[float, float], step: float) -> bool:
        """Moves ``unit`` toward ``goal`` by at most ``step``; True when it arrived."""
        dx, dy = goal[0] - unit.x, goal[1] - unit.y
        distance = math.hypot(dx, dy)
        x0, y0, x1, y1 = PLAYABLE
        if distance <= max(step, 0.5):
            unit.x, unit.y = min(max(goal[0], x0), x1), min(max(goal[1], y0), y1)
            return True
        unit.x += dx / distance * step
        unit.y += dy / distance * step
        return False

    def _judge(self) -> None:
        alive = {p.player_id: any(u.spec.structure for u in self.owned(p.player_id)) for p in self.players}
        if all(alive.values()) and self.loop < self.max_loops:
            return
        for player in self.players:
            if self.loop >= self.max_loops and all(alive.values()):
                player.result = Result.Tie
            else:
                player.result = Result.Victory if alive[player.player_id] else Result.Defeat

    # ------------------------------------------------------------------------------------ answers
    def game_info(self, player_id: int) -> sc2api_pb2.ResponseGameInfo:
        """The map and the players (the same all game long: built once per player)."""
        cached = self._infos.get(player_id)
        if cached is None:
            cached = self._infos[player_id] = self._game_info(player_id)
        return cached

    def _game_info(self, player_id: int) -> sc2api_pb2.ResponseGameInfo:
        info = sc2api_pb2.ResponseGameInfo(map_name=self.map_name, local_map_path=f"{self.map_name}.SC2Map")
        for player in self.players:
            entry = info.player_info.add(player_id=player.player_id, type=player.kind, race_requested=player.race.value)
            entry.race_actual = player.race.value
            if player.difficulty is not None:
                entry.difficulty = player.difficulty.value
            if player.name:
                entry.player_name = player.name
        raw = info.start_raw
        raw.map_size.x = raw.map_size.y = MAP_SIZE
        grid = np.zeros((MAP_SIZE, MAP_SIZE), dtype=np.uint8)
        x0, y0, x1, y1 = PLAYABLE
        grid[y0:y1, x0:x1] = 1
        for name in ("pathing_grid", "placement_grid"):
            image = getattr(raw, name)
            image.bits_per_pixel = 1
            image.size.x = image.size.y = MAP_SIZE
            image.data = np.packbits(grid).tobytes()
        raw.terrain_height.bits_per_pixel = 8
        raw.terrain_height.size.x = raw.terrain_height.size.y = MAP_SIZE
        raw.terrain_height.data = np.full((MAP_SIZE, MAP_SIZE), 128, dtype=np.uint8).tobytes()
        raw.playable_area.p0.x, raw.playable_area.p0.y = x0, y0
        raw.playable_area.p1.x, raw.playable_area.p1.y = x1, y1
        for other in self.players:
            if other.player_id != player_id and other.player_id <= len(BASES):
                location = raw.start_locations.add()
                location.x, location.y = BASES[other.player_id - 1]
        info.options.raw = True
        info.options.score = True
        return info

    def _visible(self, player_id: int, unit: Unit, eyes: list[Unit]) -> bool:
        if self.disable_fog or unit.owner == player_id or unit.owner == NEUTRAL:
            return True
        return any(eye.distance(unit) <= SIGHT + unit.spec.radius for eye in eyes)

    def observation(self, player_id: int) -> sc2api_pb2.ResponseObservation:
        response = sc2api_pb2.ResponseObservation()
        player = self.players[player_id - 1]
        observation = response.observation
        observation.game_loop = self.loop
        used, cap, army, workers = self.supply(player_id)
        common = observation.player_common
        common.player_id = player_id
        common.minerals, common.vespene = int(player.minerals), int(player.gas)
        common.food_cap, common.food_used = int(cap), math.ceil(used)
        common.food_army, common.food_workers = int(army), int(workers)
        own = self.owned(player_id)
        common.idle_worker_count = sum(1 for u in own if u.kind in WORKERS and not u.orders)
        common.army_count = sum(1 for u in own if u.kind not in WORKERS and not u.spec.structure)
        raw = observation.raw_data
        raw.player.upgrade_ids.extend(sorted(u.value for u in player.upgrades))
        raw.player.camera.x, raw.player.camera.y = BASES[(player_id - 1) % len(BASES)]
        gatherers: dict[int, int] = {}
        for unit in own:
            if unit.gather:
                gatherers[unit.gather] = gatherers.get(unit.gather, 0) + 1
        for unit in own:
            if unit.kind == U.PYLON and unit.progress >= 1:
                source = raw.player.power_sources.add(tag=unit.tag, radius=POWER_RADIUS)
                source.pos.x, source.pos.y = unit.x, unit.y
        eyes = own
        pylons: dict[int, list[tuple[float, float]]] = {}
        for unit in self.units.values():
            if unit.kind == U.PYLON and unit.progress >= 1:
                pylons.setdefault(unit.owner, []).append((unit.x, unit.y))
        for unit in sorted(self.units.values(), key=lambda u: u.tag):
            if not self._visible(player_id, unit, eyes):
                continue
            self._unit_proto(raw.units.add(), unit, player_id, gatherers, pylons)
        raw.event.dead_units.extend(self.dead)
        visibility = np.full((MAP_SIZE, MAP_SIZE), 2 if self.disable_fog else 1, dtype=np.uint8)
        if not self.disable_fog:
            reach = int(SIGHT)
            for eye in eyes:  # a disc of sight stamped at each of our units (cells, rounded)
                x, y = int(eye.x), int(eye.y)
                x0, y0 = max(0, x - reach), max(0, y - reach)
                window = visibility[y0 : y + reach + 1, x0 : x + reach + 1]
                disc = _DISC[
                    y0 - (y - reach) : y0 - (y - reach) + window.shape[0],
                    x0 - (x - reach) : x0 - (x - reach) + window.shape[1],
                ]
                window[disc] = 2
        raw.map_state.visibility.bits_per_pixel = 8
        raw.map_state.visibility.size.x = raw.map_state.visibility.size.y = MAP_SIZE
        raw.map_state.visibility.data = visibility.tobytes()
        raw.map_state.creep.bits_per_pixel = 1
        raw.map_state.creep.size.x = raw.map_state.creep.size.y = MAP_SIZE
        raw.map_state.creep.data = bytes(MAP_SIZE * MAP_SIZE // 8)
        observation.score.score_type = 2
        observation.score.score = int(self.loop // 10 + sum(u.spec.minerals for u in own))
        if player.result is not None:
            for other in self.players:
                response.player_result.add(player_id=other.player_id, result=other.result.value)
        return response

    def _unit_proto(
        self,
        proto: raw_pb2.Unit,
        unit: Unit,
        player_id: int,
        gatherers: dict[int, int],
        pylons: dict[int, list[tuple[float, float]]],
    ) -> None:
        spec = unit.spec
        proto.display_type = 1
        proto.alliance = (
            Alliance.Neutral if unit.owner == NEUTRAL else Alliance.Self if unit.owner == player_id else Alliance.Enemy
        ).value
        proto.tag, proto.unit_type, proto.owner = unit.tag, unit.kind.value, unit.owner
        proto.pos.x, proto.pos.y, proto.pos.z = unit.x, unit.y, 12.0
        proto.radius = spec.radius
        proto.build_progress = unit.progress
        proto.health, proto.health_max = max(unit.health, 1.0), max(spec.health, 1.0)
        proto.shield, proto.shield_max = unit.shield, spec.shield
        proto.is_flying = spec.flying
        proto.is_on_screen = True
        proto.is_powered = unit.kind in UNPOWERED or any(
            math.hypot(unit.x - px, unit.y - py) <= POWER_RADIUS for px, py in pylons.get(unit.owner, ())
        )
        if unit.kind == U.NEXUS:
            proto.energy, proto.energy_max = unit.energy, 200
        if unit.owner == NEUTRAL:
            if unit.kind == U.MINERALFIELD:
                proto.mineral_contents = unit.contents
            else:
                proto.vespene_contents = unit.contents
        if unit.chrono > 0:
            proto.buff_ids.append(BuffId.CHRONOBOOSTENERGYCOST.value)
        if unit.owner == player_id:
            if unit.kind in TOWNHALLS and unit.progress >= 1:
                fields = [u for u in self.units.values() if u.kind == U.MINERALFIELD and u.distance(unit) < 12]
                proto.ideal_harvesters = 2 * len(fields)
                proto.assigned_harvesters = sum(gatherers.get(f.tag, 0) for f in fields)
            elif unit.kind == U.ASSIMILATOR and unit.progress >= 1:
                proto.ideal_harvesters = 3
                proto.assigned_harvesters = gatherers.get(unit.tag, 0)
                proto.vespene_contents = 2250
            for order in unit.orders[:5]:
                entry = proto.orders.add(ability_id=order.ability)
                if isinstance(order.target, tuple):
                    entry.target_world_space_pos.x, entry.target_world_space_pos.y = order.target
                elif isinstance(order.target, int):
                    entry.target_unit_tag = order.target
                if order.total > 1:
                    entry.progress = max(0.0, 1.0 - order.loops / order.total)
