"""The game's character set, and reading text off the screen tile map.

Charmap facts (pret/pokered ``constants/charmap.asm``): space 7F; A-Z 80-99; ( ) : ; [ ] 9A-9F;
a-z A0-B9; é BA; 'd 'l 's 't 'v BB-BF; ' E0; PK E1; MN E2; - E3; 'r E4; 'm E5; ? E6; ! E7; . E8;
▷ EC; ▶ ED; ▼ EE; ♂ EF; ¥ F0; × F1; . F2; / F3; , F4; ♀ F5; 0-9 F6-FF; box frame ┌ ─ ┐ │ └ ┘ 79-7E;
string terminator 50.  Tiles 60-78 are also the battle HUD's graphics (HP bar, corners), so of
them only Lv (6E) and … (75) are read as text.

The screen tile map ``wTileMap`` (C3A0) is 20 columns x 18 rows, one tile id per byte, row-major.
"""

from __future__ import annotations

from collections.abc import Sequence

SCREEN_COLS = 20
SCREEN_ROWS = 18
TERMINATOR = 0x50
CURSOR = 0xED  # ▶, the menu cursor
IDLE_CURSOR = 0xEC  # ▷
MORE_ARROW = 0xEE  # ▼, "press A for more text"
BOX_TOP_LEFT, BOX_HORIZONTAL, BOX_TOP_RIGHT, BOX_VERTICAL, BOX_BOTTOM_LEFT, BOX_BOTTOM_RIGHT = range(0x79, 0x7F)

CHARMAP: dict[int, str] = {0x7F: " "}
CHARMAP.update({0x80 + i: chr(ord("A") + i) for i in range(26)})
CHARMAP.update({0xA0 + i: chr(ord("a") + i) for i in range(26)})
CHARMAP.update({0xF6 + i: str(i) for i in range(10)})
CHARMAP.update(dict(zip(range(0x9A, 0xA0), "():;[]", strict=True)))
CHARMAP.update(
    {
        0xBA: "é", 0xBB: "'d", 0xBC: "'l", 0xBD: "'s", 0xBE: "'t", 0xBF: "'v",
        0xE0: "'", 0xE1: "PK", 0xE2: "MN", 0xE3: "-", 0xE4: "'r", 0xE5: "'m", 0xE6: "?", 0xE7: "!",
        0xE8: ".", 0xEC: "▷", 0xED: "▶", 0xEE: "▼", 0xEF: "♂", 0xF0: "¥", 0xF1: "×", 0xF2: ".",
        0xF3: "/", 0xF4: ",", 0xF5: "♀", 0x6E: "Lv", 0x75: "…",
    }
)  # fmt: skip
BOX_TILES = frozenset(range(0x79, 0x7F))
TEXT_TILES = frozenset(CHARMAP) - {0x7F}


def decode_string(data: Sequence[int] | bytes) -> str:
    """A string in the game's charset, up to its 0x50 terminator; unknown tiles are dropped."""
    out = []
    for byte in data:
        if byte == TERMINATOR:
            break
        out.append(CHARMAP.get(byte, ""))
    return "".join(out)


def encode_string(text: str) -> bytes:
    """The inverse of ``decode_string`` for plain letters, digits and punctuation (tests build RAM images)."""
    reverse = {v: k for k, v in CHARMAP.items() if len(v) == 1 and k != 0xF2}
    return bytes(reverse[c] for c in text) + bytes([TERMINATOR])


def screen_rows(tilemap: Sequence[int]) -> list[list[int]]:
    """The 18 rows of 20 tile ids."""
    return [list(tilemap[r * SCREEN_COLS : (r + 1) * SCREEN_COLS]) for r in range(SCREEN_ROWS)]


def row_text(row: Sequence[int]) -> str:
    """A row's characters, with box borders and graphics tiles as spaces, trimmed."""
    return " ".join("".join(CHARMAP.get(t, " ") if t in CHARMAP else " " for t in row).split())


def screen_text(tilemap: Sequence[int]) -> list[str]:
    """Every non-empty line of text on the screen, top to bottom (Orak's ``[Filtered Screen Text]``)."""
    lines = []
    for row in screen_rows(tilemap):
        if sum(t in TEXT_TILES for t in row) >= 2:
            text = row_text(row)
            if text:
                lines.append(text)
    return lines


def has_text_box(tilemap: Sequence[int]) -> bool:
    """A dialog box drawn on the bottom rows (┌ at row 12, column 0: the standard message box)."""
    return tilemap[12 * SCREEN_COLS] == BOX_TOP_LEFT and tilemap[17 * SCREEN_COLS] == BOX_BOTTOM_LEFT


def dialog_text(tilemap: Sequence[int]) -> list[str]:
    """The lines inside the bottom message box (rows 13-16), or [] when there is none."""
    if not has_text_box(tilemap):
        return []
    rows = screen_rows(tilemap)
    return [t for t in (row_text(rows[r][1:19]) for r in range(13, 17)) if t]


def selection_box(tilemap: Sequence[int]) -> list[str]:
    """The menu holding the ▶ cursor: its lines, the chosen one marked with ▶ (Orak's
    ``[Selection Box Text]``); [] when no menu cursor is on screen."""
    rows = screen_rows(tilemap)
    where = [(r, c) for r in range(SCREEN_ROWS) for c in range(SCREEN_COLS) if rows[r][c] == CURSOR]
    if not where:
        return []
    r0, c0 = where[0]
    # the box around the cursor: walk left to its │ border, then up and down to its ┌/└ corners
    left = c0
    while left > 0 and rows[r0][left] not in (BOX_VERTICAL,):
        left -= 1
    if rows[r0][left] != BOX_VERTICAL:
        return _frameless_menu(rows, r0)
    top = r0
    while top > 0 and rows[top][left] not in (BOX_TOP_LEFT,):
        top -= 1
    bottom = r0
    while bottom < SCREEN_ROWS - 1 and rows[bottom][left] not in (BOX_BOTTOM_LEFT,):
        bottom += 1
    right = c0
    while right < SCREEN_COLS - 1 and rows[top][right] != BOX_TOP_RIGHT:
        right += 1
    lines = []
    for r in range(top + 1, bottom):
        text = row_text(rows[r][left + 1 : right])
        if text:
            lines.append(text)
    return lines


def _frameless_menu(rows: list[list[int]], cursor_row: int) -> list[str]:
    """A menu drawn without a frame (the party menu: a name row, then the cursor's HP row, per Pokémon):
    every text row above the message box, all 20 columns, so a right-aligned ``20/ 20`` keeps its last digit."""
    end = next((r for r in range(cursor_row, SCREEN_ROWS) if rows[r][0] == BOX_TOP_LEFT), SCREEN_ROWS)
    return [line for line in (row_text(row) for row in rows[:end]) if line]
