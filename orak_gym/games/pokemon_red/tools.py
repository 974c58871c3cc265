"""Orak's Pokémon field tools (walking, dialog, objects, warps, map exits), run by the env.

Orak runs its tools inside the agent; here the env runs them on the emulator.  Battle tools are
in ``battle.py``; ``toolbox.py`` maps tool names to functions.

Each tool returns ``(success, feedback)``; the feedback is one line the agent sees in the next
observation (``[Last Action Feedback]``) and in ``info["tool_result"]``.  Tools stop early when
the game takes over (a battle starts, a text box opens, the map changes) and say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orak_gym.games.pokemon_red import ram, text
from orak_gym.games.pokemon_red.explore import MOVES, astar
from orak_gym.games.pokemon_red.rom import MapData

if TYPE_CHECKING:
    from orak_gym.games.pokemon_red.driver import Driver

WALK_COUNTER = 0xCFC5  # wWalkCounter: frames left of the current step (0 = standing)
TAP = (6, 12)  # a short tap for menus: hold, wait
TEXT_TAP = (6, 36)  # a tap that leaves time for the next line of text to print
MAX_DIALOG_PRESSES = 60
WARP_SETTLE_FRAMES = 36  # after the new coordinates: the people appear and the screen fades in
MAX_REPLANS = 4
# A step the game refuses with no text or battle on screen is tried again after a wait before the square is
# remembered as blocked: Mom's rest plays a jingle on a faded screen, ~3 s in which no step is taken.
REFUSED_RETRIES, REFUSED_WAIT_FRAMES = 3, 60
Result = tuple[bool, str]


def ram_of(env: Driver) -> ram.Ram:
    return env.read_ram()


def _pos(env: Driver) -> tuple[int, int, int]:
    read = env.backend.read
    return read(ram.CUR_MAP), read(ram.X_COORD), read(ram.Y_COORD)


def _text(env: Driver) -> list[str]:
    return text.screen_text(ram.tilemap(ram_of(env)))


def text_box(env: Driver) -> list[str]:
    return text.selection_box(ram.tilemap(ram_of(env)))


def _busy(env: Driver) -> str:
    """Why the player cannot walk right now ("" when free)."""
    r = ram_of(env)
    if ram.battle_kind(r):
        return "a battle started"
    if text.screen_text(ram.tilemap(r)):
        return "a text box or menu is open"
    return ""


def settle(env: Driver, limit: int = 60) -> None:
    """Ticks until the current step has finished (walk counter 0) and the game accepts input."""
    read = env.backend.read
    for _ in range(limit // 2):
        if read(WALK_COUNTER) == 0 and read(ram.JOY_IGNORE) == 0:
            break
        env.backend.tick(2)
    env.backend.tick(2)


def _finish_warp(env: Driver, before_map: int) -> None:
    """After a map change, ticks until the new map is loaded.

    The game switches wCurMap first and writes the new coordinates ~35 frames later (after the
    fade-out), then loads the map's people ~10 frames after that (measured on the real game); so
    wait for the coordinates to move from the stale ones, then for the people and the fade-in."""
    if _pos(env)[0] == before_map:
        return
    stale = _pos(env)[1:]
    for _ in range(60):
        if _pos(env)[1:] != stale:
            break
        env.backend.tick(2)
    env.backend.tick(WARP_SETTLE_FRAMES)
    settle(env)


def walk(env: Driver, direction: str) -> bool:
    """One step (or a turn, when facing elsewhere and blocked); True when the square changed."""
    before = _pos(env)
    env.backend.press(direction, 8, 4)
    settle(env)
    after = _pos(env)
    if after == before and not _busy(env):  # the first tap may only have turned the player
        env.backend.press(direction, 8, 4)
        settle(env)
        after = _pos(env)
    _finish_warp(env, before[0])
    return _pos(env) != before


def face(env: Driver, direction: str) -> None:
    """Turns toward ``direction`` (a tap against a blocked square only turns)."""
    if ram.facing(ram_of(env)) != direction:
        env.backend.press(direction, 3, 10)
        settle(env)


def _see(env: Driver) -> None:
    """Marks the squares on screen as explored (the cheap part of ``env.refresh``)."""
    map_id, x, y = _pos(env)
    if map_id < 248:
        env.explored.see(env.rom.map(map_id), x, y)


def _allowed(env: Driver) -> set[tuple[int, int]]:
    return env.explored.explored(_pos(env)[0])


def _blocked(env: Driver) -> set[tuple[int, int]]:
    """People and objects, plus squares the game refused to enter on this map."""
    map_id = _pos(env)[0]
    return {(s.x, s.y) for s in ram.sprites(ram_of(env))} | env.bumped.get(map_id, set())


def _toward_unexplored(env: Driver, data: MapData, here: tuple[int, int], goal: tuple[int, int]) -> list[str] | None:
    """A path to the reachable explored square nearest to ``goal`` (walking there reveals more map)."""
    allowed, blocked = _allowed(env), _blocked(env)
    best: tuple[int, int, list[str]] | None = None
    for cell in allowed:
        if not data.is_walkable(*cell) or cell == here:
            continue
        distance = abs(cell[0] - goal[0]) + abs(cell[1] - goal[1])
        if best is not None and distance > best[0]:
            continue
        path = astar(data, here, cell, allowed, blocked)
        if path is not None and (best is None or (distance, len(path)) < (best[0], best[1])):
            best = (distance, len(path), path)
    if best is None or best[0] >= abs(here[0] - goal[0]) + abs(here[1] - goal[1]):
        return None
    return best[2]


def go_to(env: Driver, goal: tuple[int, int], explore: bool = False, warp: bool = False) -> Result:
    """A* over the explored map, walking step by step and replanning when something moved in.

    With ``explore``, an unknown route first heads for the explored square nearest the goal."""
    start_map = _pos(env)[0]
    for _ in range(MAX_REPLANS * (4 if explore else 1)):
        map_id, x, y = _pos(env)
        if map_id != start_map:
            return True, f"entered {env.refresh().map_name} on the way"
        if (x, y) == goal:
            return True, f"reached ({x}, {y})"
        data = env.current_map()
        path = astar(data, (x, y), goal, _allowed(env), _blocked(env), goal_always=warp)
        if path is None and explore:
            path = _toward_unexplored(env, data, (x, y), goal)
        if path is None:
            return False, f"no known path from ({x}, {y}) to {goal} over explored walkable squares"
        for move in path:
            moved = walk(env, move)
            for _ in range(REFUSED_RETRIES):  # a script may hold the player a while with nothing on screen
                if moved or _busy(env):
                    break
                env.backend.tick(REFUSED_WAIT_FRAMES)
                moved = walk(env, move)
            if moved:
                _see(env)  # mark the squares now on screen as explored
            busy = _busy(env)  # a battle flagged while the step was refused stops the walk too, not a replan
            if busy or _pos(env)[0] != start_map:
                now = env.refresh()
                arrived = now.map_id != start_map or (now.x, now.y) == goal
                return arrived, f"stopped at ({now.x}, {now.y}): {busy or 'map changed'}"
            if not moved:  # the ROM's collision said walkable but the game said no: remember
                _, bx, by = _pos(env)
                dx, dy = MOVES[move]
                env.bumped.setdefault(start_map, set()).add((bx + dx, by + dy))
                break
    map_id, x, y = _pos(env)
    return (x, y) == goal, f"at ({x}, {y}) after {MAX_REPLANS} tries (blocked)"


def move_to(env: Driver, x_dest: int, y_dest: int) -> Result:
    busy = _busy(env)
    if busy:
        return False, f"cannot walk now: {busy}"
    data = env.current_map()
    if not data.is_walkable(x_dest, y_dest):
        return False, f"({x_dest}, {y_dest}) is not a walkable square of {env.state.map_name}"
    if (x_dest, y_dest) not in _allowed(env):
        return False, f"({x_dest}, {y_dest}) is unexplored"
    return go_to(env, (x_dest, y_dest))


def continue_dialog(env: Driver) -> Result:
    """Presses A through text until the player can walk again or a choice menu waits for input."""
    pressed = 0
    for _ in range(MAX_DIALOG_PRESSES):
        r = ram_of(env)
        tiles = ram.tilemap(r)
        if ram.battle_kind(r) and at_battle_menu(env):
            return True, "the battle menu is open"
        if (text.selection_box(tiles) and not text.has_text_box(tiles)) or _yes_no(tiles):
            return True, "a menu is waiting for a choice: " + " / ".join(text.selection_box(tiles))
        if not text.screen_text(tiles):
            if ram.u8(r, ram.JOY_IGNORE) == 0:
                env.backend.tick(20)
                if not _text(env) and ram.u8(ram_of(env), ram.JOY_IGNORE) == 0:
                    return pressed > 0, "the dialog is over" if pressed else "no dialog on screen"
            env.backend.tick(20)  # a scripted scene is running
            continue
        env.backend.press("a", *TEXT_TAP)
        pressed += 1
    return False, f"still in dialog after {MAX_DIALOG_PRESSES} presses"


def _wait_for_text(env: Driver, limit: int = 15) -> list[str]:
    """The screen text once it has stopped printing (unchanged over 8 frames), at most ~2 s."""
    lines = _text(env)
    for _ in range(limit):
        env.backend.tick(8)
        now = _text(env)
        if now == lines:
            break
        lines = now
    return lines


def _yes_no(tiles: bytes) -> bool:
    box = text.selection_box(tiles)
    return any(line.endswith("YES") for line in box) and any(line.endswith("NO") for line in box)


def _adjacent_goal(env: Driver, target: tuple[int, int]) -> tuple[tuple[int, int], str] | None:
    """The nearest explored, reachable square next to ``target`` and the direction facing it."""
    _, x, y = _pos(env)
    data = env.current_map()
    best: tuple[int, tuple[int, int], str] | None = None
    for reach in (1, 2):  # 2: across a counter (a clerk is talked to over the unwalkable square between)
        for move, (dx, dy) in MOVES.items():
            cell = (target[0] - reach * dx, target[1] - reach * dy)  # facing the target from here
            if reach == 2 and data.is_walkable(target[0] - dx, target[1] - dy):
                continue
            if (x, y) == cell:
                return cell, move
            path = astar(data, (x, y), cell, _allowed(env), _blocked(env))
            if path is not None and (best is None or len(path) < best[0]):
                best = (len(path), cell, move)
        if best is not None:
            break
    return (best[1], best[2]) if best else None


def interact_with_object(env: Driver, object_name: str) -> Result:
    busy = _busy(env)
    if busy:
        return False, f"cannot walk now: {busy}"
    names = env.object_names()
    wanted = object_name.strip().upper().replace(" ", "_")
    candidates = [n for n in names if n == wanted or n.removeprefix("SPRITE_") == wanted]
    candidates += [n for n in names if n.rsplit("_", 1)[0] in (wanted, f"SPRITE_{wanted}") and n not in candidates]
    if not candidates:
        return False, f"no object {object_name[:30]!r} here; objects: {', '.join(names) or 'none'}"
    target = names[candidates[0]]
    found = _adjacent_goal(env, target)
    if found is None:
        return False, f"no known path to a square next to {candidates[0]} at {target}"
    cell, direction = found
    ok, message = go_to(env, cell)
    if not ok or _pos(env)[1:] != cell:
        return False, f"could not reach {candidates[0]}: {message}"
    face(env, direction)
    env.backend.press("a", *TEXT_TAP)
    lines = _wait_for_text(env)
    return True, f"talked to {candidates[0]}: " + (" ".join(lines) if lines else "(no text)")


def _taken_over(env: Driver, start_map: int, arrived: str) -> Result | None:
    """The walk's end when it can go no further: the map changed (``arrived`` and the map's name) or the
    game took over (a battle started, a text box opened: reported as such, no more presses); else None."""
    if _pos(env)[0] != start_map:
        return True, f"{arrived} {env.refresh().map_name}"
    busy = _busy(env)
    if busy:
        _, x, y = _pos(env)
        return False, f"stopped at ({x}, {y}): {busy}"
    return None


def warp_with_warp_point(env: Driver, x_dest: int | None = None, y_dest: int | None = None) -> Result:
    busy = _busy(env)
    if busy:
        return False, f"cannot walk now: {busy}"
    start_map, x, y = _pos(env)
    data = env.current_map()
    warps = [(w.x, w.y) for w in data.warps]
    # walkable warp squares first: a doorway's twin square on a wall is listed as a warp too
    targets = sorted(warps, key=lambda w: (not data.is_walkable(*w), abs(w[0] - x) + abs(w[1] - y)))
    if x_dest is not None and y_dest is not None:
        if (x_dest, y_dest) not in warps:
            return False, f"({x_dest}, {y_dest}) is not a warp point; warps: {warps}"
        dest = next(w.dest_map for w in data.warps if (w.x, w.y) == (x_dest, y_dest))
        twins = [(w.x, w.y) for w in data.warps if w.dest_map == dest and abs(w.x - x_dest) + abs(w.y - y_dest) == 1]
        targets = [(x_dest, y_dest)] + [t for t in targets if t in twins]
    for target in targets:
        if (x, y) != target:
            ok, _ = go_to(env, target, explore=True, warp=True)
            if (outcome := _taken_over(env, start_map, "warped to")) is not None:
                return outcome
            _, px, py = _pos(env)
            if not ok and abs(px - target[0]) + abs(py - target[1]) == 1:  # a doorway: push into it
                toward = next(m for m, (dx, dy) in MOVES.items() if (px + dx, py + dy) == target)
                for _ in range(2):
                    env.backend.press(toward, 8, 4)
                    settle(env)
                    env.backend.tick(30)
                    _finish_warp(env, start_map)
                    if (outcome := _taken_over(env, start_map, "warped to")) is not None:
                        return outcome
            if not ok:
                continue
        # standing on the warp: doors warp at once; mats and stairs need a step toward the exit
        for direction in ("down", "up", "left", "right"):
            env.backend.press(direction, 8, 4)
            settle(env)
            env.backend.tick(30)
            _finish_warp(env, start_map)
            if (outcome := _taken_over(env, start_map, "warped to")) is not None:
                return outcome
            if _pos(env)[1:] != target:
                go_to(env, target, explore=True, warp=True)
                if (outcome := _taken_over(env, start_map, "warped to")) is not None:
                    return outcome
        return False, f"stood on the warp at {target} but nothing happened"
    return False, "no reachable warp point"


def overworld_map_transition(env: Driver, direction: str) -> Result:
    direction = direction.lower().strip()
    aliases = {"up": "north", "down": "south", "left": "west", "right": "east"}
    direction = aliases.get(direction, direction)
    if direction not in ("north", "south", "west", "east"):
        return False, "direction must be north, south, west or east"
    busy = _busy(env)
    if busy:
        return False, f"cannot walk now: {busy}"
    data = env.current_map()
    if direction not in {c.direction for c in data.connections}:
        return False, f"{env.state.map_name} has no connection to the {direction}"
    start_map, x, y = _pos(env)
    edge = {
        "north": [(c, 0) for c in range(data.width)],
        "south": [(c, data.height - 1) for c in range(data.width)],
        "west": [(0, r) for r in range(data.height)],
        "east": [(data.width - 1, r) for r in range(data.height)],
    }[direction]
    bumped = env.bumped.get(start_map, set())
    everything = {(c, r) for r in range(data.height) for c in range(data.width)}
    reachable: list[tuple[int, tuple[int, int]]] = []
    for cell in edge:  # the edge squares the ROM's map connects to us, nearest walk first
        if data.is_walkable(*cell) and cell not in bumped:
            path = astar(data, (x, y), cell, everything, bumped)
            if path is not None:
                reachable.append((len(path), cell))
    cells = [cell for _, cell in sorted(reachable)]
    press = {"north": "up", "south": "down", "west": "left", "east": "right"}[direction]
    for cell in cells[:8]:
        ok, _ = go_to(env, cell, explore=True)
        if (outcome := _taken_over(env, start_map, "entered")) is not None:
            return outcome
        if not ok:
            continue
        for _ in range(3):
            walk(env, press)
            if (outcome := _taken_over(env, start_map, "entered")) is not None:
                return outcome
    return False, f"could not cross the {direction} edge"


def at_battle_menu(env: Driver) -> bool:
    box = " ".join(text_box(env))
    return "FIGHT" in box and "RUN" in box
