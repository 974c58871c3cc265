"""The powers' vocabulary: which are debuffs, which tick down each round, and the names the message
shows for power ids."""

from __future__ import annotations

DEBUFFS = {"Vulnerable", "Weakened", "Frail", "Entangled", "No Draw", "Flex", "Dexterity Down"}
TURN_DEBUFFS = ("Vulnerable", "Weakened", "Frail")
POWER_NAMES = {
    "Weakened": "Weak",
    "Anger": "Enrage",
    "Flex": "Strength Down",
    "Dexterity Down": "Dexterity Down",
    "Next Turn Block": "Next Turn Block",
}
BOMB = "TheBomb"  # id prefix of a Bomb's power (TheBomb0, TheBomb1, ...); its name is "The Bomb"


def power_name(pid: str) -> str:
    """The name the message shows for power id ``pid``."""
    name = POWER_NAMES.get(pid)
    if name is not None:
        return name
    return "The Bomb" if pid.startswith(BOMB) else pid
