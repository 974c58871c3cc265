"""Orak's 12 Pokémon Red milestones (``evaluate``), read from RAM and kept once reached.

The first seven are sequential (each counts only after the ones before it); the last five count
in any order.  Score = milestones / 12 x 100.
"""

from __future__ import annotations

from orak_gym.games.pokemon_red import ram
from orak_gym.games.pokemon_red.rom import sprite_name

PALLET_TOWN, VIRIDIAN_CITY, PEWTER_CITY = 0x00, 0x01, 0x02

SEQUENTIAL: tuple[str, ...] = (
    "Exit Red's house",
    "Meet Professor Oak",
    "Choose a starter Pokémon",
    "Finish the first rival battle",
    "Reach Viridian City",
    "Get Oak's parcel",
    "Deliver Oak's parcel",
)
ANY_ORDER: tuple[str, ...] = (
    "Get the Town Map",
    "Have a Poké Ball",
    "Have a second party Pokémon",
    "Reach Pewter City",
    "Win the Boulder Badge",
)
ALL: tuple[str, ...] = SEQUENTIAL + ANY_ORDER


def reached_now(r: ram.Ram) -> set[str]:
    """The milestones whose condition holds in this RAM image (before stickiness and order)."""
    map_id = ram.u8(r, ram.CUR_MAP)
    items = {item for item, _ in ram.bag(r)}
    oak_on_screen = any(sprite_name(s.picture) == "SPRITE_OAK" for s in ram.sprites(r))
    done = set()
    if map_id == PALLET_TOWN:
        done.add(SEQUENTIAL[0])
    if ram.flag(r, ram.EVENT_OAK_APPEARED_IN_PALLET) or (oak_on_screen and map_id == PALLET_TOWN):
        done.add(SEQUENTIAL[1])
    if ram.flag(r, ram.EVENT_GOT_STARTER):
        done.add(SEQUENTIAL[2])
    if ram.flag(r, ram.EVENT_BATTLED_RIVAL_IN_OAKS_LAB):
        done.add(SEQUENTIAL[3])
    if map_id == VIRIDIAN_CITY:
        done.add(SEQUENTIAL[4])
    if ram.flag(r, ram.EVENT_GOT_OAKS_PARCEL) or ram.ITEM_OAKS_PARCEL in items:
        done.add(SEQUENTIAL[5])
    if ram.flag(r, ram.EVENT_OAK_GOT_PARCEL):
        done.add(SEQUENTIAL[6])
    if ram.flag(r, ram.EVENT_GOT_TOWN_MAP) or ram.ITEM_TOWN_MAP in items:
        done.add(ANY_ORDER[0])
    if items & ram.BALLS:
        done.add(ANY_ORDER[1])
    if ram.u8(r, ram.PARTY_COUNT) >= 2:
        done.add(ANY_ORDER[2])
    if map_id == PEWTER_CITY:
        done.add(ANY_ORDER[3])
    if ram.u8(r, ram.BADGES) & 1:
        done.add(ANY_ORDER[4])
    return done


class MilestoneTracker:
    """Sticky milestones of one episode, in Orak's order rules."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def reset(self) -> None:
        self.seen.clear()

    def update(self, r: ram.Ram) -> list[str]:
        self.seen |= reached_now(r)
        return self.achieved()

    def achieved(self) -> list[str]:
        out = []
        for name in SEQUENTIAL:
            if name not in self.seen:
                break
            out.append(name)
        out += [name for name in ANY_ORDER if name in self.seen]
        return out

    @property
    def count(self) -> int:
        return len(self.achieved())
