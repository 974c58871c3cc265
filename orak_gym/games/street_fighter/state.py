"""``FightState``: one moment of a Street Fighter III episode, in Orak's text layout.

Orak's text (``StreetFighterObs.to_text``) shows health as DIAMBRA's value + 1, the opponent's side as
"Your Current Direction" and a distance bucket that Orak gets from YOLO boxes on the frame.  Here the
bucket comes from the fighters' x positions in RAM: Orak calls a normalised centre distance above 0.4
"far" and from 0.2 "close"; on the 384-pixel-wide screen (no zoom in 3rd Strike) that is more than
``FAR_PX`` = 154 pixels apart "far", from ``CLOSE_PX`` = 77 "close", else "very close".
"""

from __future__ import annotations

from dataclasses import dataclass

from orak_gym.core.state import GameState

SCREEN_WIDTH = 384
FAR_PX = round(0.4 * SCREEN_WIDTH)  # 154
CLOSE_PX = round(0.2 * SCREEN_WIDTH)  # 77
STAGES = 10


def distance_bucket(dx: int) -> str:
    """Orak's bucket for a horizontal distance in pixels."""
    if dx > FAR_PX:
        return "far"
    if dx >= CLOSE_PX:
        return "close"
    return "very close"


@dataclass
class Fighter:
    character: str
    health: int  # RAM life: 160 full, -1 knocked out
    x: int
    super_bar: int
    super_count: int
    stun_bar: int
    stunned: int
    wins: int


@dataclass
class FightState(GameState):
    """Both fighters from player 1's side (``me`` is the player this state is for), plus the match."""

    me: Fighter
    opponent: Fighter
    timer: int
    fighting: bool
    stage: int  # 1..10, the stage being played (Orak's raw score)
    stages_cleared: int
    frame: int
    game_over: bool = False
    player: int = 1  # which seat ``me`` is (the arena's player 2 sees the mirror)
    versus: bool = False  # two players: no stages, only the round wins

    @property
    def opponent_on_right(self) -> bool:
        return self.opponent.x >= self.me.x

    @property
    def direction(self) -> str:
        """Orak's "Your Current Direction": the side the opponent is on."""
        return "right" if self.opponent_on_right else "left"

    @property
    def distance(self) -> str:
        return distance_bucket(abs(self.opponent.x - self.me.x))

    def to_text(self) -> str:
        me, op = self.me, self.opponent
        lines = [
            f"You are playing {me.character} in Street Fighter 3. Your opponent is {op.character}.",
            f"Your Current Direction: {self.direction}",
            f"Distance from Opponent: {self.distance}",
            f"Time Remaining: {self.timer}",
            "Health:",
            f"    Your Health: {me.health + 1}",
            f"    Opponent's Health: {op.health + 1}",
            "Super Bar Guage:",
            f"    Your Super Bar Guage: {me.super_bar}",
            f"    Opponent's Super Bar Guage: {op.super_bar}",
            "Super Count (Count of activated super move):",
            f"    Your Super Count: {me.super_count}",
            f"    Opponent's Super Count: {op.super_count}",
            "Stun Bar Guage:",
            f"    Your Stun Bar Guage: {me.stun_bar}",
            f"    Opponent's Stun Bar Guage: {op.stun_bar}",
            "IsStunned (0: not stunned, 1: stunned):",
            f"    Your Status: {me.stunned}",
            f"    Opponent's Special Status: {op.stunned}",
            "",
        ]
        stage = "" if self.versus else f"Stage: {self.stage} / {STAGES} (cleared {self.stages_cleared}); "
        lines.append(
            f"{stage}rounds won: you {me.wins}, opponent {op.wins}; {'fighting' if self.fighting else 'between rounds'}"
        )
        if self.game_over:
            lines.append("Game over.")
        return "\n".join(lines)
