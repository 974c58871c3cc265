"""Orak's Pokémon battle tools: pick a move, switch Pokémon, use an item, run away.

Each opens one entry of the battle menu (FIGHT top-left, PKMN top-right, ITEM bottom-left, RUN
bottom-right), moves the cursor by ``wCurrentMenuItem`` and presses through the battle text until
the menu is back, a choice waits, or the battle is over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orak_gym.games.pokemon_red import ram, text
from orak_gym.games.pokemon_red.state import MonInfo
from orak_gym.games.pokemon_red.tools import TAP, TEXT_TAP, Result, at_battle_menu, ram_of, settle, text_box

if TYPE_CHECKING:
    from orak_gym.games.pokemon_red.driver import Driver

LIST_SCROLL_OFFSET = 0xCC36  # wListScrollOffset
MAX_BATTLE_PRESSES = 80


def _advance_battle(env: Driver) -> str:
    """Presses through battle text until the battle menu, a choice, or the end of the battle."""
    for _ in range(MAX_BATTLE_PRESSES):
        r = ram_of(env)
        if not ram.battle_kind(r):
            settle(env)
            return "the battle is over"
        if at_battle_menu(env):
            return "your turn: the battle menu is open"
        box = text_box(env)
        if box and not any("FIGHT" in line for line in box):
            return "a menu is waiting: " + " / ".join(box)
        env.backend.press("a" if text.screen_text(ram.tilemap(r)) else "b", *TEXT_TAP)
    return "the battle is still running"


def _battle_menu(env: Driver, vertical: str, horizontal: str) -> Result:
    """Opens one of the four battle-menu entries: FIGHT (up, left), PKMN (up, right),
    ITEM (down, left), RUN (down, right)."""
    if not ram.battle_kind(ram_of(env)):
        return False, "not in a battle"
    if not at_battle_menu(env):
        _advance_battle(env)
    if not at_battle_menu(env):
        return False, "the battle menu is not open"
    env.backend.press(vertical, *TAP)
    env.backend.press(horizontal, *TAP)
    env.backend.press("a", *TAP)
    env.backend.tick(20)
    return True, ""


def _select_index(env: Driver, index: int, scroll: bool = False) -> None:
    """Moves the menu cursor (wCurrentMenuItem, plus wListScrollOffset for scrolling lists)."""
    for _ in range(30):
        r = ram_of(env)
        current = ram.u8(r, ram.CURRENT_MENU_ITEM) + (ram.u8(r, LIST_SCROLL_OFFSET) if scroll else 0)
        if current == index:
            return
        env.backend.press("down" if current < index else "up", *TAP)


def select_move_in_battle(env: Driver, move_name: str) -> Result:
    party = env.state.party
    if not party:
        return False, "no Pokémon"
    active = _active_mon(env)
    moves = [name for name, _ in active.moves]
    wanted = move_name.strip().upper().replace("_", " ")
    if wanted not in moves:
        return False, f"{active.nickname} has no move {move_name[:30]!r}; moves: {', '.join(moves)}"
    ok, message = _battle_menu(env, "up", "left")
    if not ok:
        return ok, message
    _select_index(env, moves.index(wanted) + 1)  # the move menu counts from 1 (wPlayerMoveListIndex + 1)
    env.backend.press("a", *TEXT_TAP)
    return True, f"used {wanted}; " + _advance_battle(env)


def _active_mon(env: Driver) -> MonInfo:
    """The Pokémon in battle: wBattleMonNick (D009) matched against the party, else the first."""
    nick = text.decode_string(ram.span(ram_of(env), 0xD009, ram.NAME_LENGTH))
    for mon in env.state.party:
        if mon.nickname == nick:
            return mon
    return env.state.party[0]


def switch_pkmn_in_battle(env: Driver, pokemon_name: str) -> Result:
    """Sends out a party Pokémon by name.  One already in battle or fainted is refused before any menu
    opens: the game would keep its party menu open, and the next tool would find no battle menu."""
    party = env.state.party
    names = [m.nickname.upper() for m in party]
    wanted = pokemon_name.strip().upper()
    if wanted not in names:
        return False, f"no party Pokémon {pokemon_name[:30]!r}; party: {', '.join(names)}"
    if not ram.battle_kind(ram_of(env)):
        return False, "not in a battle"
    out = env.backend.read(ram.PLAYER_MON_NUMBER)
    slots = [i for i, name in enumerate(names) if name == wanted and i != out]
    if not slots:
        return False, f"{wanted} is already in battle"
    healthy = [i for i in slots if party[i].hp > 0]
    if not healthy:
        return False, f"{wanted} has fainted and cannot battle"
    ok, message = _battle_menu(env, "up", "right")
    if not ok:
        return ok, message
    _select_index(env, healthy[0])
    env.backend.press("a", *TAP)
    env.backend.press("a", *TEXT_TAP)  # SWITCH is the first entry of the submenu
    return True, f"switched to {wanted}; " + _advance_battle(env)


def use_item_in_battle(env: Driver, item_name: str, pokemon_name: str | None = None) -> Result:
    items = [name.upper() for name, _ in env.state.bag]
    wanted = item_name.strip().upper().replace("_", " ")
    matches = [i for i, name in enumerate(items) if name.replace("é", "E") == wanted.replace("é", "E")]
    if not matches:
        return False, f"no item {item_name[:30]!r} in the bag; bag: {', '.join(items) or 'empty'}"
    ok, message = _battle_menu(env, "down", "left")
    if not ok:
        return ok, message
    _select_index(env, matches[0], scroll=True)
    env.backend.press("a", *TEXT_TAP)
    if pokemon_name:
        names = [m.nickname.upper() for m in env.state.party]
        if pokemon_name.strip().upper() in names:
            _select_index(env, names.index(pokemon_name.strip().upper()))
            env.backend.press("a", *TEXT_TAP)
    return True, f"used {wanted}; " + _advance_battle(env)


def run_away(env: Driver) -> Result:
    ok, message = _battle_menu(env, "down", "right")
    if not ok:
        return ok, message
    outcome = _advance_battle(env)
    return not ram.battle_kind(ram_of(env)), f"tried to run; {outcome}"
