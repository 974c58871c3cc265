"""Image modality: a top-down map of the bot's surroundings drawn from block data (Pillow).

One cell per block column, coloured by the highest block's kind and shaded by its height relative
to the bot; animals are dots, the bot is a white arrow showing where it faces. No game client is
needed, so it works on headless machines.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

CELL = 8
RADIUS = 16
SIZE = (2 * RADIUS + 1) * CELL
FRAME_SHAPE = (SIZE, SIZE, 3)

PALETTE: dict[str, tuple[int, int, int]] = {
    "grass_block": (95, 159, 53),
    "dirt": (134, 96, 67),
    "stone": (125, 125, 125),
    "cobblestone": (110, 110, 110),
    "sand": (219, 207, 163),
    "water": (47, 90, 220),
    "lava": (230, 100, 20),
    "oak_log": (102, 81, 50),
    "oak_leaves": (48, 110, 30),
    "gravel": (150, 140, 135),
    "obsidian": (25, 18, 40),
    "coal_ore": (60, 60, 60),
    "iron_ore": (200, 160, 130),
    "gold_ore": (250, 215, 60),
    "diamond_ore": (90, 230, 230),
    "redstone_ore": (180, 30, 30),
    "lapis_ore": (40, 70, 170),
    "sugar_cane": (140, 200, 90),
    "short_grass": (110, 170, 60),
    "tall_grass": (110, 170, 60),
    "crafting_table": (160, 110, 60),
    "furnace": (90, 90, 90),
    "chest": (170, 120, 40),
    "nether_portal": (140, 40, 220),
    "bedrock": (40, 40, 40),
    "unknown": (0, 0, 0),
}


def color_of(name: str) -> tuple[int, int, int]:
    if name in PALETTE:
        return PALETTE[name]
    h = hashlib.md5(name.encode()).digest()  # stable colour for blocks without an entry
    return (h[0], h[1], h[2])


def draw_top_down(top: dict[str, Any]) -> np.ndarray:
    """Draws a ``topDown`` result from the driver; an empty dict gives a black frame."""
    img = Image.new("RGB", (SIZE, SIZE), (0, 0, 0))
    if not top or not top.get("grid"):
        return np.asarray(img, dtype=np.uint8).copy()
    draw = ImageDraw.Draw(img)
    names: list[str] = top["names"]
    radius = int(top.get("radius", RADIUS))
    scale = SIZE / (2 * radius + 1)
    for j, row in enumerate(top["grid"]):
        for i, idx in enumerate(row):
            base = np.array(color_of(names[idx]), dtype=np.float64)
            dh = top["heights"][j][i] if top.get("heights") else 0
            shade = np.clip(1.0 + 0.04 * dh, 0.5, 1.4)
            c = tuple(int(v) for v in np.clip(base * shade, 0, 255))
            draw.rectangle([i * scale, j * scale, (i + 1) * scale - 1, (j + 1) * scale - 1], fill=c)
    for e in top.get("entities", []):
        cx, cy = (e["dx"] + radius + 0.5) * scale, (e["dz"] + radius + 0.5) * scale
        draw.ellipse([cx - 3, cy - 3, cx + 3, cy + 3], fill=(240, 240, 240), outline=(0, 0, 0))
    c = (radius + 0.5) * scale
    yaw = float(top.get("yaw", 0.0))  # mineflayer yaw: 0 faces -z, increasing counter-clockwise
    dx, dz = -math.sin(yaw), -math.cos(yaw)
    tip = (c + dx * scale * 1.5, c + dz * scale * 1.5)
    left = (c - dz * scale * 0.6, c + dx * scale * 0.6)
    right = (c + dz * scale * 0.6, c - dx * scale * 0.6)
    draw.polygon([tip, left, right], fill=(255, 255, 255), outline=(0, 0, 0))
    return np.asarray(img, dtype=np.uint8).copy()
