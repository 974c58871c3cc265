"""A drawing of the fight from RAM alone, for where MAME's frame is not the game's.

Without the ROM (CI, the docs' picture, the stand-in peer) MAME's screen shows nothing of the fight, but
the state read from RAM does: where the fighters stand, their life, super and stun bars, the timer, the
stage and the round wins. ``gym.make("orak/StreetFighter-v0", view="schematic")`` renders this instead of
the frame; it is labelled as a state view on the picture itself, so nobody takes it for the game.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from orak_gym.games.street_fighter.state import Fighter, FightState

WIDTH, HEIGHT = 384, 224
FLOOR = 176
LIFE_FULL, SUPER_FULL, STUN_FULL = 160, 128, 72
COLOURS = {"me": (214, 64, 52), "opponent": (58, 110, 214)}


def _bars(draw: ImageDraw.ImageDraw, fighter: Fighter, left: bool, colour: tuple[int, int, int]) -> None:
    x0, x1 = (12, 172) if left else (212, 372)
    life = max(0, fighter.health) / LIFE_FULL
    draw.rectangle((x0, 12, x1, 22), outline=(230, 230, 230))
    span = int((x1 - x0 - 2) * min(life, 1.0))
    if span:
        draw.rectangle((x1 - 1 - span, 13, x1 - 1, 21) if left else (x0 + 1, 13, x0 + 1 + span, 21), fill=colour)
    for row, (value, full, tint) in enumerate(
        ((fighter.super_bar, SUPER_FULL, (240, 200, 60)), (fighter.stun_bar, STUN_FULL, (200, 200, 200)))
    ):
        y = 198 + row * 10
        draw.rectangle((x0, y, x1, y + 5), outline=(120, 120, 120))
        span = int((x1 - x0 - 2) * min(max(value, 0) / full, 1.0))
        if span:
            draw.rectangle((x0 + 1, y + 1, x0 + 1 + span, y + 4), fill=tint)
    name = f"{fighter.character}  wins {fighter.wins}  super x{fighter.super_count}"
    draw.text((x0, 26) if left else (x1 - 6 * len(name), 26), name, fill=(240, 240, 240))


def _body(draw: ImageDraw.ImageDraw, x: int, colour: tuple[int, int, int], knocked_out: bool) -> None:
    if knocked_out:
        draw.rectangle((x - 22, FLOOR - 12, x + 22, FLOOR), fill=colour)
        return
    draw.ellipse((x - 9, FLOOR - 84, x + 9, FLOOR - 66), fill=colour)
    draw.rectangle((x - 12, FLOOR - 64, x + 12, FLOOR - 28), fill=colour)
    draw.rectangle((x - 12, FLOOR - 28, x - 3, FLOOR), fill=colour)
    draw.rectangle((x + 3, FLOOR - 28, x + 12, FLOOR), fill=colour)


def schematic(state: FightState) -> np.ndarray:
    """The state as a (224, 384, 3) picture: the fighters at their RAM x positions (centred on the pair,
    one pixel per unit, as the game's camera follows them), bars, timer, stage and round wins."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (24, 26, 34))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, FLOOR, WIDTH, HEIGHT), fill=(52, 46, 40))
    centre = (state.me.x + state.opponent.x) / 2
    for who, fighter in (("opponent", state.opponent), ("me", state.me)):
        x = round(WIDTH / 2 + (fighter.x - centre))
        _body(draw, min(max(x, 14), WIDTH - 14), COLOURS[who], fighter.health < 0)
    me_left = state.me.x <= state.opponent.x
    _bars(draw, state.me if me_left else state.opponent, True, COLOURS["me" if me_left else "opponent"])
    _bars(draw, state.opponent if me_left else state.me, False, COLOURS["opponent" if me_left else "me"])
    draw.text((WIDTH // 2 - 8, 10), f"{max(state.timer, 0):02d}", fill=(255, 255, 255))
    header = "versus" if state.versus else f"stage {state.stage}  cleared {state.stages_cleared}"
    draw.text((WIDTH // 2 - 3 * len(header), 40), header, fill=(200, 200, 200))
    draw.text((WIDTH // 2 - 3 * len(state.distance), 52), state.distance, fill=(160, 160, 160))
    draw.text((6, HEIGHT - 12), "state view from RAM (not the game's frame)", fill=(140, 140, 140))
    return np.asarray(image, dtype=np.uint8)
