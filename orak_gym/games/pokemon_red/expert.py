"""A scripted Pokémon Red expert that plays through the env's text interface and Orak's tools.

It reads ``info["state"]`` (the same facts the text shows), keeps a route of goals per milestone
and answers with one tool call or a few buttons per decision: through the house, north until Oak
stops you, Bulbasaur, Tackle the rival, north to Viridian's mart for the parcel and back to Oak.
To choose *where* to ``move_to`` it plans over the ROM's map (what a player who knows the game
remembers) and moves to the furthest explored square of that plan; the env's own A* over the
explored map does the walking.  Wild battles are run from.
"""

from __future__ import annotations

from typing import Any

from orak_gym.games.pokemon_red.explore import astar
from orak_gym.games.pokemon_red.milestones import SEQUENTIAL
from orak_gym.games.pokemon_red.rom import ROM, RomData, rom_data

PALLET, VIRIDIAN, ROUTE_1, REDS_1F, REDS_2F, OAKS_LAB, VIRIDIAN_MART = 0, 1, 12, 37, 38, 40, 42
BULBASAUR_BALL = (8, 3)  # the right-hand ball on Oak's table
LAB_DOOR = (12, 11)
LAB_CENTRE = (5, 6)
OAK_TRIGGER = (10, 1)  # Pallet Town's north exit: stepping into the grass makes Oak appear


