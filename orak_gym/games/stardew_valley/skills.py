"""Orak's Stardew Valley skills: their parameters, and the keys and clicks each one is in the game.

A skill is a macro over StateExtractor's hotkeys (P/G/H warp to Farm/seed shop/FarmHouse, L opens the
seed shop, O plants all seeds, I waters all, U harvests all, K sells crops, J tills per ``action.json``,
R closes a menu) and the game's own controls (WASD held to walk, C uses the tool, X acts, 1-9/0/-/+
select a toolbar slot, right click interacts). Timings and click points are Orak's (a 1920x1080 game
scaled to its screen); the env scales the pauses by ``ui_delay``, never the holds, whose length is the
distance walked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: A walking key held this long moves the farmer about one tile (Orak's figure).
SECONDS_PER_TILE = 0.18
SEEDS = ("Parsnip Seeds", "Bean Starter", "Cauliflower Seeds", "Potato Seeds")
#: Where Orak's buy_item points the mouse in the seed shop's list, one row per seed.
SHOP_ROWS = {name: (1920, 800 + 100 * i) for i, name in enumerate(SEEDS)}
#: Where Orak's go_house_and_sleep right-clicks once beside the bed.
BED_CLICK = (1920, 2000)
TOOL_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "+")

#: An input op: ("key", k) | ("hold", k, seconds) | ("move", x, y) | ("click", "left"|"right") | ("pause", s)
Op = tuple[Any, ...]


@dataclass(frozen=True)
class Param:
    name: str
    kind: type  # int, float or str
    low: float = 0
    high: float = 0
    choices: tuple[str, ...] = ()
    default: Any = None


@dataclass(frozen=True)
class Skill:
    name: str
    description: str
    params: tuple[Param, ...] = ()

    def signature(self) -> str:
        return f"{self.name}({', '.join(p.name for p in self.params)})"


_GRID = Param("grid", float, 0, 40, default=1)
SKILLS: dict[str, Skill] = {
    s.name: s
    for s in (
        Skill("till_soil", "Till this many tiles of the Farm's field (Farm only).", (Param("num_tiles", int, 1, 200),)),
        Skill("plant_seeds", "Sow every seed in the toolbar on empty tilled soil (Farm only)."),
        Skill("water_seeds", "Water every planted tile (Farm only)."),
        Skill("harvest_crops", "Harvest every crop that is ready (Farm only)."),
        Skill("sell_item", "Sell every crop in the toolbar, from anywhere."),
        Skill(
            "buy_item",
            "Open the seed shop and buy item_count of item_name, from anywhere.",
            (Param("item_name", str, choices=SEEDS), Param("item_count", int, 1, 99)),
        ),
        Skill("get_out_of_house", "Walk from the bed out of the FarmHouse onto the Farm."),
        Skill("go_house_and_sleep", "Go to the FarmHouse and sleep: the next day starts."),
        Skill("warp_to_shop", "Warp into the seed shop."),
        Skill("move_up", "Walk grid tiles up.", (_GRID,)),
        Skill("move_down", "Walk grid tiles down.", (_GRID,)),
        Skill("move_left", "Walk grid tiles left.", (_GRID,)),
        Skill("move_right", "Walk grid tiles right.", (_GRID,)),
        Skill("use_tool", "Use the selected tool on the tile the farmer faces."),
        Skill("do_action", "Act on the tile the farmer faces: sow the selected seed, harvest, open a door."),
        Skill("select_tool", "Select a toolbar slot by its key.", (Param("key", str, choices=TOOL_KEYS),)),
        Skill("close_menu", "Close the open menu."),
    )
}

#: The skills each of Orak's tasks offers (earn money: Orak's skill list; the others: moves and tools).
_MOVES = ("move_up", "move_down", "move_left", "move_right", "use_tool", "do_action", "select_tool")
TASK_SKILLS: dict[str, tuple[str, ...]] = {
    "earn_money": (
        "till_soil",
        "plant_seeds",
        "water_seeds",
        "harvest_crops",
        "sell_item",
        "buy_item",
        "get_out_of_house",
        "go_house_and_sleep",
    ),
    "farm_cleanup": ("get_out_of_house", *_MOVES),
    "cultivation": ("get_out_of_house", *_MOVES, "go_house_and_sleep"),
    "shopping": ("warp_to_shop", "buy_item", "close_menu", *_MOVES),
}
#: Skills after which the mod must have written a new state (a warp, a menu, a new day): silence is an error.
MUST_CHANGE = frozenset({"go_house_and_sleep", "buy_item", "warp_to_shop"})


def _walk(key: str, tiles: float) -> Op:
    return ("hold", key, round(float(tiles) * SECONDS_PER_TILE, 3))


def inputs(name: str, params: dict[str, Any]) -> list[Op]:
    """The ops one skill call is in the game (Orak's sequence for it)."""
    if name == "buy_item":
        clicks: list[Op] = [("click", "left"), ("pause", 0.5)] * int(params["item_count"])
        return [("key", "l"), ("pause", 0.5), ("move", *SHOP_ROWS[params["item_name"]]), ("pause", 0.5), *clicks,
                ("key", "escape"), ("pause", 1.0), ("key", "r"), ("pause", 1.0)]  # fmt: skip
    if name == "get_out_of_house":
        return [_walk("a", 6), ("pause", 0.1), _walk("s", 4), ("pause", 2.0), _walk("s", 2), ("pause", 0.5)]
    if name == "go_house_and_sleep":
        return [("key", "h"), ("pause", 1.0), _walk("w", 1.5), ("pause", 0.1), _walk("d", 7), ("pause", 0.5),
                ("move", *BED_CLICK), ("pause", 0.2), ("click", "right"), ("pause", 3.0), ("key", "escape"),
                ("pause", 2.0), ("click", "right")]  # fmt: skip
    if name.startswith("move_"):
        return [_walk({"up": "w", "down": "s", "left": "a", "right": "d"}[name[5:]], params["grid"])]
    single = {"till_soil": "j", "plant_seeds": "o", "water_seeds": "i", "harvest_crops": "u", "sell_item": "k",
              "warp_to_shop": "g", "use_tool": "c", "do_action": "x", "close_menu": "r"}  # fmt: skip
    if name == "select_tool":
        return [("key", params["key"])]
    return [("key", single[name]), ("pause", 0.5)]


def library_text(task: str) -> str:
    """The skill list a prompt shows for ``task`` (Orak's ``skill_library`` variable): our words in the
    layout of Orak's ``format_skill_list`` (a ``Function:`` line, a ``Description:`` line, a blank line)."""
    entries = []
    for name in TASK_SKILLS[task]:
        skill = SKILLS[name]
        choices = "".join(
            f" {p.name} is one of {', '.join(repr(c) for c in p.choices)}." for p in skill.params if p.choices
        )
        entries.append(f"Function: {skill.signature()}\nDescription: {skill.description}{choices}\n\n")
    return "".join(entries)
