"""The StarCraft II state: Orak's summary text, a JSON-safe dict, and the native feature vector.

The bot reads the game through burnysc2 each step and hands the env a plain dict (:func:`snapshot` in
``bot.py``): resources, buildings, units, research, work in progress and the enemy, each a flat or nested
dict of numbers.  The text is Orak's layout: a header with the game time, then one block per category
listing only the non-zero entries ("- Worker supply: 22"), nested entries under their own heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Our structures, units and upgrades in a fixed order (the native vector's layout and the text's order).
STRUCTURES = (
    "NEXUS", "PYLON", "ASSIMILATOR", "GATEWAY", "WARPGATE", "CYBERNETICSCORE", "FORGE", "TWILIGHTCOUNCIL",
    "ROBOTICSFACILITY", "STARGATE", "TEMPLARARCHIVE", "DARKSHRINE", "ROBOTICSBAY", "FLEETBEACON", "PHOTONCANNON",
    "SHIELDBATTERY",
)  # fmt: skip
UNITS = (
    "PROBE", "ZEALOT", "ADEPT", "STALKER", "SENTRY", "HIGHTEMPLAR", "DARKTEMPLAR", "ARCHON", "IMMORTAL", "COLOSSUS",
    "DISRUPTOR", "OBSERVER", "WARPPRISM", "PHOENIX", "VOIDRAY", "ORACLE", "TEMPEST", "CARRIER", "MOTHERSHIP",
)  # fmt: skip
UPGRADES = (
    "WARPGATERESEARCH", "PROTOSSGROUNDWEAPONSLEVEL1", "PROTOSSGROUNDWEAPONSLEVEL2", "PROTOSSGROUNDWEAPONSLEVEL3",
    "PROTOSSGROUNDARMORSLEVEL1", "PROTOSSGROUNDARMORSLEVEL2", "PROTOSSGROUNDARMORSLEVEL3", "PROTOSSSHIELDSLEVEL1",
    "PROTOSSSHIELDSLEVEL2", "PROTOSSSHIELDSLEVEL3", "PROTOSSAIRWEAPONSLEVEL1", "PROTOSSAIRWEAPONSLEVEL2",
    "PROTOSSAIRWEAPONSLEVEL3", "PROTOSSAIRARMORSLEVEL1", "PROTOSSAIRARMORSLEVEL2", "PROTOSSAIRARMORSLEVEL3",
    "CHARGE", "BLINKTECH", "ADEPTPIERCINGATTACK", "EXTENDEDTHERMALLANCE", "GRAVITICDRIVE", "OBSERVERGRAVITICBOOSTER",
    "PSISTORMTECH", "VOIDRAYSPEEDUPGRADE", "PHOENIXRANGEUPGRADE", "TEMPESTGROUNDATTACKUPGRADE",
)  # fmt: skip
_RESOURCES = ("mineral", "gas", "supply_used", "supply_cap", "supply_left", "worker_supply", "army_supply")
#: Scales that bring each feature to about 0-1 in a typical game.
_SCALES = (1000, 1000, 200, 200, 200, 100, 200)
FEATURES = (
    "game minutes / 30",
    *(f"{name} / {scale}" for name, scale in zip(_RESOURCES, _SCALES, strict=True)),
    *(f"{s.lower()} count / 10" for s in STRUCTURES),
    *(f"{u.lower()} count / 50" for u in UNITS),
    *(f"{u.lower()} progress" for u in UPGRADES),
    *(f"constructing {s.lower()} / 10" for s in STRUCTURES),
    *(f"producing {u.lower()} / 10" for u in UNITS),
    "enemy units / 100",
    "enemy structures / 20",
    "enemy army supply seen / 200",
    "best nexus energy / 200",
)
N_FEATURES = len(FEATURES)


def count_key(name: str) -> str:
    """``"CYBERNETICSCORE"`` -> ``"cyberneticscore_count"`` (Orak's ``<type>_count`` keys)."""
    return f"{name.lower()}_count"


@dataclass
class StarCraft2State:
    """What the env knows after a bot step (the bot's snapshot), how the episode stands, and what the
    last bot steps' actions did."""

    snapshot: dict[str, Any]
    result: str | None = None  # "Victory", "Defeat", "Tie" once the game is over
    replay_path: str | None = None
    executed: list[dict[str, Any]] = field(default_factory=list)  # the last bot steps' actions and outcomes
    player_race: str = "Protoss"
    enemy_race: str = "Zerg"

    @property
    def game_time(self) -> str:
        return str(self.snapshot.get("resource", {}).get("game_time", "00:00"))

    def to_text(self) -> str:
        lines = [f"Summary 1: At {self.game_time} game time, our current StarCraft II situation is as follows:", ""]
        for title, key in (
            ("Resources", "resource"),
            ("Buildings", "building"),
            ("Units", "unit"),
            ("Research", "research"),
            ("In Progress", "in_progress"),
            ("Enemy", "enemy"),
        ):
            block = _block(self.snapshot.get(key) or {})
            if block:
                lines += [f"{title}:", *block, ""]
        if self.result:
            lines.append(f"Game over: {self.result}.")
        return "\n".join(lines).rstrip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.snapshot,
            "result": self.result,
            "replay_path": self.replay_path,
            "executed": list(self.executed),
            "player_race": self.player_race,
            "enemy_race": self.enemy_race,
        }

    def features(self) -> np.ndarray:
        """The native observation: ``FEATURES`` in order, each scaled to about 0-1."""
        snap = self.snapshot
        resource = snap.get("resource", {})
        building = snap.get("building", {})
        unit = snap.get("unit", {})
        research = snap.get("research", {})
        progress = snap.get("in_progress", {})
        constructing = progress.get("building_constructing", {})
        producing = progress.get("unit_producing", {})
        enemy = snap.get("enemy", {})
        values = [float(snap.get("seconds", 0.0)) / 1800.0]
        values += [float(resource.get(name, 0)) / scale for name, scale in zip(_RESOURCES, _SCALES, strict=True)]
        values += [float(building.get(count_key(s), 0)) / 10 for s in STRUCTURES]
        values += [float(unit.get(count_key(u), 0)) / 50 for u in UNITS]
        values += [float(research.get(u.lower(), 0)) for u in UPGRADES]
        values += [float(constructing.get(f"constructing_{count_key(s)}", 0)) / 10 for s in STRUCTURES]
        values += [float(producing.get(f"producing_{count_key(u)}", 0)) / 10 for u in UNITS]
        values += [
            float(sum((enemy.get("unit") or {}).values())) / 100,
            float(sum((enemy.get("structure") or {}).values())) / 20,
            float(snap.get("enemy_army_supply", 0)) / 200,
            float(snap.get("nexus_energy", 0)) / 200,
        ]
        return np.clip(np.asarray(values, dtype=np.float32), 0.0, FEATURE_HIGH)


#: The native observation's upper bound (a feature above its typical range is clipped here).
FEATURE_HIGH = 100.0


def _block(data: dict[str, Any], depth: int = 0) -> list[str]:
    """Orak's category layout: ``- Key: value`` for each non-zero value, a nested dict under ``Key:``."""
    lines: list[str] = []
    for key, value in data.items():
        label = key.replace("_", " ").capitalize()
        if isinstance(value, dict):
            inner = _block(value, depth + 1)
            if inner:
                lines += [f"{label}:", *inner]
        elif value:
            shown = f"{value:g}" if isinstance(value, float) else value
            lines.append(f"- {label}: {shown}")
    return lines
