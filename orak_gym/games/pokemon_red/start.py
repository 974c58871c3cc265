"""A new game, played from power-on to the first step in Red's room, and cached as a start state.

PyBoy's ``pokemon_gen1`` wrapper only knows Blue's naming screen, so we drive the intro
ourselves: press through the title and Professor Oak's speech, reading the screen tile map until
the naming menu appears, choose the first preset names (in Red: RED for the player, BLUE for the
rival), and
press on until the player stands in Red's bedroom with no text on screen.

The resulting save state is derived from the user's ROM, so it is never shipped: it is built on
first use (a few seconds of emulation) and cached next to the ROM in the asset folder, keyed by
the ROM's SHA-1 and ``START_VERSION``.
"""

from __future__ import annotations

import os
from pathlib import Path

from orak_gym.backends.pyboy import PyBoyBackend
from orak_gym.core.errors import BackendError
from orak_gym.games.pokemon_red import ram
from orak_gym.games.pokemon_red.text import screen_text, selection_box

START_VERSION = 3  # bump when the scripted intro changes, so stale cached states are rebuilt
REDS_HOUSE_2F = 0x26
MAX_PRESSES = 600


def _screen(backend: PyBoyBackend) -> tuple[list[str], list[str]]:
    tiles = ram.tilemap(backend.wram())
    return screen_text(tiles), selection_box(tiles)


def _choose_preset(backend: PyBoyBackend) -> None:
    """In the naming menu (NEW NAME, then three presets), take the first preset: the game's default
    name (RED for the player in Red, BLUE in Blue; the rival gets the other colour)."""
    backend.press("down", 5, 10)
    _, box = _screen(backend)
    if len(box) < 2 or not box[1].startswith("▶"):
        raise BackendError(f"unexpected naming menu: {box}")
    backend.press("a", 5, 30)


def _in_room(backend: PyBoyBackend) -> bool:
    """In Red's room with the room drawn: the intro's screens are mostly blank tiles (7F), the room is not."""
    r = backend.wram()
    blank = ram.tilemap(r).count(0x7F)
    return ram.u8(r, ram.CUR_MAP) == REDS_HOUSE_2F and blank < 40 and ram.u8(r, ram.JOY_IGNORE) == 0


def play_intro(backend: PyBoyBackend) -> None:
    """Presses through the intro from power-on until the player can walk in Red's room."""
    named = 0
    for i in range(MAX_PRESSES):
        lines, box = _screen(backend)
        if box and box[0].endswith("NEW NAME") and named < 2:
            _choose_preset(backend)
            named += 1
            continue
        if named == 2 and not lines and _in_room(backend):
            backend.tick(60)  # let the fade-in finish, then check the player can act
            lines, box = _screen(backend)
            if not lines and _in_room(backend):
                return
        backend.press("a" if i % 2 == 0 else "start", 5, 25)
    raise BackendError("could not reach Red's room from power-on (is this Pokémon Red/Blue (UE)?)")


def start_state(rom_path: Path, sha1: str) -> bytes:
    """The cached start state (built and stored on first use)."""
    cache = rom_path.parent / f"start-{sha1[:12]}-v{START_VERSION}.state"
    if cache.is_file():
        return cache.read_bytes()
    with PyBoyBackend(rom_path) as backend:
        play_intro(backend)
        state = backend.save_state()
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(state)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only asset folder only costs a few seconds per start
    return state
