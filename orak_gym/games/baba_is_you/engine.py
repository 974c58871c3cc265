"""The Baba Is You rules engine: one mutable board, advanced one move at a time.

Why this shape: the solver explores hundreds of thousands of states and the env must beat
45k steps/s, so the hot path touches flat Python lists indexed by ``cell = y * width + x`` and
integer kinds (see :mod:`vocab`), never an object per tile.  ``grid[cell]`` lists the kinds in a
cell, ``where[kind]`` the cells of a kind, and ``planes[kind * cells + cell]`` is 1 where a thing of
the kind stands (0 elsewhere); all three are updated together.  ``planes`` is the native observation
itself, kept up to date by every move, so an env hands it out with one copy instead of walking the
board (and a vector env hands each engine a row of one shared array).  Rules are re-read only when
text moved, and cached by text layout.

One turn (``step``) applies, in the order the real game does:

1. **Movement.**  Every YOU object tries to move, front-most first (so a column of YOU objects
   moves together).  A move pushes the chain of PUSH things ahead of it (text is always PUSH);
   the whole chain is blocked by a level edge or a STOP thing that is not PUSH.  An OPEN thing
   may enter a SHUT cell and vice versa (they will destroy each other in step 4).
2. **Rules** are re-read if any text moved.
3. **Transformations** (``ROCK IS FLAG``) turn every object of the noun into the target noun(s),
   all at once; ``NOUN IS NOUN`` protects a noun from change.
4. **Destruction**, cell by cell: HOT destroys MELT; DEFEAT destroys YOU; SINK destroys everything
   sharing its cell (itself included); OPEN and SHUT destroy each other in pairs.  If text is
   destroyed, rules are re-read and steps 3-4 run again.
5. **Win**: the level is won when a YOU object shares a cell with a WIN object (or is both).
   With no YOU object left the level is lost (nothing can change any more).
"""

from __future__ import annotations

from orak_gym.games.baba_is_you.level import Level
from orak_gym.games.baba_is_you.rules import RuleSet, parse_rules
from orak_gym.games.baba_is_you.vocab import (
    DEFEAT,
    DELTAS,
    HOT,
    MELT,
    N_KINDS,
    N_NOUNS,
    OPEN,
    PUSH,
    SHUT,
    SINK,
    STOP,
    TEXT_BASE,
    WIN,
    YOU,
)

_DESTRUCTIVE = HOT | DEFEAT | SINK | OPEN | SHUT
_RULE_CACHE: dict[tuple[int, ...], RuleSet] = {}
_RULE_CACHE_MAX = 200_000


