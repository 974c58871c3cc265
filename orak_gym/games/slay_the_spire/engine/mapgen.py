"""Act map: the game's 7 x 15 lattice, six upward paths and its room-type rules.

Paths: six walks from row 0 to row 14, each step to x-1, x or x+1 without crossing an
existing edge; the first two start at different columns. Rooms: row 0 monsters, row 8
treasure, row 14 rest sites; the rest filled from a shuffled bag of 5% shops, 12% rest
sites, 22% events and 8% elites (ascension 0), remaining monsters, honouring the game's
rules: no elite or rest site below row 5, no rest site on row 13, no elite/rest/shop/
treasure right after the same type, and no two children of a node sharing a rest, elite,
shop, event or monster type.
"""

from __future__ import annotations

import random

WIDTH, HEIGHT, PATHS = 7, 15, 6
BOSS_NODE = (3, 16)


class MapNode:
    __slots__ = ("children", "parents", "symbol", "x", "y")

    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y
        self.symbol = ""
        self.children: list[tuple[int, int]] = []
        self.parents: list[tuple[int, int]] = []


def generate(r: random.Random) -> dict[tuple[int, int], MapNode]:
    edges: set[tuple[int, int, int]] = set()  # (x, y, nx): edge (x,y) -> (nx, y+1)
    first = -1
    for i in range(PATHS):
        x = r.randrange(WIDTH)
        while i == 1 and x == first:
            x = r.randrange(WIDTH)
        if i == 0:
            first = x
        for y in range(HEIGHT - 1):
            opts = [nx for nx in (x - 1, x, x + 1) if 0 <= nx < WIDTH]
            ok = []
            for nx in opts:
                if nx == x - 1 and (x - 1, y, x) in edges:
                    continue
                if nx == x + 1 and (x + 1, y, x) in edges:
                    continue
                ok.append(nx)
            nx = ok[r.randrange(len(ok))]
            edges.add((x, y, nx))
            x = nx
    nodes: dict[tuple[int, int], MapNode] = {}
    for x, y, nx in sorted(edges, key=lambda e: (e[1], e[0], e[2])):
        a = nodes.setdefault((x, y), MapNode(x, y))
        b = nodes.setdefault((nx, y + 1), MapNode(nx, y + 1))
        a.children.append((nx, y + 1))
        b.parents.append((x, y))
    for n in nodes.values():
        n.children.sort()
        n.parents.sort()
        if n.y == HEIGHT - 1:
            n.children = [BOSS_NODE]
    _assign_rooms(nodes, r)
    return nodes


def _assign_rooms(nodes: dict[tuple[int, int], MapNode], r: random.Random) -> None:
    fixed = {0: "M", 8: "T", HEIGHT - 1: "R"}
    free = []
    for (_x, y), n in sorted(nodes.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if y in fixed:
            n.symbol = fixed[y]
        else:
            free.append(n)
    total = len(free)
    bag = ["$"] * round(total * 0.05) + ["R"] * round(total * 0.12)
    bag += ["?"] * round(total * 0.22) + ["E"] * round(total * 0.08)
    r.shuffle(bag)
    for n in free:
        for i, sym in enumerate(bag):
            if _allowed(nodes, n, sym):
                n.symbol = sym
                del bag[i]
                break
        else:
            n.symbol = "M"


def _allowed(nodes: dict[tuple[int, int], MapNode], n: MapNode, sym: str) -> bool:
    if sym in ("E", "R") and n.y < 5:
        return False
    if sym == "R" and n.y >= HEIGHT - 2:
        return False
    if sym in ("R", "T", "$", "E"):
        for p in n.parents:
            if nodes[p].symbol == sym:
                return False
    if sym in ("R", "E", "$", "?", "M"):
        for p in n.parents:
            for c in nodes[p].children:
                if c != (n.x, n.y) and c in nodes and nodes[c].symbol == sym:
                    return False
    return True
