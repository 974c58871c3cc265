"""A schematic frame of the Farm from the mod's positions: no screenshot needed, the same on any machine.

The window is the box around every listed obstacle, tilled tile and the farmer (when on the Farm),
scaled to fit; two bars on top show the days gone out of 14 and the gold out of Orak's 1013.
"""

from __future__ import annotations

import numpy as np

from orak_gym.games.stardew_valley.score import ORACLE_GOLD
from orak_gym.games.stardew_valley.state import FINAL_DAY, FarmState

GROUND, HUD = (58, 96, 46), (24, 30, 24)
COLOURS = {
    "stone": (150, 150, 150),
    "tree": (30, 80, 30),
    "twig": (140, 95, 55),
    "weeds": (120, 150, 40),
    "grass": (80, 180, 70),
}
SOIL, WET, SPROUT, RIPE, FARMER = (120, 80, 45), (80, 52, 30), (110, 210, 90), (245, 215, 60), (220, 60, 60)
TOP = 16  # pixels of bars above the map


def _points(state: FarmState) -> list[tuple[int, int]]:
    points = [(p[0], p[1]) for kind in state.obstacles.values() for p in kind]
    if state.location == "Farm":
        points.append(state.pos)
    return points


def draw(state: FarmState, shape: tuple[int, int, int]) -> np.ndarray:
    height, width = shape[0], shape[1]
    frame = np.full(shape, GROUND, dtype=np.uint8)
    frame[:TOP] = HUD
    frame[3:7, 4 : 4 + int((width - 8) * min(state.day, FINAL_DAY) / FINAL_DAY)] = (140, 190, 230)
    frame[9:13, 4 : 4 + int((width - 8) * min(max(state.money, 0), ORACLE_GOLD) / ORACLE_GOLD)] = (235, 200, 70)
    points = _points(state)
    if not points:
        return frame
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0 = min(xs) - 1, min(ys) - 1
    tiles_x, tiles_y = max(xs) - x0 + 2, max(ys) - y0 + 2
    size = max(1, min((width - 4) // tiles_x, (height - TOP - 4) // tiles_y, 12))

    def cell(x: int, y: int, colour: tuple[int, int, int], inset: int = 0) -> None:
        top, left = TOP + 2 + (y - y0) * size + inset, 2 + (x - x0) * size + inset
        frame[top : top + size - 2 * inset, left : left + size - 2 * inset] = colour

    for point in state.obstacles.get("tilled_soil", []):
        cell(point[0], point[1], WET if len(point) > 2 and point[2] == 1 else SOIL)
    for point in state.obstacles.get("crops", []):
        cell(point[0], point[1], RIPE if len(point) > 2 and point[2] >= 4 else SPROUT, inset=max(1, size // 4))
    for kind, colour in COLOURS.items():
        for point in state.obstacles.get(kind, []):
            cell(point[0], point[1], colour, inset=1 if size > 3 else 0)
    if state.location == "Farm":
        cell(state.pos[0], state.pos[1], FARMER, inset=max(0, size // 5))
    return frame
