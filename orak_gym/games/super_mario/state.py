"""``MarioState``: what the RAM decoder found, shown in Orak's text layout then richer extras.

Coordinates follow Orak's convention: screen pixels, ``x`` from the left edge of the visible
screen, ``y`` upwards from the bottom of the 240-row NES picture, and every (x, y) is the
top-left corner of the object (so the ground surface is at y = 32).  Orak found objects by
template matching on the frame; we read them from RAM, so they are exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from orak_gym.core.state import DeferredFields, GameState, to_jsonable

Point = tuple[int, int]

#: Object classes in Orak's order (label in the text, key in ``objects``).
OBJECT_CLASSES: tuple[tuple[str, str], ...] = (
    ("bricks", "Bricks"),
    ("question_blocks", "Question Blocks"),
    ("inactivated_blocks", "Inactivated Blocks"),
    ("goombas", "Monster Goomba"),
    ("koopas", "Monster Koopas"),
    ("pits", "Pit"),
    ("pipes", "Warp Pipe"),
    ("mushrooms", "Item Mushrooms"),
    ("stairs", "Stair Blocks"),
    ("flag", "Flag"),
)

POWER_UPS = ("small", "big", "fire")


@dataclass
class MarioState(DeferredFields, GameState):
    """One decoded frame of Super Mario Bros (see the module docstring for coordinates)."""

    mario: Point
    objects: dict[str, list[tuple[int, ...]]]
    level_x: int  # Mario's x in the level (pixels from the level's left edge): Orak's ``x_pos``
    screen_left: int  # level x of the screen's left edge
    velocity: tuple[int, int]  # (x, y) speed as the game stores it (signed; y > 0 is falling)
    power_up: str
    on_ground: bool
    lives: int
    time_left: int
    coins: int
    game_score: int
    world: str
    flag_x: int | None  # level x of the flagpole (axe in castles), from the level data
    other_enemies: list[tuple[str, int, int]] = field(default_factory=list)
    other_items: list[tuple[str, int, int]] = field(default_factory=list)
    platforms: list[Point] = field(default_factory=list)  # moving lifts (top-left of their left end)
    dying: bool = False
    flag_reached: bool = False
    previous_action: str | None = None
    history: list[Point] = field(default_factory=list)

    def _format(self, key: str) -> str:
        items = self.objects.get(key, [])
        if not items:
            return "None"
        if key == "pits":
            return ", ".join(f"start at ({a}, {b}), end at ({c}, {d})" for a, b, c, d in items)
        return ", ".join("(" + ", ".join(str(v) for v in item) + ")" for item in items)

    def to_text(self) -> str:
        lines = [f"Position of Mario: ({self.mario[0]}, {self.mario[1]})", "Positions of all objects"]
        lines += [f"- {label}: {self._format(key)}" for key, label in OBJECT_CLASSES]
        lines.append("(Note: All (x, y) positions refer to the top-left corner of each object.)")
        lines.append("")
        lines.append("Additional information")
        if self.previous_action is not None:
            lines.append(f"- Previous action: {self.previous_action}")
        if self.history:
            lines.append("- Mario's recent positions: " + ", ".join(f"({x}, {y})" for x, y in self.history))
        lines.append(f"- Mario velocity (x, y): ({self.velocity[0]}, {self.velocity[1]}) (y > 0: falling)")
        lines.append(f"- Mario is {self.power_up} and {'standing' if self.on_ground else 'in the air'}")
        lines.append(f"- World {self.world}, lives {self.lives}, time left {self.time_left}, coins {self.coins}")
        if self.flag_x is not None:
            lines.append(
                f"- Distance to the flag: {max(self.flag_x - self.level_x, 0)} px "
                f"(Mario at level x {self.level_x}, flag at level x {self.flag_x})"
            )
        if self.other_enemies:
            lines.append("- Other enemies: " + ", ".join(f"{n} ({x}, {y})" for n, x, y in self.other_enemies))
        if self.other_items:
            lines.append("- Other items: " + ", ".join(f"{n} ({x}, {y})" for n, x, y in self.other_items))
        if self.platforms:
            lines.append("- Moving platforms: " + ", ".join(f"({x}, {y})" for x, y in self.platforms))
        if self.flag_reached:
            lines.append("- Mario reached the flag: level cleared")
        elif self.dying:
            lines.append("- Mario lost a life")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe fields; written out by hand because it runs on every step (5x faster)."""
        self.materialise()  # a deferred state (native modality) decodes its fields now
        data = {name: value for name, value in vars(self).items() if name not in _NESTED}
        data["mario"] = list(self.mario)
        data["velocity"] = list(self.velocity)
        data["objects"] = {key: [list(item) for item in items] for key, items in self.objects.items()}
        data["other_enemies"] = [list(item) for item in self.other_enemies]
        data["other_items"] = [list(item) for item in self.other_items]
        data["platforms"] = [list(item) for item in self.platforms]
        data["history"] = [list(item) for item in self.history]
        return to_jsonable(data) if _needs_conversion(data) else data


_NESTED = frozenset({"mario", "velocity", "objects", "other_enemies", "other_items", "platforms", "history"})


def _needs_conversion(data: dict[str, Any]) -> bool:
    """True if a scalar field is a numpy value (callers building states by hand may pass those)."""
    return any(not isinstance(v, (int, float, str, bool, list, dict, type(None))) for v in data.values())
