"""Checking the RAM map on a user's ROM: fight a while, then test each address against what a fight shows.

Every address must stay in its range (``ram.ADDRESSES``) on every sampled frame; some must also move
the way the game moves them (the timer counts down, full life is seen, the fighters stand apart, P1
moves when walking, P1 is the chosen character).  The report names each address that is off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from orak_gym.games.street_fighter import ram
from orak_gym.games.street_fighter.actions import NATIVE_NAMES


@dataclass
class CalibrationReport:
    samples: int
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"Checked {len(ram.ADDRESSES)} RAM addresses over {self.samples} samples:"]
        for a in ram.ADDRESSES:
            verdict = f"OFF: {self.problems[a.name]}" if a.name in self.problems else "ok"
            out.append(f"  {a.name:<15} {a.address:#010x} {a.kind:<4} {verdict}")
        out.append("All addresses look right." if self.ok else f"{len(self.problems)} address(es) look off.")
        return out


def check_samples(samples: list[dict[str, int]], character: str = "Ken", walked: bool = True) -> CalibrationReport:
    """The verdict on a list of RAM samples (by name) taken during a fight."""
    report = CalibrationReport(len(samples))
    if not samples:
        report.problems["fighting"] = "no sample taken"
        return report
    for a in ram.ADDRESSES:
        seen = [s[a.name] for s in samples]
        bad = [v for v in seen if not a.low <= v <= a.high]
        if bad:
            report.problems[a.name] = f"read {bad[0]}, outside {a.low}..{a.high} ({a.meaning})"

    def rule(name: str, holds: bool, why: str) -> None:
        if name not in report.problems and not holds:
            report.problems[name] = why

    fighting = [s for s in samples if s["fighting"] == 1]
    rule("fighting", bool(fighting), "never read 1: no round seemed to be fought")
    rule("timer", len({s["timer"] for s in fighting}) > 1 and fighting[0]["timer"] >= fighting[-1]["timer"]
         if fighting else False, "did not count down during the fight")  # fmt: skip
    for p in ("p1", "p2"):
        rule(f"{p}_health", any(s[f"{p}_health"] == ram.FULL_HEALTH for s in samples), "never read full life (160)")
        rule(f"{p}_character", all(s[f"{p}_character"] in ram.CHARACTERS for s in samples), "not a character id")
    rule("p1_character", all(s["p1_character"] == ram.CHARACTER_IDS[character] for s in fighting),
         f"is not {character} ({ram.CHARACTER_IDS[character]}) during the fight")  # fmt: skip
    rule("p2_x", all(s["p1_x"] != s["p2_x"] for s in fighting), "equals P1's x: the fighters cannot overlap")
    if walked:
        rule("p1_x", len({s["p1_x"] for s in fighting}) > 1, "did not change while P1 walked")
    return report


def calibrate(
    rompath: Path | None = None, boot: str = "menu", frames: int = 600, peer: Path | None = None, character: str = "Ken"
) -> CalibrationReport:
    """Boots ``sfiii3n`` (menu script), walks P1 towards P2 and back for ``frames`` frames (every frame the
    machine runs is the walk's: no skipping between rounds), checks the samples."""
    from orak_gym.games.street_fighter.env import StreetFighterEnv

    env = StreetFighterEnv(
        character=character, boot=boot, rompath=None if rompath is None else str(rompath),
        peer=None if peer is None else str(peer), skip_between_rounds=False,
    )  # fmt: skip
    samples: list[dict[str, int]] = []
    try:
        env.reset(seed=0)
        forward, back = NATIVE_NAMES.index("Right"), NATIVE_NAMES.index("Left")
        for i in range(max(frames // env.frames_per_action, 1)):
            env.step(forward if (i // 10) % 2 == 0 else back)
            samples.append(dict(env.backend.tracker.values))
    finally:
        env.close()
    return check_samples(samples, character)
