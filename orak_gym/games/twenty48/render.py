"""A readable picture of a 2048 board (Pillow), in the original game's colours."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

SIZE = 400
MARGIN = 12
HEADER = 48
FRAME_SHAPE = (SIZE + HEADER, SIZE, 3)

_BACKGROUND = (187, 173, 160)
_EMPTY = (205, 193, 180)
_TILE = {
    2: (238, 228, 218), 4: (237, 224, 200), 8: (242, 177, 121), 16: (245, 149, 99), 32: (246, 124, 95),
    64: (246, 94, 59), 128: (237, 207, 114), 256: (237, 204, 97), 512: (237, 200, 80),
    1024: (237, 197, 63), 2048: (237, 194, 46),
}  # fmt: skip
_DARK_TEXT = (119, 110, 101)
_LIGHT_TEXT = (249, 246, 242)


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def draw_board(board: tuple[tuple[int, ...], ...], score: int) -> np.ndarray:
    image = Image.new("RGB", (SIZE, SIZE + HEADER), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 10), f"2048   score {score}", fill=_LIGHT_TEXT, font=_font(26))
    cell = (SIZE - MARGIN) // 4
    for i, row in enumerate(board):
        for j, value in enumerate(row):
            x0, y0 = MARGIN + j * cell, HEADER + MARGIN + i * cell
            box = (x0, y0, x0 + cell - MARGIN, y0 + cell - MARGIN)
            draw.rounded_rectangle(box, radius=6, fill=_TILE.get(value, (60, 58, 50)) if value else _EMPTY)
            if value:
                label = str(value)
                font = _font(40 if len(label) <= 2 else 32 if len(label) == 3 else 24)
                colour = _DARK_TEXT if value <= 4 else _LIGHT_TEXT
                cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                draw.text((cx, cy), label, fill=colour, font=font, anchor="mm")
    return np.asarray(image, dtype=np.uint8)