class PokemonRedExpert:
    """Scripted route policy (module docstring); call it with ``(observation, info)``."""

    def __init__(self) -> None:
        self._rom: RomData | None = None
        self.last_step = None

    @property
    def rom(self) -> RomData:
        if self._rom is None:
            self._rom = rom_data(str(ROM.locate()))
        return self._rom

    def reset(self) -> None:
        """Nothing to forget: every decision is made from the current state."""

    async def acall(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        return self(observation, info)

    def __call__(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        state = (info or {}).get("state") or {}
        if not state:
            return "none"
        done = set(state.get("milestones", []))
        if state["mode"] in ("WildBattle", "TrainerBattle"):
            return self._battle(state)
        box = " ".join(state.get("selection_box") or [])
        if "YES" in box and "NO" in box:
            screen = " ".join(state.get("screen_text") or [])
            return "b" if "nickname" in screen.lower() else "a"
        if state.get("screen_text"):
            return "use_tool(continue_dialog, ())"
        return self._field(state, done)

    # ------------------------------------------------------------------ battles
    def _battle(self, state: dict[str, Any]) -> str:
        box = " ".join(state.get("selection_box") or [])
        if state["mode"] == "WildBattle":
            return "use_tool(run_away, ())" if "FIGHT" in box else "a"
        if "FIGHT" not in box:
            return "a"
        party = state.get("party") or []
        moves = [name for name, pp in party[0]["moves"] if pp > 0] if party else []
        attack = next((m for m in moves if m in ("TACKLE", "SCRATCH", "VINE WHIP", "EMBER", "BUBBLE")), None)
        return f"use_tool(select_move_in_battle, (move_name={attack or (moves[0] if moves else 'TACKLE')}))"

    # ------------------------------------------------------------------ the route
    def _field(self, state: dict[str, Any], done: set[str]) -> str:
        map_id = state["map_id"]
        has_parcel = SEQUENTIAL[5] in done
        delivered = SEQUENTIAL[6] in done
        if map_id == REDS_2F:
            return "use_tool(warp_with_warp_point, (x_dest=7, y_dest=1))"
        if map_id == REDS_1F:
            door = self._warp_to(map_id, 0xFF)  # 0xFF: back to the map outside
            return f"use_tool(warp_with_warp_point, (x_dest={door[0]}, y_dest={door[1]}))"
        if map_id == OAKS_LAB:
            if SEQUENTIAL[2] not in done:
                if (state["x"], state["y"]) == (BULBASAUR_BALL[0], BULBASAUR_BALL[1] + 1):
                    return "up|a"  # face the ball and take it
                return self._toward(state, (BULBASAUR_BALL[0], BULBASAUR_BALL[1] + 1))
            if has_parcel and not delivered:
                if not any(o.startswith("SPRITE_OAK") for o in state.get("objects", [])):
                    return self._toward(state, LAB_CENTRE)  # Oak stands at his desk, off screen from the door
                return "use_tool(interact_with_object, (object_name=SPRITE_OAK))"
            return "use_tool(warp_with_warp_point, ())"
        if map_id == PALLET:
            if SEQUENTIAL[2] not in done:
                if SEQUENTIAL[1] in done:
                    return self._toward(state, LAB_DOOR, enter=True)
                return self._toward(state, OAK_TRIGGER)
            if has_parcel and not delivered:
                return self._toward(state, LAB_DOOR, enter=True)
            return self._toward(state, None, leave="north")
        if map_id == ROUTE_1:
            return self._toward(state, None, leave="south" if has_parcel and not delivered else "north")
        if map_id == VIRIDIAN:
            if not has_parcel:
                mart = self._warp_to(map_id, VIRIDIAN_MART)
                return self._toward(state, mart, enter=True)
            return self._toward(state, None, leave="south")
        if map_id == VIRIDIAN_MART:
            door = self._warp_to(map_id, 0xFF)
            return f"use_tool(warp_with_warp_point, (x_dest={door[0]}, y_dest={door[1]}))"
        return "use_tool(continue_dialog, ())"

    def _warp_to(self, map_id: int, dest: int) -> tuple[int, int]:
        warp = next(w for w in self.rom.map(map_id).warps if w.dest_map == dest)
        return warp.x, warp.y

    def _toward(
        self, state: dict[str, Any], goal: tuple[int, int] | None, *, enter: bool = False, leave: str = ""
    ) -> str:
        """One tool call that makes progress toward ``goal`` (a square, a warp to enter, or a map edge)."""
        data = self.rom.map(state["map_id"])
        here = (state["x"], state["y"])
        explored = explored_squares(state["full_map"])
        if enter and goal is not None:
            return f"use_tool(warp_with_warp_point, (x_dest={goal[0]}, y_dest={goal[1]}))"
        if goal is None:
            return f"use_tool(overworld_map_transition, (direction={leave}))" if leave else "none"
        if goal in explored:
            return f"use_tool(move_to, (x_dest={goal[0]}, y_dest={goal[1]}))"
        everything = {(x, y) for y in range(data.height) for x in range(data.width)}
        path = astar(data, here, goal, everything)
        if not path:
            return "use_tool(continue_dialog, ())"
        deltas = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}
        cell, furthest = here, here
        for move in path:
            cell = (cell[0] + deltas[move][0], cell[1] + deltas[move][1])
            if cell in explored:
                furthest = cell
        if furthest == here:
            return path[0]
        return f"use_tool(move_to, (x_dest={furthest[0]}, y_dest={furthest[1]}))"


def _edge_goal(data: Any, here: tuple[int, int], direction: str) -> tuple[int, int] | None:
    """The nearest walkable square on a map edge, by the ROM's map."""
    if direction == "north":
        cells = [(x, 0) for x in range(data.width)]
    elif direction == "south":
        cells = [(x, data.height - 1) for x in range(data.width)]
    elif direction == "west":
        cells = [(0, y) for y in range(data.height)]
    else:
        cells = [(data.width - 1, y) for y in range(data.height)]
    everything = {(x, y) for y in range(data.height) for x in range(data.width)}
    best = None
    for cell in cells:
        if not data.is_walkable(*cell):
            continue
        path = astar(data, here, cell, everything)
        if path is not None and (best is None or len(path) < best[0]):
            best = (len(path), cell)
    return best[1] if best else None


def explored_squares(full_map: str) -> set[tuple[int, int]]:
    """The squares of ``[Full Map]`` that are not ``?`` (3 characters per column after the y label)."""
    cells = set()
    for line in full_map.splitlines()[1:]:
        label, row = line[:3], line[4:]
        if not label.strip().isdigit():
            continue
        y = int(label)
        for x in range(len(row) // 3):
            if row[3 * x : 3 * x + 3].strip() not in ("?", ""):
                cells.add((x, y))
    return cells
