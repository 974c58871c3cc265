"""The 2048 state and its text, in Orak's layout."""

from __future__ import annotations

from dataclasses import dataclass

from orak_gym.core.state import GameState


@dataclass
class Twenty48State(GameState):
    board: tuple[tuple[int, int, int, int], ...]  # tile values, 0 = empty
    score: int  # cumulative merge score (Orak's raw score)
    legal_moves: tuple[str, ...]
    moves: int = 0
    no_change_streak: int = 0
    last_action: str = ""
    won: bool = False

    @property
    def max_tile(self) -> int:
        return max(max(row) for row in self.board)

    def to_text(self) -> str:
        rows = "\n".join(f"[{a}, {b}, {c}, {d}]" for a, b, c, d in self.board)
        legal = ", ".join(self.legal_moves) if self.legal_moves else "none (game over)"
        return f"Board of 2048 Games:\n{rows}\nScore: {self.score}\nLegal moves: {legal}"

    def to_dict(self) -> dict:
        return {
            "board": [list(row) for row in self.board],
            "score": self.score,
            "max_tile": self.max_tile,
            "legal_moves": list(self.legal_moves),
            "moves": self.moves,
            "no_change_streak": self.no_change_streak,
            "last_action": self.last_action,
            "won": self.won,
        }
