"""Tile pictures of a board: objects as coloured shapes, text blocks as labelled tiles.

Tiles are drawn once per (kind, size) with Pillow and cached; a frame is numpy slice copies,
so rendering stays cheap enough for video recording.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from orak_gym.games.baba_is_you.vocab import N_KINDS, N_NOUNS, NOUNS, TEXT_BASE, WORDS, word_class

TILE = 32
BACKGROUND = (21, 24, 31)
GRID_LINE = (34, 38, 48)
_OBJECT_COLOURS = {
    "baba": (240, 240, 240),
    "wall": (80, 84, 96),
    "rock": (160, 120, 70),
    "flag": (235, 200, 60),
    "water": (60, 120, 220),
    "skull": (190, 40, 40),
    "lava": (240, 110, 30),
    "key": (230, 210, 90),
    "door": (170, 60, 60),
}
_WORD_COLOURS = {"noun": (217, 57, 106), "is": (230, 230, 230), "and": (230, 230, 230)}
_PROPERTY_COLOUR = (90, 160, 220)


def frame_shape(width: int, height: int, tile: int = TILE) -> tuple[int, int, int]:
    return (height * tile, width * tile, 3)


@cache
def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=10)
    except TypeError:  # Pillow < 10.1 has no sized default font
        return ImageFont.load_default()


@cache
def tile_image(kind: int, tile: int = TILE) -> np.ndarray:
    """RGBA tile for one kind (alpha 0 where the background shows through)."""
    img = Image.new("RGBA", (tile, tile), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    m = max(2, tile // 8)
    if kind < N_NOUNS:
        noun = NOUNS[kind]
        colour = _OBJECT_COLOURS[noun]
        if noun in ("wall", "water", "lava"):
            draw.rectangle([0, 0, tile - 1, tile - 1], fill=colour)
        elif noun in ("rock", "skull", "baba"):
            draw.ellipse([m, m, tile - 1 - m, tile - 1 - m], fill=colour)
            if noun == "baba":
                draw.ellipse([tile // 3, tile // 3, tile // 3 + 3, tile // 3 + 3], fill=(0, 0, 0))
                draw.ellipse([2 * tile // 3 - 3, tile // 3, 2 * tile // 3, tile // 3 + 3], fill=(0, 0, 0))
            if noun == "skull":
                draw.rectangle([tile // 3, tile // 2, 2 * tile // 3, tile - m - 2], fill=(60, 0, 0))
        elif noun == "flag":
            draw.line([m + 2, m, m + 2, tile - m], fill=colour, width=2)
            draw.polygon([(m + 3, m), (tile - m, m + tile // 5), (m + 3, m + 2 * tile // 5)], fill=colour)
        elif noun == "key":
            draw.ellipse([m, tile // 3, m + tile // 3, 2 * tile // 3], outline=colour, width=2)
            draw.line([m + tile // 3, tile // 2, tile - m, tile // 2], fill=colour, width=3)
        else:  # door
            draw.rectangle([m, 0, tile - 1 - m, tile - 1], fill=colour)
            draw.ellipse([tile - 3 * m, tile // 2, tile - 2 * m, tile // 2 + m], fill=(240, 220, 120))
    else:
        word = WORDS[kind - TEXT_BASE]
        colour = _WORD_COLOURS.get(word_class(kind), _PROPERTY_COLOUR)
        draw.rectangle([1, 1, tile - 2, tile - 2], fill=(30, 30, 36), outline=colour, width=2)
        label = word.upper()
        font = _font()
        box = draw.textbbox((0, 0), label, font=font)
        tw, th = box[2] - box[0], box[3] - box[1]
        draw.text(((tile - tw) / 2 - box[0], (tile - th) / 2 - box[1]), label, fill=colour, font=font)
    return np.asarray(img, dtype=np.uint8)


_TERRAIN = frozenset(NOUNS.index(noun) for noun in ("wall", "water", "lava"))


def draw_board(width: int, height: int, things: list[tuple[int, int, int]], tile: int = TILE) -> np.ndarray:
    """An HxWx3 uint8 frame of ``(kind, x, y)`` things: terrain (wall, water, lava) first, then the
    other objects, then text, so a baba standing on a wall stays visible."""
    frame = np.empty(frame_shape(width, height, tile), dtype=np.uint8)
    frame[:] = BACKGROUND
    frame[::tile, :] = GRID_LINE
    frame[:, ::tile] = GRID_LINE
    order = sorted(things, key=lambda t: (t[0] >= TEXT_BASE, t[0] not in _TERRAIN, t[0]))
    for kind, x, y in order:
        if not 0 <= kind < N_KINDS:
            continue
        rgba = tile_image(kind, tile)
        alpha = rgba[:, :, 3:4].astype(np.uint16)
        cell = frame[y * tile : (y + 1) * tile, x * tile : (x + 1) * tile]
        cell[:] = ((rgba[:, :, :3] * alpha + cell * (255 - alpha)) // 255).astype(np.uint8)
    return frame
