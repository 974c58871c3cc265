"""``BabaState``: one board as Orak's text (objects and active rules), then a map an LLM can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from orak_gym.core.state import GameState
from orak_gym.games.baba_is_you.level import DEFAULT_LEGEND
from orak_gym.games.baba_is_you.vocab import N_KINDS, kind_name

_CHAR_OF = {names[0]: ch for ch, names in DEFAULT_LEGEND.items() if len(names) == 1}


@dataclass(frozen=True)
class BabaState(GameState):
    """A settled board after some moves.  Coordinates: x to the right, y downwards, from 0."""

    level: str
    width: int
    height: int
    objects: tuple[tuple[str, int, int], ...]  # ("object:baba", x, y), ("text:is", x, y) ...
    rules: tuple[str, ...]  # "BABA IS YOU"
    won: bool = False
    lost: bool = False
    moves: int = 0
    barrier: str | None = "WALL IS STOP"
    hint: str = ""
    last_action: str = ""
    rubric: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def from_board(cls, where: tuple[tuple[int, ...], ...], **fields: Any) -> BabaState:
        """A state whose ``objects`` are decoded from the engine's cells per kind (``where``) only when read.

        Why: the native modality steps without ever reading the objects, and listing them by name
        costs more than the engine's move; a copy of the cells per kind (one tuple per kind) costs
        little.  Every other field is set at once; the state is equal to an eagerly built one.
        """
        state = object.__new__(cls)
        state.__dict__.update(fields, _where=where)
        return state

    def __getattr__(self, name: str) -> Any:
        # Called only when normal lookup fails: the one lazy field of a ``from_board`` state.
        where = self.__dict__.get("_where") if name == "objects" else None
        if where is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        objects = _decode_board(where, self.width)
        object.__setattr__(self, "objects", objects)
        return objects

    @property
    def barrier_broken(self) -> bool:
        return self.barrier is not None and self.barrier not in self.rules

    def positions(self) -> dict[str, list[tuple[int, int]]]:
        """Positions per thing name, in Orak's order (objects first, then text)."""
        found: dict[str, list[tuple[int, int]]] = {}
        for name, x, y in self.objects:
            found.setdefault(name, []).append((x, y))
        return found

    def to_text(self) -> str:
        lines = [
            f"Level: {self.level}",
            f"Dimensions: {self.width}x{self.height} (max x: {self.width - 1}, max y: {self.height - 1})",
            "Objects:",
        ]
        for name, cells in self.positions().items():
            joined = ", ".join(f"(x:{x}, y:{y})" for x, y in cells)
            lines.append(f"- {name}: at positions [{joined}]")
        lines.append("Active Rules:")
        lines.extend(self.rules or ["(none)"])
        lines += ["", *self._extras()]
        return "\n".join(lines)

    def _extras(self) -> list[str]:
        you = [r.split(" IS ")[0].lower() for r in self.rules if r.endswith(" IS YOU")]
        mine = [(n, x, y) for n, x, y in self.objects if n.startswith("object:") and n[7:] in you]
        status = "WON" if self.won else ("LOST: nothing is YOU any more" if self.lost else "playing")
        lines = [
            f"Status: {status} (moves made: {self.moves}"
            + (f", last action: {self.last_action})" if self.last_action else ")"),
            "You control: " + (", ".join(f"{n[7:]} at (x:{x}, y:{y})" for n, x, y in mine) or "nothing"),
        ]
        if self.barrier:
            lines.append(f"Barrier rule {self.barrier}: {'broken' if self.barrier_broken else 'active'}")
        lines += ["", "Map (x grows to the right, y grows downwards; up = y-1):", *self.map_lines()]
        return lines

    def map_lines(self) -> list[str]:
        """The board as the level format draws it; '+' marks a cell holding several things."""
        grid = [["." for _ in range(self.width)] for _ in range(self.height)]
        stacked: dict[tuple[int, int], list[str]] = {}
        for name, x, y in self.objects:
            stacked.setdefault((x, y), []).append(name)
        for (x, y), names in stacked.items():
            grid[y][x] = _CHAR_OF.get(names[0], "?") if len(names) == 1 else "+"
        width = len(str(self.height - 1))
        header = " " * (width + 1) + "".join(str(x % 10) for x in range(self.width))
        rows = [f"{y:>{width}} " + "".join(row) for y, row in enumerate(grid)]
        used = sorted({(_CHAR_OF.get(n[0], "?"), n[0]) for n in stacked.values() if len(n) == 1})
        legend = ["Legend: " + "; ".join(f"{ch} {_describe(name)}" for ch, name in used)] if used else []
        stacks = [
            f"+ at (x:{x}, y:{y}): " + " and ".join(names)
            for (x, y), names in sorted(stacked.items(), key=lambda kv: (kv[0][1], kv[0][0]))
            if len(names) > 1
        ]
        return [header, *rows, *legend, *stacks]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe fields, built directly: the generic converter cost more than the engine step."""
        return {
            "level": self.level,
            "width": self.width,
            "height": self.height,
            "objects": [[name, x, y] for name, x, y in self.objects],
            "rules": list(self.rules),
            "won": self.won,
            "lost": self.lost,
            "moves": self.moves,
            "barrier": self.barrier,
            "hint": self.hint,
            "last_action": self.last_action,
            "rubric": dict(self.rubric),
        }


_KIND_NAMES = tuple(kind_name(k) for k in range(N_KINDS))


def _decode_board(where: tuple[tuple[int, ...], ...], width: int) -> tuple[tuple[str, int, int], ...]:
    """``(name, x, y)`` per thing, by kind then cell: the order of ``BabaEngine.things()``."""
    names = _KIND_NAMES
    return tuple(
        (names[kind], cell % width, cell // width) for kind, cells in enumerate(where) for cell in sorted(cells)
    )


def _describe(name: str) -> str:
    """``object:baba`` -> ``baba``; ``text:is`` -> ``text IS``."""
    kind, _, word = name.partition(":")
    return f"text {word.upper()}" if kind == "text" else word
