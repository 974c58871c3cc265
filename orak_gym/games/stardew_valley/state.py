"""One state file of Orak's StateExtractor mod, checked, and its text for each of Orak's four tasks.

The mod writes a JSON object per change (player, world, crops, toolbar, obstacles, shop). The game's
text (item names, locations) reaches the prompt, so every string is cut to one short line: a mod or a
save with odd names cannot break the observation's layout. A file that does not fit the schema is one
:class:`~orak_gym.backends.mod_link.ModLinkError` line naming the field.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from orak_gym.backends.mod_link import ModLinkError

#: The obstacle kinds the mod lists, each as positions ``[x, y, ...]`` on the Farm.
OBSTACLE_KINDS = ("crops", "grass", "stone", "tilled_soil", "tree", "twig", "weeds")
#: Orak's last day: the earn-money episode ends on the morning of this day of spring.
FINAL_DAY = 14
MAX_NAME = 60
MAX_LIST = 400  # more crops, obstacles or toolbar slots than a farm holds is not a state


def _clean(value: Any) -> str:
    """A game string as one printable line of at most ``MAX_NAME`` characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return " ".join(text.split())[:MAX_NAME]


def _int(record: dict[str, Any], key: str, where: str) -> int:
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ModLinkError(f"the mod's {where}.{key} is not a number: {str(value)[:40]!r}")
    return int(value)


