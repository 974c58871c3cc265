"""A picture of the StarCraft II state for the image modalities: the summary as a dashboard (Pillow).

The Linux client renders no picture without a GPU context, so the frame is drawn from the state: a
header (time, minerals, gas, supply), then our buildings and units, work in progress and the enemy, one
line each, as the text modality lists them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from orak_gym.games.starcraft2.state import StarCraft2State

WIDTH, HEIGHT = 384, 512
FRAME_SHAPE = (HEIGHT, WIDTH, 3)
_BACKGROUND = (12, 18, 32)
_HEADER = (40, 120, 200)
_TEXT = (220, 228, 240)
_ENEMY = (230, 110, 90)
_LINE = 15


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def draw_state(state: StarCraft2State) -> np.ndarray:
    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    resource = state.snapshot.get("resource", {})
    draw.rectangle((0, 0, WIDTH, 44), fill=_HEADER)
    draw.text((8, 4), f"StarCraft II  {state.game_time}  {state.result or ''}", fill=_TEXT, font=_font(16))
    draw.text(
        (8, 24),
        f"minerals {resource.get('mineral', 0)}  gas {resource.get('gas', 0)}  "
        f"supply {resource.get('supply_used', 0)}/{resource.get('supply_cap', 0)}",
        fill=_TEXT,
        font=_font(13),
    )
    y = 52
    in_enemy = False
    for line in state.to_text().splitlines()[2:]:
        if not line.strip() or line.startswith("Resources") or line.startswith("- Game time"):
            continue
        in_enemy = in_enemy or line.startswith("Enemy")
        draw.text((8, y), line[:56], fill=_ENEMY if in_enemy else _TEXT, font=_font(12))
        y += _LINE
        if y > HEIGHT - _LINE:
            break
    return np.asarray(image, dtype=np.uint8)
