"""The burnysc2 bot that the env drives in lockstep: each ``on_step`` hands the game to the env and waits.

``on_step`` reads the game into a plain dict (:func:`snapshot`), offers it to the env through its
:class:`Link`, and waits for the env's action; then it carries the action out (``executor.execute``) and
the standing orders, and burnysc2 sends the commands and steps the game.  The game therefore never moves
while the env (or an LLM behind it) thinks, whatever the wall-clock time: Orak's pause through a shared
dict between processes becomes one awaited future in one event loop.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sc2.bot_ai import BotAI
from sc2.data import Result
from sc2.ids.unit_typeid import UnitTypeId as U
from sc2.ids.upgrade_id import UpgradeId

from orak_gym.core.errors import OrakError
from orak_gym.games.starcraft2.actions import table
from orak_gym.games.starcraft2.executor import execute, standing_orders
from orak_gym.games.starcraft2.state import STRUCTURES, UNITS, UPGRADES, count_key

#: How many of the last bot steps' action outcomes a snapshot keeps (Orak's ``action_executed`` per decision).
KEPT_OUTCOMES = 10


class Abandoned(OrakError):
    """The env gave up on this game (a reset mid-game, or close): the bot stops at its next step."""


@dataclass
class Offer:
    """What the bot hands the env: the game now, and whether (and how) it is over."""

    snapshot: dict[str, Any]
    result: Result | None = None
    replay_path: str | None = None


class Link:
    """The bot's side of the lockstep, inside the game's event loop: offers go out on ``offers``, the
    env's answer comes back in the future the bot waits on."""

    def __init__(self) -> None:
        self.offers: asyncio.Queue[Offer] = asyncio.Queue()
        self.answer: asyncio.Future[int] | None = None

    async def offer(self, snapshot: dict[str, Any]) -> int:
        self.answer = asyncio.get_running_loop().create_future()
        await self.offers.put(Offer(snapshot))
        return await self.answer

    def reply(self, action: int) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_result(action)

    def abandon(self) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(Abandoned())


class LockstepBot(BotAI):
    """Protoss, playing Orak's macro actions one bot step at a time, as the env says."""

    def __init__(self, link: Link, replay_path: str | None = None, game_step: int | None = None) -> None:
        super().__init__()
        self.link = link
        self.replay_path = replay_path
        self.game_step = game_step
        self.outcomes: list[dict[str, Any]] = []

    async def on_start(self) -> None:
        if self.game_step:
            self.client.game_step = int(self.game_step)

    async def on_step(self, iteration: int) -> None:
        action_id = await self.link.offer(snapshot(self, self.outcomes))
        action = table()[action_id]
        try:
            done, why = await execute(self, action)
        except (KeyError, ValueError, AssertionError) as exc:  # the game's data lacks something the action needs
            done, why = False, f"{action.name}: cannot be carried out here ({type(exc).__name__}: {exc})"
        self.outcomes = [*self.outcomes, {"action": action.name, "done": done, "feedback": why}][-KEPT_OUTCOMES:]
        await standing_orders(self, iteration)

    async def on_end(self, game_result: Result) -> None:
        saved = None
        if self.replay_path:
            try:
                Path(self.replay_path).parent.mkdir(parents=True, exist_ok=True)
                await self.client.save_replay(self.replay_path)
                saved = self.replay_path
            except Exception:  # a replay the client cannot give is no reason to lose the result
                saved = None
        await self.link.offers.put(Offer(snapshot(self, self.outcomes), game_result, saved))


def _time(seconds: float) -> str:
    return f"{int(seconds // 60):02d}:{int(seconds % 60):02d}"


def snapshot(bot: BotAI, outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """The game as the env shows it (see ``state.py``), read from burnysc2's view of this step."""
    ready = Counter(s.type_id for s in bot.structures if s.is_ready)
    building = Counter(s.type_id for s in bot.structures if not s.is_ready)
    units = Counter(u.type_id for u in bot.units)
    producing: Counter[U] = Counter()
    researching: dict[UpgradeId, float] = {}
    for structure in bot.structures:
        for order in structure.orders[:5]:
            made = _made_by(order.ability.exact_id.value) or _made_by(order.ability.id.value)
            if isinstance(made, U):
                producing[made] += 1
            elif isinstance(made, UpgradeId):
                researching[made] = max(researching.get(made, 0.0), float(order.progress))
    research = {}
    for name in UPGRADES:
        upgrade = UpgradeId[name]
        research[name.lower()] = 1.0 if upgrade in bot.state.upgrades else round(researching.get(upgrade, 0.0), 2)
    enemy_units = Counter(u.type_id.name.lower() for u in bot.enemy_units)
    enemy_structures = Counter(s.type_id.name.lower() for s in bot.enemy_structures)
    return {
        "game_loop": int(bot.state.game_loop),
        "seconds": round(float(bot.time), 2),
        "resource": {
            "game_time": _time(bot.time),
            "worker_supply": int(bot.supply_workers),
            "mineral": int(bot.minerals),
            "gas": int(bot.vespene),
            "supply_left": int(bot.supply_left),
            "supply_cap": int(bot.supply_cap),
            "supply_used": int(bot.supply_used),
            "army_supply": int(bot.supply_army),
        },
        "building": {count_key(s): ready.get(U[s], 0) for s in STRUCTURES},
        "unit": {count_key(u): units.get(U[u], 0) for u in UNITS},
        "research": research,
        "in_progress": {
            "building_constructing": {f"constructing_{count_key(s)}": building.get(U[s], 0) for s in STRUCTURES},
            "unit_producing": {f"producing_{count_key(u)}": producing.get(U[u], 0) for u in UNITS},
        },
        "enemy": {"unit": dict(sorted(enemy_units.items())), "structure": dict(sorted(enemy_structures.items()))},
        "enemy_army_supply": int(sum(_supply(bot, u.type_id) for u in bot.enemy_units if not u.is_structure)),
        "nexus_energy": int(max((t.energy for t in bot.townhalls), default=0)),
        "executed": list(outcomes),
    }


def _supply(bot: BotAI, unit_type: U) -> float:
    data = bot.game_data.units.get(unit_type.value)
    return float(data._proto.food_required) if data is not None else 0.0


_MADE_BY: dict[int, U | UpgradeId] = {}


def _made_by(ability: int) -> U | UpgradeId | None:
    """What a production or research order's ability makes (from burnysc2's ability tables)."""
    if not _MADE_BY:
        from sc2.dicts.unit_research_abilities import RESEARCH_INFO
        from sc2.dicts.unit_train_build_abilities import TRAIN_INFO

        for products in TRAIN_INFO.values():
            for product, facts in products.items():
                _MADE_BY.setdefault(facts["ability"].value, product)
        for upgrades in RESEARCH_INFO.values():
            for upgrade, facts in upgrades.items():
                _MADE_BY.setdefault(facts["ability"].value, upgrade)
    return _MADE_BY.get(ability)
