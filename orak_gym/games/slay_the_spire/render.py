"""A clear Pillow picture of a Slay the Spire state: the combat table, or the current screen's choices."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from orak_gym.games.slay_the_spire.state import SpireState

WIDTH, HEIGHT = 640, 400
FRAME_SHAPE = (HEIGHT, WIDTH, 3)
_BG = (28, 30, 38)
_PANEL = (48, 52, 66)
_TEXT = (235, 235, 235)
_DIM = (150, 150, 160)
_HP = (200, 50, 50)
_BLOCK = (80, 140, 220)
_CARD = {
    "ATTACK": (150, 60, 50),
    "SKILL": (50, 100, 150),
    "POWER": (150, 120, 40),
    "STATUS": (90, 90, 90),
    "CURSE": (80, 40, 90),
}
_ATTACK_INTENTS = ("ATTACK", "ATTACK_BUFF", "ATTACK_DEBUFF", "ATTACK_DEFEND")


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _bar(draw: ImageDraw.ImageDraw, x: int, y: int, w: int, value: float, top: float, colour: tuple) -> None:
    draw.rectangle((x, y, x + w, y + 8), fill=(70, 70, 70))
    if top > 0:
        draw.rectangle((x, y, x + int(w * max(0.0, min(1.0, value / top))), y + 8), fill=colour)


def draw_state(state: SpireState) -> np.ndarray:
    image = Image.new("RGB", (WIDTH, HEIGHT), _BG)
    draw = ImageDraw.Draw(image)
    game = state.game
    hp, max_hp = int(game.get("current_hp", 0) or 0), int(game.get("max_hp", 1) or 1)
    header = (
        f"Slay the Spire  act {game.get('act', 1)}  floor {state.floor}  gold {game.get('gold', 0)}  "
        f"bosses {state.bosses_defeated}  [{state.screen_type}]"
    )
    draw.text((10, 8), header, fill=_TEXT, font=_font(15))
    draw.text((10, 30), f"HP {hp}/{max_hp}", fill=_TEXT, font=_font(14))
    _bar(draw, 110, 35, 200, hp, max_hp, _HP)
    if state.kind == "combat":
        _draw_combat(draw, state)
    else:
        _draw_screen(draw, state)
    return np.asarray(image, dtype=np.uint8)


def _draw_combat(draw: ImageDraw.ImageDraw, state: SpireState) -> None:
    player = state.combat.get("player") or {}
    draw.text(
        (330, 30),
        f"Block {player.get('block', 0)}   Energy {player.get('energy', 0)}   Turn {state.combat.get('turn', 1)}",
        fill=_BLOCK,
        font=_font(14),
    )
    monsters = state.monsters
    width = (WIDTH - 20) // max(len(monsters), 1)
    for i, m in enumerate(monsters):
        x = 10 + i * width
        box = (x, 60, x + width - 8, 190)
        gone = m.get("is_gone")
        draw.rounded_rectangle(box, radius=6, fill=(35, 35, 40) if gone else _PANEL)
        draw.text((x + 6, 66), f"{i + 1}. {m.get('name', '?')}"[:22], fill=_DIM if gone else _TEXT, font=_font(13))
        if gone:
            continue
        draw.text(
            (x + 6, 86),
            f"HP {m.get('current_hp')}/{m.get('max_hp')}  Block {m.get('block', 0)}",
            fill=_TEXT,
            font=_font(12),
        )
        _bar(draw, x + 6, 104, width - 22, float(m.get("current_hp", 0) or 0), float(m.get("max_hp", 1) or 1), _HP)
        intent = str(m.get("intent", "NONE"))
        text = intent.lower()
        if intent in _ATTACK_INTENTS:
            hits = int(m.get("move_hits", 1) or 1)
            text += f" {m.get('move_adjusted_damage')}" + (f"x{hits}" if hits > 1 else "")
        draw.text(
            (x + 6, 118),
            text[:26],
            fill=(240, 120, 100) if intent in _ATTACK_INTENTS else (160, 210, 160),
            font=_font(12),
        )
        powers = ", ".join(f"{p.get('name')} {p.get('amount')}" for p in m.get("powers") or [])
        draw.text((x + 6, 136), powers[:30], fill=_DIM, font=_font(11))
    hand = state.hand
    card_w = (WIDTH - 20) // max(len(hand), 5)
    for i, card in enumerate(hand):
        x = 10 + i * card_w
        colour = _CARD.get(str(card.get("type")), _PANEL)
        if not card.get("is_playable", True):
            colour = tuple(c // 2 for c in colour)
        draw.rounded_rectangle((x, 240, x + card_w - 6, 370), radius=6, fill=colour)
        cost = card.get("cost", 0)
        draw.text((x + 5, 245), f"{i + 1}  [{'X' if cost == -1 else cost}]", fill=_TEXT, font=_font(12))
        name = str(card.get("name", "?")) + ("+" if card.get("upgrades") else "")
        for j, part in enumerate(_wrap(name, max(card_w // 8, 4))[:3]):
            draw.text((x + 5, 265 + 15 * j), part, fill=_TEXT, font=_font(12))
    draw.text(
        (10, 378),
        f"draw {len(state.combat.get('draw_pile') or [])}  discard "
        f"{len(state.combat.get('discard_pile') or [])}  exhaust {len(state.combat.get('exhaust_pile') or [])}",
        fill=_DIM,
        font=_font(12),
    )


def _draw_screen(draw: ImageDraw.ImageDraw, state: SpireState) -> None:
    title = {"game_over": "GAME OVER" + (" - VICTORY" if state.victory else ""), "card_reward": "CARD REWARD"}.get(
        state.kind, state.screen_type.replace("_", " ")
    )
    draw.text((10, 60), title, fill=_TEXT, font=_font(22))
    items = state.choices
    if state.kind == "card_reward":
        items = [str(c.get("name")) + ("+" if c.get("upgrades") else "") for c in state.screen.get("cards") or []]
    for i, item in enumerate(items[:12]):
        draw.rounded_rectangle((10, 95 + 24 * i, 400, 115 + 24 * i), radius=4, fill=_PANEL)
        draw.text((16, 98 + 24 * i), f"{i + 1}. {item}"[:48], fill=_TEXT, font=_font(13))
    deck = state.game.get("deck") or []
    draw.text((420, 95), f"deck: {len(deck)} cards", fill=_DIM, font=_font(13))
    for j, relic in enumerate((state.game.get("relics") or [])[:10]):
        draw.text((420, 118 + 18 * j), str(relic.get("name"))[:24], fill=(220, 200, 120), font=_font(12))


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])
