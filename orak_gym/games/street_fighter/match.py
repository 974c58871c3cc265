"""Following a match from the RAM stream: rounds, stages cleared, game over.

3rd Strike counts round wins per stage (``p1_wins``/``p2_wins``, reset when a stage begins).  A stage is
cleared the moment P1's count reaches 2 (time-outs and double KOs count the way the game counts them);
the match is over when P2's count reaches 2 (Orak sets no continue), or after the tenth stage.  Every
RAM sample must pass through :meth:`MatchTracker.update`, including those of frames skipped between
rounds, so a count that rises and resets while no one is deciding is never missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orak_gym.games.street_fighter.ram import CHARACTERS, as_dict
from orak_gym.games.street_fighter.state import STAGES, Fighter, FightState


@dataclass
class MatchTracker:
    """Stage and round bookkeeping over a stream of RAM vectors."""

    stages_cleared: int = 0
    game_over: bool = False
    rounds: list[str] = field(default_factory=list)  # "p1" / "p2" per round decided, in order
    values: dict[str, int] = field(default_factory=dict)
    frame: int = 0
    _wins: tuple[int, int] = (0, 0)

    @property
    def stage(self) -> int:
        return min(self.stages_cleared + 1, STAGES)

    @property
    def finished(self) -> bool:
        return self.game_over or self.stages_cleared >= STAGES

    def update(self, ram: list[int], frame: int) -> None:
        values = as_dict(ram)
        self.values, self.frame = values, frame
        wins = (values["p1_wins"], values["p2_wins"])
        for player, (before, now) in enumerate(zip(self._wins, wins, strict=True), start=1):
            if now > before:
                self.rounds.extend([f"p{player}"] * (now - before))
        if wins[0] >= 2 > self._wins[0] and not self.finished:
            self.stages_cleared += 1
        if wins[1] >= 2 > self._wins[1] and not self.finished:
            self.game_over = True
        self._wins = wins

    def fighter(self, player: int) -> Fighter:
        v, p = self.values, f"p{player}_"
        return Fighter(
            character=CHARACTERS.get(v.get(p + "character", -1), "Unknown"),
            health=v.get(p + "health", 0),
            x=v.get(p + "x", 0),
            super_bar=v.get(p + "super_bar", 0),
            super_count=v.get(p + "super_count", 0),
            stun_bar=v.get(p + "stun_bar", 0),
            stunned=int(v.get(p + "stun_timer", 0) != 0),
            wins=v.get(p + "wins", 0),
        )

    def state(self, player: int = 1, versus: bool = False) -> FightState:
        """The state as ``player`` sees it (``me`` is that player)."""
        return FightState(
            me=self.fighter(player),
            opponent=self.fighter(3 - player),
            timer=self.values.get("timer", 0),
            fighting=bool(self.values.get("fighting", 0)),
            stage=self.stage,
            stages_cleared=self.stages_cleared,
            frame=self.frame,
            game_over=self.game_over,
            player=player,
            versus=versus,
        )
