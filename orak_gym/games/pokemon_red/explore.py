"""The explored map (Orak's ``[Full Map]``), the 9x9 screen grid, and A* over explored squares.

Orak's agent accumulates what it has seen per map; here the env does it: every state marks the
squares on screen (10 x 9 squares: x-4..x+5, y-4..y+4) as explored for the current map id, and
paths are only planned through explored, walkable squares (unexplored ones are ``?``).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from itertools import product

from orak_gym.games.pokemon_red.rom import MapData

SCREEN_LEFT, SCREEN_RIGHT, SCREEN_UP, SCREEN_DOWN = 4, 5, 4, 4
MOVES = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}


class ExploredMaps:
    """Squares seen so far, per map id."""

    def __init__(self) -> None:
        self.seen: dict[int, set[tuple[int, int]]] = {}

    def reset(self) -> None:
        self.seen.clear()

    def see(self, data: MapData, x: int, y: int) -> None:
        cells = self.seen.setdefault(data.map_id, set())
        cells.update((w.x, w.y) for w in data.warps)  # warps are listed in Notable Objects: known squares
        xs = range(max(x - SCREEN_LEFT, 0), min(x + SCREEN_RIGHT + 1, data.width))
        ys = range(max(y - SCREEN_UP, 0), min(y + SCREEN_DOWN + 1, data.height))
        cells.update(product(xs, ys))  # runs every native step: one C-level loop, not 90 set.add calls

    def explored(self, map_id: int) -> set[tuple[int, int]]:
        return self.seen.get(map_id, set())


def across(data: MapData, x: int, y: int, maps: Callable[[int], MapData]) -> tuple[MapData, int, int] | None:
    """The connected map and its square for ``(x, y)`` past one of ``data``'s edges, as the game aligns them
    when the player crosses; None inside the map or past an edge with no connection."""
    beyond = "north" if y < 0 else "south" if y >= data.height else "west" if x < 0 else "east"
    if beyond == "east" and x < data.width:
        return None
    connection = next((c for c in data.connections if c.direction == beyond), None)
    if connection is None:
        return None
    other = maps(connection.map_id)
    if beyond in ("north", "south"):
        return other, x + connection.shift, y + other.height if beyond == "north" else y - data.height
    return other, x + other.width if beyond == "west" else x - data.width, y + connection.shift


def terrain(data: MapData, x: int, y: int) -> str:
    """The ground of one square of ``data``: ``~`` water, ``X`` wall (or off every map), ``G`` grass, ``O``."""
    if not (0 <= x < data.width and 0 <= y < data.height):
        return "X"
    if (x, y) in data.water:
        return "~"
    if not data.walkable[y][x]:
        return "X"
    if (x, y) in data.grass:
        return "G"
    return "O"


def symbol(
    data: MapData,
    x: int,
    y: int,
    player: tuple[int, int],
    sprites: set[tuple[int, int]],
    signs: set[tuple[int, int]],
    warps: set[tuple[int, int]],
    maps: Callable[[int], MapData] | None = None,
) -> str:
    """One square's letter (see ``state.LEGEND``); with ``maps``, a square past a map connection shows the
    connected map's ground (the game draws and walks it), not a wall."""
    if (x, y) == player:
        return "P"
    if (x, y) in sprites:
        return "S"
    if (x, y) in warps:
        return "W"
    if (x, y) in signs:
        return "T"
    beyond = across(data, x, y, maps) if maps is not None else None
    return terrain(*beyond) if beyond is not None else terrain(data, x, y)


def screen_grid(
    data: MapData,
    x: int,
    y: int,
    sprites: set[tuple[int, int]],
    signs: set[tuple[int, int]],
    warps: set[tuple[int, int]],
    maps: Callable[[int], MapData] | None = None,
) -> list[str]:
    """Orak's 9x9 ``Map on Screen``: one line per row, ``(x, y): symbol`` cells (``maps`` as in ``symbol``)."""
    rows = []
    for yy in range(y - 4, y + 5):
        cells = [
            f"({xx:2d},{yy:2d}): {symbol(data, xx, yy, (x, y), sprites, signs, warps, maps)}"
            for xx in range(x - 4, x + 5)
        ]
        rows.append("  ".join(cells))
    return rows


def full_map(
    data: MapData,
    explored: AbstractSet[tuple[int, int]],
    player: tuple[int, int],
    sprites: set[tuple[int, int]],
    signs: set[tuple[int, int]],
    warps: set[tuple[int, int]],
) -> str:
    """The whole map with ``?`` for unexplored squares and x/y axis labels every square."""
    header = "    " + "".join(f"{x % 100:>3d}" for x in range(data.width))
    lines = [header]
    for y in range(data.height):
        row = "".join(
            f"{symbol(data, x, y, player, sprites, signs, warps) if (x, y) in explored else '?':>3s}"
            for x in range(data.width)
        )
        lines.append(f"{y:>3d} {row}")
    return "\n".join(lines)


def astar(
    data: MapData,
    start: tuple[int, int],
    goal: tuple[int, int],
    allowed: set[tuple[int, int]],
    blocked: Iterable[tuple[int, int]] = (),
    goal_always: bool = False,
) -> list[str] | None:
    """Shortest list of directions from ``start`` to ``goal`` over walkable squares in ``allowed``,
    avoiding ``blocked``; None if none.  ``goal_always`` lets the goal itself be unwalkable by the
    collision tiles (doorways on a map's edge are warps the game lets you step into)."""
    blocked_set = set(blocked) - {start, goal}
    if start == goal:
        return []

    def passable(cell: tuple[int, int]) -> bool:
        cx, cy = cell
        if goal_always and cell == goal:
            return 0 <= cx < data.width and 0 <= cy < data.height
        return cell in allowed and data.is_walkable(cx, cy) and cell not in blocked_set

    if not passable(goal):
        return None
    frontier: list[tuple[int, int, tuple[int, int]]] = [(0, 0, start)]
    came: dict[tuple[int, int], tuple[tuple[int, int], str] | None] = {start: None}
    cost = {start: 0}
    counter = 0
    while frontier:
        _, _, cur = heapq.heappop(frontier)
        if cur == goal:
            path: list[str] = []
            while came[cur] is not None:
                prev, move = came[cur]  # type: ignore[misc]
                path.append(move)
                cur = prev
            return path[::-1]
        for move, (dx, dy) in MOVES.items():
            nxt = (cur[0] + dx, cur[1] + dy)
            if not passable(nxt):
                continue
            new_cost = cost[cur] + 1
            if new_cost < cost.get(nxt, 1 << 30):
                cost[nxt] = new_cost
                came[nxt] = (cur, move)
                counter += 1
                h = abs(nxt[0] - goal[0]) + abs(nxt[1] - goal[1])
                heapq.heappush(frontier, (new_cost + h, counter, nxt))
    return None