def _object(record: Any, key: str) -> dict[str, Any]:
    value = record.get(key) if isinstance(record, dict) else None
    if not isinstance(value, dict):
        raise ModLinkError(f"the mod's state has no {key} object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise ModLinkError(f"the mod's {where} is not a list of at most {MAX_LIST} entries")
    return value


def _positions(value: Any, where: str) -> list[tuple[int, ...]]:
    points = []
    for point in _list(value, where):
        if not isinstance(point, list) or not 2 <= len(point) <= 3:
            raise ModLinkError(f"the mod's {where} holds {str(point)[:40]!r}, not a position")
        try:
            points.append(tuple(int(v) for v in point))
        except (TypeError, ValueError):
            raise ModLinkError(f"the mod's {where} holds {str(point)[:40]!r}, not a position") from None
    return points


@dataclass(frozen=True)
class Item:
    name: str
    stack: int
    type: str = ""


@dataclass(frozen=True)
class Crop:
    name: str
    days_to_harvest: int
    is_watered: bool


@dataclass
class FarmState:
    """What the mod reported, plus the env's step count (the mod knows nothing of steps)."""

    location: str
    pos: tuple[int, int]
    direction: str
    money: int
    energy: int
    day: int
    season: str
    weather: str
    num_empty_tilled_soil: int
    crops: list[Crop] = field(default_factory=list)
    toolbar: list[Item] = field(default_factory=list)
    selected: Item | None = None
    obstacles: dict[str, list[tuple[int, ...]]] = field(default_factory=dict)
    shop: list[tuple[str, int, int]] | None = None  # (name, price, stock) while a shop menu is open
    steps: int = 0
    task: str = "earn_money"  # the env's task: which of Orak's layouts ``to_text`` gives

    @classmethod
    def from_json(cls, record: Any) -> FarmState:
        """Checks one state file's object; anything off is one ModLinkError line."""
        player, world = _object(record, "player"), _object(record, "world")
        toolbar, obstacles = _object(record, "toolbar"), record.get("obstacles") or {}
        if not isinstance(obstacles, dict):
            raise ModLinkError("the mod's obstacles is not an object")
        pos = _positions([player.get("pos")], "player.pos")[0]
        crops = []
        for crop in _list(record.get("crops"), "crops"):
            if not isinstance(crop, dict):
                raise ModLinkError(f"the mod's crops hold {str(crop)[:40]!r}, not an object")
            days = _int(crop, "days_to_harvest", "crops[]")
            crops.append(Crop(_clean(crop.get("name", "")), days, bool(crop.get("is_watered"))))
        items = [_item(entry, "toolbar.items[]") for entry in _list(toolbar.get("items"), "toolbar.items")]
        selected = toolbar.get("selected_item")
        shop = record.get("shop")
        return cls(
            location=_clean(player.get("location", "")),
            pos=(pos[0], pos[1]),
            direction=_clean(player.get("direction", "")),
            money=_int(player, "money", "player"),
            energy=_int(player, "energy", "player"),
            day=_int(world, "day", "world"),
            season=_clean(world.get("season", "")),
            weather=_clean(world.get("weather", "")),
            num_empty_tilled_soil=_int(world, "num_empty_tilled_soil", "world"),
            crops=crops,
            toolbar=items,
            selected=_item(selected, "toolbar.selected_item") if selected is not None else None,
            obstacles={kind: _positions(obstacles.get(kind), f"obstacles.{kind}") for kind in OBSTACLE_KINDS},
            shop=None if shop is None else [_shop_item(entry) for entry in _list(shop, "shop")],
        )

    # ------------------------------------------------------------------ facts the scores read
    def stack_of(self, name: str) -> int:
        """How many of ``name`` the toolbar holds (all slots together)."""
        return sum(item.stack for item in self.toolbar if item.name == name)

    def num_obstacles(self) -> int:
        """Every listed obstacle position, crops and tilled soil included (Orak's farm-cleanup count)."""
        return sum(len(points) for points in self.obstacles.values())

    # ------------------------------------------------------------------ text
    def toolbar_text(self) -> str:
        lines = [
            f"{i}. {item.name} (Stack: {item.stack})" for i, item in enumerate(self.toolbar, 1) if item.name != "Empty"
        ]
        return "\n".join(lines) or "Nothing."

    def crops_text(self) -> str:
        """Crops grouped by (name, days to harvest, watered), counted, in the order first seen (as Orak)."""
        groups = Counter((c.name, c.days_to_harvest, c.is_watered) for c in self.crops)
        lines = [f"- {n} (Stack: {count}, Days to harvest: {d}, Watered: {w})" for (n, d, w), count in groups.items()]
        return "\n".join(lines) or "None."

    def selected_text(self) -> str:
        if self.selected is None:
            return "Nothing is selected."
        return f"The selected item is the {self.selected.name}, with a stack count of {self.selected.stack}."

    def where_text(self) -> str:
        x, y = self.pos
        return (
            f"The player is at [{x}, {y}] in {self.location}, facing {self.direction}. "
            "Coordinates: +X is right, +Y is down; each location (Farm, FarmHouse, shop) has its own."
        )

    def to_text(self, task: str | None = None) -> str:
        """The task's layout: the fields Orak shows for it, in Orak's order, in our words."""
        task = task or self.task
        if task == "earn_money":
            return (
                f"The player is located at {self.location}. "
                f"The player has {self.money} gold and {self.energy}/50 energy remaining.\n\n"
                f"Today is {self.season} {self.day}. {max(0, FINAL_DAY - 1 - self.day)} days remaining. "
                f"The weather is {self.weather}.\n\n"
                f"Crops currently growing:\n{self.crops_text()}\n\n"
                f"Number of empty tilled soil tiles:\n{self.num_empty_tilled_soil}\n\n"
                f"The toolbar contains the following items:\n{self.toolbar_text()}"
            )
        body = [self.where_text()]
        if task == "farm_cleanup":
            body.append("Obstacles on the Farm (Farm coordinates):")
            for kind in ("stone", "weeds", "twig", "grass", "tree"):
                points = ", ".join(f"[{p[0]}, {p[1]}]" for p in self.obstacles.get(kind, [])) or "none"
                body.append(f"- {kind}: {points}")
        elif task == "cultivation":
            body.append("Tilled soil on the Farm:")
            body.append(self._soil_text())
        elif task == "shopping":
            if self.shop is None:
                body.append("The shop menu is closed.")
            else:
                body.append("The shop menu is open. Items for sale:")
                body.extend(f"- {name}: {price}G" for name, price, _ in self.shop[:4])
        body.append(f"The toolbar contains the following items:\n{self.toolbar_text()}")
        body.append(self.selected_text())
        return "\n".join(body)

    def _soil_text(self) -> str:
        planted = {(p[0], p[1]): (p[2] if len(p) > 2 else 0) for p in self.obstacles.get("crops", [])}
        lines = []
        for point in self.obstacles.get("tilled_soil", []):
            x, y = point[0], point[1]
            watered = "watered" if len(point) > 2 and point[2] == 1 else "not watered"
            stage = planted.get((x, y))
            crop = "no seed planted" if stage is None else ("fully grown" if stage >= 4 else f"growth stage {stage}")
            lines.append(f"- [{x}, {y}] ({watered}; {crop})")
        return "\n".join(lines) or "No tilled soil."

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "pos": list(self.pos),
            "direction": self.direction,
            "money": self.money,
            "energy": self.energy,
            "day": self.day,
            "season": self.season,
            "weather": self.weather,
            "num_empty_tilled_soil": self.num_empty_tilled_soil,
            "crops": [
                {"name": c.name, "days_to_harvest": c.days_to_harvest, "is_watered": c.is_watered} for c in self.crops
            ],
            "toolbar": [{"name": i.name, "stack": i.stack, "type": i.type} for i in self.toolbar],
            "selected": None if self.selected is None else self.selected.name,
            "obstacles": {kind: [list(p) for p in points] for kind, points in self.obstacles.items()},
            "shop": None if self.shop is None else [list(entry) for entry in self.shop],
            "steps": self.steps,
            "task": self.task,
        }

    def __str__(self) -> str:
        return self.to_text()


def _item(entry: Any, where: str) -> Item:
    if not isinstance(entry, dict):
        raise ModLinkError(f"the mod's {where} is {str(entry)[:40]!r}, not an object")
    return Item(_clean(entry.get("name", "")), _int(entry, "stack", where), _clean(entry.get("type", "")))


def _shop_item(entry: Any) -> tuple[str, int, int]:
    if not isinstance(entry, dict):
        raise ModLinkError(f"the mod's shop holds {str(entry)[:40]!r}, not an object")
    return _clean(entry.get("name", "")), _int(entry, "price", "shop[]"), _int(entry, "stock", "shop[]")
