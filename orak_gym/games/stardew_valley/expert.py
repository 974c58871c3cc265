"""A scripted earn-money baseline: parsnips in a loop, from what the player sees (``info["state"]``).

Each morning: out of the house; harvest and sell what is ripe; buy as many seeds as gold and the day's
energy allow when they can still ripen; till and plant them; water what grows; sleep. Parsnips are the
shortest crop, so they fit the most harvests into the thirteen days. The other tasks need walking to
tiles; there it only leaves the house and waits.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.policy import ScriptedPolicy
from orak_gym.games.stardew_valley.state import FINAL_DAY

SEED, CROP = "Parsnip Seeds", "Parsnip"
SEED_PRICE, GROW_DAYS = 20, 4  # Orak's task description
MAX_SEEDS = 12  # tilling and watering 12 tiles costs 48 of the 50 energy


def _calls(*lines: str) -> str:
    return "### Actions\n```python\n" + "\n".join(lines) + "\n```"


class StardewBaseline(ScriptedPolicy):
    def act(self, observation: Any, info: dict[str, Any]) -> str:
        state = info["state"]
        if state["location"] == "FarmHouse":
            return _calls("get_out_of_house()")
        if info.get("task", "earn_money") != "earn_money":
            return _calls()
        crops = state["crops"]
        seeds = sum(i["stack"] for i in state["toolbar"] if i["name"] == SEED)
        produce = sum(i["stack"] for i in state["toolbar"] if i["name"] == CROP)
        if any(c["days_to_harvest"] <= 0 for c in crops):
            return _calls("harvest_crops()", "sell_item()")
        if produce:
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
