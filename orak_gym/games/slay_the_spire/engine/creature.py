"""What the player and every monster share: HP, block and powers (no rules, so anything may import it)."""

from __future__ import annotations


class Creature:
    """HP, block and powers; shared by the player and monsters."""

    __slots__ = ("block", "fresh", "hp", "max_hp", "powers")

    def __init__(self, hp: int, max_hp: int) -> None:
        self.hp = hp
        self.max_hp = max_hp
        self.block = 0
        self.powers: dict[str, int] = {}
        self.fresh: set[str] = set()

    def pw(self, name: str) -> int:
        return self.powers.get(name, 0)
