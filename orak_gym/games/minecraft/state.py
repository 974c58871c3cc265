"""The Minecraft observation: Voyager's status text (what Orak's prompts show), plus errors and chat."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from orak_gym.core.state import GameState, to_jsonable


@dataclass
class MinecraftState(GameState):
    task: str
    goal: str
    biome: str = "plains"
    time: str = "day"
    nearby_blocks: list[str] = field(default_factory=list)
    nearby_entities: dict[str, float] = field(default_factory=dict)
    health: float = 20.0
    hunger: float = 20.0
    position: dict[str, float] = field(default_factory=dict)
    equipment: list[str | None] = field(default_factory=list)
    inventory: dict[str, int] = field(default_factory=dict)
    chests: dict[str, dict[str, int]] = field(default_factory=dict)
    last_code: str = ""
    errors: list[str] = field(default_factory=list)
    chat: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    success: bool = False
    decisions: int = 0
    #: Top-down block map around the bot (names, grid, heights, entities) for the image modality.
    top_down: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_text(self) -> str:
        pos = self.position
        ents = ", ".join(sorted(self.nearby_entities, key=lambda k: self.nearby_entities[k])) or "None"
        inv = self.inventory or {}
        chests = "\n".join(f"{k}: {v or 'Empty'}" for k, v in self.chests.items()) if self.chests else "None"
        lines = [
            f"Code from the last round: {self.last_code.strip() or 'No code in the first round'}",
            f"Execution error: {chr(10).join(self.errors) if self.errors else 'No error'}",
            f"Chat log: {chr(10).join(self.chat + self.output) if (self.chat or self.output) else 'None'}",
            f"Biome: {self.biome}",
            f"Time: {self.time}",
            f"Nearby blocks: {', '.join(self.nearby_blocks) or 'None'}",
            f"Nearby entities (nearest to farthest): {ents}",
            f"Health: {float(self.health):.1f}/20",
            f"Hunger: {float(self.hunger):.1f}/20",
            f"Position: x={pos.get('x', 0):.1f}, y={pos.get('y', 0):.1f}, z={pos.get('z', 0):.1f}",
            f"Equipment: {self.equipment}",
            f"Inventory ({sum(1 for _ in inv)}/36): {inv if inv else 'Empty'}",
            f"Chests: {chests}",
            f"Task: {self.goal}",
            f"Task done: {'yes' if self.success else 'no'} (decision {self.decisions})",
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        d = {k: to_jsonable(v) for k, v in self.__dict__.items() if k != "top_down"}
        return d