class BabaEngine:
    """A Baba Is You board.  Build it from a :class:`Level`, then ``step(action)`` (0-4)."""

    def __init__(self, level: Level, planes: bytearray | memoryview | None = None) -> None:
        """``planes``: a writable byte buffer of ``N_KINDS * width * height`` to keep the planes in."""
        self.level = level
        self.width = level.width
        self.height = level.height
        self.cells = level.width * level.height
        self.won = False
        self.lost = False
        self.moves = 0
        size = N_KINDS * self.cells
        if planes is not None and len(planes) != size:
            raise ValueError(f"planes must hold {size} bytes (kinds x cells), got {len(planes)}")
        self.planes: bytearray | memoryview = bytearray(size) if planes is None else planes
        self.load([(kind, y * self.width + x) for kind, x, y in level.objects])

    # ------------------------------------------------------------------ state in and out
    def load(self, things: list[tuple[int, int]]) -> None:
        """Replaces the board with ``(kind, cell)`` things and settles it (rules, transforms, destruction)."""
        self.grid: list[list[int]] = [[] for _ in range(self.cells)]
        self.where: list[list[int]] = [[] for _ in range(N_KINDS)]
        for kind, cell in things:
            self.grid[cell].append(kind)
            self.where[kind].append(cell)
        self._replane()
        self.rules = self._read_rules()
        self._settle(all_cells=True)
        self._check_end()

    def snapshot(self) -> tuple[int, ...]:
        """A hashable copy of the board (sorted ``kind * cells + cell`` codes)."""
        n = self.cells
        return tuple(sorted([kind * n + cell for kind, cells in enumerate(self.where) for cell in cells]))

    def restore(self, snapshot: tuple[int, ...]) -> None:
        """Puts back a board taken by :meth:`snapshot` (a settled board: no settling is redone)."""
        n = self.cells
        grid: list[list[int]] = [[] for _ in range(n)]
        where: list[list[int]] = [[] for _ in range(N_KINDS)]
        for code in snapshot:
            kind, cell = divmod(code, n)
            grid[cell].append(kind)
            where[kind].append(cell)
        self.grid, self.where = grid, where
        self._replane()
        self.rules = self._read_rules()
        self._check_end()

    def _replane(self) -> None:
        planes, n = self.planes, self.cells
        planes[:] = bytes(len(planes))
        for kind, cells in enumerate(self.where):
            for cell in cells:
                planes[kind * n + cell] = 1

    def things(self) -> list[tuple[int, int, int]]:
        """Every thing as ``(kind, x, y)``, by kind then position."""
        w = self.width
        return [(k, c % w, c // w) for k, cells in enumerate(self.where) for c in sorted(cells)]

    # ------------------------------------------------------------------ one turn
    def step(self, action: int) -> bool:
        """Plays one turn; returns whether the board changed.  0 idle, 1 up, 2 right, 3 down, 4 left."""
        if self.won or self.lost:
            return False
        self.moves += 1
        if action == 0:
            return False
        dx, dy = DELTAS[action]
        props = self.rules.props
        where = self.where
        w = self.width
        movers = [(cell, kind) for kind in range(N_NOUNS) if props[kind] & YOU for cell in where[kind]]
        if len(movers) > 1:
            # front-most first: a mover ahead clears the way for the one behind it
            if dx:
                movers.sort(key=lambda m: -(m[0] % w) * dx)
            else:
                movers.sort(key=lambda m: -(m[0] // w) * dy)
        arrived: list[int] = []
        text_moved = False
        for cell, kind in movers:
            if kind in self.grid[cell]:
                text_moved |= self._push(cell, kind, dx, dy, arrived)
        if not arrived:
            return False
        if text_moved:
            new_rules = self._read_rules()
            rules_changed = new_rules.rules != self.rules.rules
            self.rules = new_rules
        else:
            rules_changed = False
        self._settle(all_cells=rules_changed, cells=arrived)
        self._check_end()
        return True

    def _push(self, cell: int, kind: int, dx: int, dy: int, arrived: list[int]) -> bool:
        """Moves ``kind`` out of ``cell`` with the chain it pushes; returns whether text moved."""
        props = self.rules.props
        grid = self.grid
        w, h = self.width, self.height
        delta = dy * w + dx
        chain: list[tuple[int, list[int]]] = [(cell, [kind])]
        x, y = cell % w, cell // w
        cur = cell
        while True:
            x += dx
            y += dy
            if x < 0 or y < 0 or x >= w or y >= h:
                return False
            nxt = cur + delta
            occupants = grid[nxt]
            if not occupants:
                break
            pushed: list[int] = []
            for other in occupants:
                bits = props[other]
                if bits & PUSH:
                    pushed.append(other)
                elif bits & STOP and not self._opens(chain[-1][1], bits):
                    return False
            if not pushed:
                break
            chain.append((nxt, pushed))
            cur = nxt
        where = self.where
        planes = self.planes
        n = self.cells
        text_moved = False
        for src, kinds in reversed(chain):
            dst = src + delta
            for k in kinds:
                grid[src].remove(k)
                grid[dst].append(k)
                cells = where[k]
                cells[cells.index(src)] = dst
                planes[k * n + src] = k in grid[src]  # (another thing of its kind may still stand there)
                planes[k * n + dst] = 1
                if k >= TEXT_BASE:
                    text_moved = True
            arrived.append(dst)
        return text_moved

    def _opens(self, incoming: list[int], blocker_bits: int) -> bool:
        """An OPEN thing may enter a SHUT+STOP cell (and SHUT an OPEN one): they destroy each other."""
        props = self.rules.props
        wanted = (OPEN if blocker_bits & SHUT else 0) | (SHUT if blocker_bits & OPEN else 0)
        return any(props[k] & wanted for k in incoming)

    # ------------------------------------------------------------------ after movement
    def _read_rules(self) -> RuleSet:
        n = self.cells
        key = tuple(k * n + c for k in range(TEXT_BASE, N_KINDS) for c in sorted(self.where[k]))
        rules = _RULE_CACHE.get(key)
        if rules is None:
            w = self.width
            rules = parse_rules((k, c % w, c // w) for k in range(TEXT_BASE, N_KINDS) for c in self.where[k])
            if len(_RULE_CACHE) >= _RULE_CACHE_MAX:
                _RULE_CACHE.clear()
            _RULE_CACHE[key] = rules
        return rules

    def _settle(self, *, all_cells: bool, cells: list[int] | None = None) -> None:
        """Transformations then destruction; repeats if destroyed text changed the rules."""
        for _ in range(8):  # each round removes things, so this ends quickly; the cap is a guard
            transformed = self._transform()
            check = range(self.cells) if (all_cells or transformed) else set(cells or ())
            text_destroyed = False
            for cell in check:
                if self.grid[cell]:
                    text_destroyed |= self._destroy(cell)
            if not text_destroyed:
                return
            new_rules = self._read_rules()
            if new_rules.rules == self.rules.rules:
                return
            self.rules = new_rules
            all_cells = True

    def _transform(self) -> bool:
        transforms = self.rules.transforms
        if not transforms:
            return False
        sources = {src for src, _ in transforms}
        changes = [(src, dst, list(self.where[src])) for src, dst in transforms if self.where[src]]
        if not changes:
            return False
        planes, n = self.planes, self.cells
        for src in sources:
            for cell in self.where[src]:
                self.grid[cell].remove(src)
                planes[src * n + cell] = 0  # (every thing of the kind goes)
            self.where[src] = []
        for _, dst, cells in changes:
            for cell in cells:
                self.grid[cell].append(dst)
                self.where[dst].append(cell)
                planes[dst * n + cell] = 1
        return True

    def _destroy(self, cell: int) -> bool:
        """Applies HOT/MELT, DEFEAT/YOU, SINK, OPEN/SHUT in ``cell``; returns whether text was destroyed."""
        props = self.rules.props
        occupants = self.grid[cell]
        union = 0
        for k in occupants:
            union |= props[k]
        if not union & _DESTRUCTIVE:
            return False
        n = len(occupants)
        dead = [False] * n
        if union & HOT:
            for i, k in enumerate(occupants):
                if props[k] & MELT:
                    dead[i] = True
        if union & DEFEAT:
            for i, k in enumerate(occupants):
                if props[k] & YOU:
                    dead[i] = True
        if union & SINK:
            alive = [i for i in range(n) if not dead[i]]
            if len(alive) >= 2 and any(props[occupants[i]] & SINK for i in alive):
                for i in alive:
                    dead[i] = True
        if union & OPEN and union & SHUT:
            opens: list[int] = []
            shuts: list[int] = []
            for i in range(n):
                bits = props[occupants[i]] & (OPEN | SHUT)
                if dead[i] or not bits:
                    continue
                if bits == OPEN | SHUT:
                    dead[i] = True  # both at once: it opens itself
                else:
                    (opens if bits == OPEN else shuts).append(i)
            for i, j in zip(opens, shuts, strict=False):
                dead[i] = dead[j] = True
        if not any(dead):
            return False
        text = False
        for i in range(n - 1, -1, -1):
            if dead[i]:
                k = occupants.pop(i)
                self.where[k].remove(cell)
                self.planes[k * self.cells + cell] = k in occupants
                text |= k >= TEXT_BASE
        return text

    def _check_end(self) -> None:
        props = self.rules.props
        grid = self.grid
        any_you = False
        for kind in range(N_NOUNS):
            if props[kind] & YOU and self.where[kind]:
                any_you = True
                for cell in self.where[kind]:
                    for other in grid[cell]:
                        if props[other] & WIN:
                            self.won = True
                            return
        self.won = False
        self.lost = not any_you
