"""Scripted baselines for Orak's four Stardew Valley tasks, from what the player sees (``info["state"]``).

- earn money: parsnips in a loop. Each morning: out of the house; harvest and sell what is ripe; buy as
  many seeds as gold and the day's energy allow while they can still ripen; till and sow them; water;
  sleep. Parsnips are the shortest crop, so they fit the most harvests into the thirteen days.
- farm cleanup: walk beside the nearest obstacle, turn to it, take the tool that clears it, use it (again
  while it stands: trees take several blows).
- cultivation: till the tile below where the farmer first stands on the Farm, sow a Parsnip seed, water it
  every day, sleep, harvest once it is grown.
- shopping: warp into the seed shop and buy the ten seeds.

Walking is by the mod's coordinates, as an agent does; it assumes the tiles on the way are walkable.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.policy import ScriptedPolicy
from orak_gym.games.stardew_valley.skills import TOOL_KEYS
from orak_gym.games.stardew_valley.state import FINAL_DAY

SEED, CROP = "Parsnip Seeds", "Parsnip"
SEED_PRICE, GROW_DAYS = 20, 4  # Orak's task description
MAX_SEEDS = 12  # tilling and watering 12 tiles costs 48 of the 50 energy
TOOL_FOR = {"stone": "Pickaxe", "twig": "Axe", "tree": "Axe", "weeds": "Scythe", "grass": "Scythe"}
#: Where to stand beside a tile (offset from it) and which way to face it then.
SIDES = ((0, -1, "down"), (-1, 0, "right"), (1, 0, "left"), (0, 1, "up"))


def _calls(*lines: str) -> str:
    return "### Actions\n```python\n" + "\n".join(lines) + "\n```"


def _slot(state: dict[str, Any], name: str) -> str | None:
    """The key selecting the toolbar slot holding ``name``."""
    for index, item in enumerate(state["toolbar"][: len(TOOL_KEYS)]):
        if item["name"] == name:
            return TOOL_KEYS[index]
    return None


def _approach(state: dict[str, Any], target: tuple[int, int], blocked: set[tuple[int, int]]) -> str | None:
    """Calls that bring the farmer beside ``target`` facing it; None once there."""
    x, y = state["pos"]
    sides = [
        (target[0] + dx, target[1] + dy, face)
        for dx, dy, face in SIDES
        if (target[0] + dx, target[1] + dy) not in blocked
    ]
    sx, sy, face = min(sides or [(target[0], target[1] - 1, "down")], key=lambda s: abs(s[0] - x) + abs(s[1] - y))
    if (x, y) != (sx, sy):
        moves = []
        if sx != x:
            moves.append(f"move_{'right' if sx > x else 'left'}(grid={abs(sx - x)})")
        if sy != y:
            moves.append(f"move_{'down' if sy > y else 'up'}(grid={abs(sy - y)})")
        return _calls(*moves)
    if state["direction"] != face:
        return _calls(f"move_{face}(grid=0)")
    return None


class StardewBaseline(ScriptedPolicy):
    def __init__(self) -> None:
        self.on_reset()

    def on_reset(self) -> None:
        self.plot: tuple[int, int] | None = None  # cultivation's tile

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        state, task = info["state"], info.get("task", "earn_money")
        if state["steps"] == 0:
            self.on_reset()
        if task == "shopping":
            if state["location"] != "SeedShop":
                return _calls("warp_to_shop()")
            return _calls(f'buy_item(item_name="{SEED}", item_count=10)')
        if state["location"] == "FarmHouse":
            return _calls("get_out_of_house()")
        return {"earn_money": self._earn, "farm_cleanup": self._cleanup, "cultivation": self._cultivate}[task](state)

    def _earn(self, state: dict[str, Any]) -> str:
        crops = state["crops"]
        seeds = sum(i["stack"] for i in state["toolbar"] if i["name"] == SEED)
        if any(c["days_to_harvest"] <= 0 for c in crops):
            return _calls("harvest_crops()", "sell_item()")
        if any(i["name"] == CROP for i in state["toolbar"]):
            return _calls("sell_item()")
        days_left = FINAL_DAY - state["day"]
        if not crops and not seeds and days_left >= GROW_DAYS and state["money"] >= SEED_PRICE:
            count = min(MAX_SEEDS, state["money"] // SEED_PRICE)
            return _calls(f'buy_item(item_name="{SEED}", item_count={count})', f"till_soil(num_tiles={count})")
        if seeds:
            if state["num_empty_tilled_soil"] < seeds:
                return _calls(f"till_soil(num_tiles={seeds - state['num_empty_tilled_soil']})", "plant_seeds()")
            return _calls("plant_seeds()", "water_seeds()")
        if any(not c["is_watered"] for c in crops):
            return _calls("water_seeds()")
        return _calls("go_house_and_sleep()")

    def _cleanup(self, state: dict[str, Any]) -> str:
        obstacles = [(tuple(p[:2]), kind) for kind in TOOL_FOR for p in state["obstacles"].get(kind, [])]
        if not obstacles:
            return _calls()
        x, y = state["pos"]
        target, kind = min(obstacles, key=lambda o: (abs(o[0][0] - x) + abs(o[0][1] - y), o[0]))
        moving = _approach(state, target, {point for point, _ in obstacles})
        if moving:
            return moving
        key = _slot(state, TOOL_FOR[kind])
        return _calls(f"select_tool(key='{key}')", "use_tool()") if key else _calls()

    def _cultivate(self, state: dict[str, Any]) -> str:
        if self.plot is None:
            self.plot = (state["pos"][0], state["pos"][1] + 1)
        tilled = {tuple(p[:2]): p for p in state["obstacles"].get("tilled_soil", [])}
        crops = {tuple(p[:2]): p for p in state["obstacles"].get("crops", [])}
        blocked = {tuple(p[:2]) for kind in TOOL_FOR for p in state["obstacles"].get(kind, [])}
        moving = _approach(state, self.plot, blocked)
        if moving:
            return moving
        soil, crop = tilled.get(self.plot), crops.get(self.plot)
        if soil is None:
            return _calls(f"select_tool(key='{_slot(state, 'Hoe')}')", "use_tool()")
        if crop is None:
            return _calls(f"select_tool(key='{_slot(state, SEED)}')", "do_action()")
        if len(crop) > 2 and crop[2] >= 4:
            return _calls("do_action()")
        if not (len(soil) > 2 and soil[2] == 1):
            return _calls(f"select_tool(key='{_slot(state, 'Watering Can')}')", "use_tool()")
        return _calls("go_house_and_sleep()")
