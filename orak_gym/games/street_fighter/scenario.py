"""Scripted matches for the stand-in peer (``orak_gym/backends/mame_fake_peer.py``): invented RAM, real protocol.

``scripted_match(["p1", "p2", "p1", ...])`` lays out rounds one after another: each round fights for
``round_frames`` frames (health of the loser falls to -1, or both keep some health on a time-out), then
``gap_frames`` frames between rounds; the win counters rise as the game's do and reset when a stage
begins.  The result is the peer's scenario dict (write it as JSON and pass ``peer=PATH`` to the env).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orak_gym.games.street_fighter import ram

ADDR = {a.name: a.address for a in ram.ADDRESSES}


def _ports() -> dict[str, list[str]]:
    ports: dict[str, list[str]] = {}
    for port, name in ram.FIELDS:
        ports.setdefault(port, []).append(name)
    return ports


def scripted_match(
    rounds: Sequence[str],
    *,
    round_frames: int = 120,
    gap_frames: int = 60,
    start_frame: int = 1,
    characters: tuple[str, str] = ("Ken", "Alex"),
    distance: int = 200,
    exit_at: int | None = None,
    input_log: str | None = None,
) -> dict[str, Any]:
    """A match whose rounds end as ``rounds`` says: "p1"/"p2" (a KO) or "p1-time"/"p2-time" (a time-out)."""
    timeline: list[list[Any]] = []
    frame = start_frame
    wins = [0, 0]
    ids = [ram.CHARACTER_IDS[c] for c in characters]

    def at(when: int, **values: int) -> None:
        timeline.append([when, {hex(ADDR[k]): v for k, v in values.items()}])

    at(0, fighting=0, p1_character=ids[0], p2_character=ids[1], p1_health=160, p2_health=160, timer=99,
       p1_x=300, p2_x=300 + distance)  # fmt: skip
    for outcome in rounds:
        winner = int(outcome[1]) - 1
        at(frame, fighting=1, timer=99, p1_health=160, p2_health=160, p1_wins=wins[0], p2_wins=wins[1],
           p1_x=300, p2_x=300 + distance, p1_super_bar=0, p2_super_bar=0)  # fmt: skip
        mid = frame + round_frames // 2
        at(mid, timer=50, p1_health=120, p2_health=90, p1_x=350, p2_x=350 + distance // 3, p1_super_bar=64,
           p1_stun_bar=10, p2_stun_bar=30, p2_stun_timer=5 if outcome == "p1" else 0)  # fmt: skip
        end = frame + round_frames
        loser = f"p{2 - winner}_health"
        if outcome.endswith("time"):
            at(end, fighting=0, timer=0, **{loser: 40})
        else:
            at(end, fighting=0, **{loser: -1})
        wins[winner] += 1
        at(end + 1, p1_wins=wins[0], p2_wins=wins[1])
        frame = end + gap_frames
        if wins[1] == 2:
            break
        if wins[0] == 2:
            wins = [0, 0]
            at(frame - 1, p1_wins=0, p2_wins=0)
    return {
        "system": "sfiii3n",
        "w": ram.SCREEN[1],
        "h": ram.SCREEN[0],
        "ports": _ports(),
        "timeline": timeline,
        "exit_at": exit_at,
        "input_log": input_log,
    }
