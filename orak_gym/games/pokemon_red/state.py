"""``PokemonState``: one decoded moment of the game, in Orak's text layout plus the explored map."""

from __future__ import annotations

from dataclasses import dataclass, field

from orak_gym.core.state import DeferredFields, GameState

LEGEND = (
    "O: walkable, X: not walkable, G: grass (wild Pokémon), ~: water, W: warp point, "
    "S: person/object (see Notable Objects), T: sign, P: you, ?: unexplored"
)


@dataclass
class MonInfo:
    """A Pokémon as the text shows it."""

    nickname: str
    species: str
    level: int
    hp: int
    max_hp: int
    status: str
    types: list[str]
    moves: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class PokemonState(DeferredFields, GameState):
    """Everything the text modality shows (``to_text``) and ``info["state"]`` stores (``to_dict``)."""

    mode: str  # Field | Dialog | WildBattle | TrainerBattle
    screen_text: list[str]
    selection_box: list[str]
    enemy: MonInfo | None
    party: list[MonInfo]
    badges: list[str]
    bag: list[tuple[str, int]]
    money: int
    map_id: int
    map_name: str
    x: int
    y: int
    facing: str
    map_width: int
    map_height: int
    screen_grid: list[str]  # the 9x9 squares around the player, one line per row
    full_map: str  # the explored map of the current map id, with axis labels
    objects: list[str]  # notable objects: "SPRITE_OAK at (5, 2)", "Sign at (3, 5)", "Warp to X at (x, y)"
    milestones: list[str]
    last_feedback: str = ""

    def to_text(self) -> str:
        lines = [f"State: {self.mode}", "", "[Filtered Screen Text]"]
        lines += self.screen_text or ["N/A"]
        lines += ["", "[Selection Box Text]"]
        lines += self.selection_box or ["N/A"]
        if self.enemy is not None:
            e = self.enemy
            pct = round(100 * e.hp / e.max_hp) if e.max_hp else 0
            lines += ["", "[Enemy Pokemon]", f"- {e.species}: Level {e.level}, HP {pct}%, Status {e.status}"]
        lines += ["", "[Current Party]"]
        for mon in self.party:
            if mon.level == 0:  # joining: the game fills in level, HP and moves after the nickname prompt
                name = mon.nickname or mon.species
                lines.append(f"- {name}: Species {mon.species}, joining the party (no stats yet)")
                continue
            moves = ", ".join(f"{name}(pp={pp})" for name, pp in mon.moves)
            lines.append(
                f"- {mon.nickname}: Species {mon.species}, Level {mon.level}, Status {mon.status}, "
                f"Type {'/'.join(mon.types)}, HP {mon.hp}/{mon.max_hp}, Moves: {moves}"
            )
        if not self.party:
            lines.append("No Pokémon")
        lines += ["", "[Badge List]", ", ".join(self.badges) if self.badges else "No badges"]
        lines += ["", f"[Bag] ({len(self.bag)} items)"]
        lines += [f"- {name} × {qty}" for name, qty in self.bag] or ["Empty"]
        lines += ["", f"[Current Money]: ¥{self.money}", "", "[Map Info]"]
        lines += [
            f"Map Name: {self.map_name}, (x_max , y_max): ({self.map_width - 1}, {self.map_height - 1})",
            f"Your position (x, y): ({self.x}, {self.y})",
            f"Your facing direction: {self.facing}",
            "Action instruction: up = (x, y-1), down = (x, y+1), left = (x-1, y), right = (x+1, y)",
            f"Legend: {LEGEND}",
            "Map on Screen (9x9 around you):",
            *self.screen_grid,
            "",
            "[Full Map] (explored squares of this map)",
            self.full_map,
            "",
            "[Notable Objects]",
            *(self.objects or ["None"]),
        ]
        if self.last_feedback:
            lines += ["", "[Last Action Feedback]", self.last_feedback]
        lines += ["", f"[Milestones] {len(self.milestones)}/12: " + (", ".join(self.milestones) or "none")]
        return "\n".join(lines)
