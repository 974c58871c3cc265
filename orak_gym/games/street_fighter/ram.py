"""What orak-gym reads and presses on MAME's ``sfiii3n`` driver (SF III 3rd Strike, Japan 990608, NO CD).

RAM addresses are public facts from training-mode research (3rd_training_lua's ``gamestate.lua`` and
sfiii-gym, which agree where they overlap); they were found on the ``sfiii3nr1`` and ``sfiii3n``
revisions and are **not yet confirmed on a real ``sfiii3n`` dump by this project** (CI has no ROM):
``orak-gym street-fighter calibrate`` checks each one on the user's ROM and names any that is off.
The input ports and field names are MAME's, checked in CI on the real driver with a zero-filled ROM set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orak_gym.backends.mame import MameMachine, RamValue

SYSTEM = "sfiii3n"
SCREEN = (224, 384)  # height, width
P1_BASE, P2_BASE = 0x02068C6C, 0x02069104  # the fighters' structs (P2 = P1 + 0x498)


@dataclass(frozen=True)
class Address:
    """One named RAM value, with the range a fight shows it in (what ``calibrate`` checks)."""

    name: str
    address: int
    kind: str
    low: int
    high: int
    meaning: str


#: Every value the env reads each step, in the order of the native RAM vector.
ADDRESSES: tuple[Address, ...] = (
    Address("fighting", 0x02011389, "u8", 0, 1, "1 while a round is being fought"),
    Address("timer", 0x02011377, "u8", 0, 99, "round timer (99 at the start of a round)"),
    Address("p1_wins", 0x02011383, "u8", 0, 2, "rounds P1 has won in this stage"),
    Address("p2_wins", 0x02011385, "u8", 0, 2, "rounds P2 has won in this stage"),
    Address("p1_character", 0x02011387, "u8", 0, 20, "P1's character id (Ken = 11)"),
    Address("p2_character", 0x02011388, "u8", 0, 20, "P2's character id"),
    Address("p1_health", 0x02068D0A, "s16", -1, 160, "P1 life (160 = full, -1 = knocked out)"),
    Address("p2_health", 0x020691A2, "s16", -1, 160, "P2 life (160 = full, -1 = knocked out)"),
    Address("p1_x", P1_BASE + 0x64, "s16", 0, 1200, "P1 x position in the stage"),
    Address("p2_x", P2_BASE + 0x64, "s16", 0, 1200, "P2 x position in the stage"),
    Address("p1_super_bar", 0x020695B5, "u8", 0, 128, "P1 super art gauge"),
    Address("p2_super_bar", 0x020695E1, "u8", 0, 128, "P2 super art gauge"),
    Address("p1_super_count", 0x020695BF, "u8", 0, 3, "P1 stocked super arts"),
    Address("p2_super_count", 0x020695EB, "u8", 0, 3, "P2 stocked super arts"),
    Address("p1_stun_bar", 0x020695FD, "u8", 0, 72, "P1 stun gauge"),
    Address("p2_stun_bar", 0x02069611, "u8", 0, 72, "P2 stun gauge"),
    Address("p1_stun_timer", 0x020695F9, "u8", 0, 255, "P1 stun timer (non-zero = stunned)"),
    Address("p2_stun_timer", 0x0206960D, "u8", 0, 255, "P2 stun timer (non-zero = stunned)"),
)
INDEX = {a.name: i for i, a in enumerate(ADDRESSES)}
FULL_HEALTH = 160

#: MAME's input fields, in the order of the bits of a player's 10-bit input (4 directions, 6 buttons).
BUTTONS = ("Up", "Down", "Left", "Right", "LP", "MP", "HP", "LK", "MK", "HK")
_FIELD_NAMES = {
    "Up": "Up",
    "Down": "Down",
    "Left": "Left",
    "Right": "Right",
    "LP": "Jab Punch",
    "MP": "Strong Punch",
    "HP": "Fierce Punch",
    "LK": "Short Kick",
    "MK": "Forward Kick",
    "HK": "Roundhouse Kick",
}
_KICKS = {"LK", "MK", "HK"}
#: Coin, start and service buttons (the menu script presses them), after the two players' 10 bits each.
SYSTEM_FIELDS = (
    ("Coin 1", ":INPUTS"),
    ("Coin 2", ":INPUTS"),
    ("1 Player Start", ":INPUTS"),
    ("2 Players Start", ":INPUTS"),
    ("Service Mode", ":INPUTS"),
)


def _port(button: str, player: int) -> str:
    """The kicks sit on ``:EXTRA``, except P2's Roundhouse, which MAME's cps3 driver wires to ``:INPUTS``."""
    return ":EXTRA" if button in _KICKS and not (player == 2 and button == "HK") else ":INPUTS"


def _player_fields(player: int) -> list[tuple[str, str]]:
    return [(_port(b, player), f"P{player} {_FIELD_NAMES[b]}") for b in BUTTONS]


#: (port, field) per input bit: P1's 10 bits, P2's 10 bits, then the coin/start buttons.
FIELDS: tuple[tuple[str, str], ...] = (
    *_player_fields(1),
    *_player_fields(2),
    *((port, name) for name, port in SYSTEM_FIELDS),
)
SYSTEM_BITS = {name: 20 + i for i, (name, _port) in enumerate(SYSTEM_FIELDS)}


def player_mask(buttons: tuple[str, ...] | list[str], player: int = 1) -> int:
    """The input mask pressing ``buttons`` (names of ``BUTTONS``) for player 1 or 2."""
    shift = 0 if player == 1 else len(BUTTONS)
    mask = 0
    for button in buttons:
        mask |= 1 << (BUTTONS.index(button) + shift)
    return mask


def machine() -> MameMachine:
    """The MAME machine description: the ``sfiii3n`` system, our RAM list and the input fields."""
    return MameMachine(
        system=SYSTEM,
        ram=tuple(RamValue(a.address, a.kind) for a in ADDRESSES),
        fields=FIELDS,
    )


def as_dict(values: list[int] | np.ndarray) -> dict[str, int]:
    """The RAM vector by name."""
    return {a.name: int(v) for a, v in zip(ADDRESSES, values, strict=True)}


#: Character ids in RAM (public research; sfiii-gym's table).
CHARACTERS = {
    0: "Gill", 1: "Alex", 2: "Ryu", 3: "Yun", 4: "Dudley", 5: "Necro", 6: "Hugo", 7: "Ibuki", 8: "Elena",
    9: "Oro", 10: "Yang", 11: "Ken", 12: "Sean", 13: "Urien", 14: "Gouki", 16: "Chun-Li", 17: "Makoto",
    18: "Q", 19: "Twelve", 20: "Remy",
}  # fmt: skip
CHARACTER_IDS = {name: i for i, name in CHARACTERS.items()}
