"""A scripted Pokémon Red expert that plays through the env's text interface and Orak's tools.

It reads ``info["state"]`` (the same facts the text shows), keeps a route of goals per milestone
and answers with one tool call or a few buttons per decision: through the house, north until Oak
stops you, Bulbasaur, Tackle the rival, north to Viridian's mart for the parcel and back to Oak, the
Town Map, Poké Balls and a catch; then it trains Bulbasaur in Route 1's grass until it learns VINE
WHIP (level 13), resting with Mom, crosses Viridian Forest (its trainers are fought with TACKLE),
rests at the Pewter Pokémon Center and beats Brock with VINE WHIP: all 12 of Orak's milestones.
To choose *where* to ``move_to`` it plans over the ROM's map (what a player who knows the game
remembers) and moves to the furthest explored square of that plan; the env's own A* over the
explored map does the walking.  Wild battles are fought while training, run from otherwise.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.policy import ScriptedPolicy
from orak_gym.games.pokemon_red.explore import astar
from orak_gym.games.pokemon_red.milestones import ANY_ORDER, SEQUENTIAL
from orak_gym.games.pokemon_red.rom import ROM, RomData, rom_data

PALLET, VIRIDIAN, ROUTE_1, REDS_1F, REDS_2F, BLUES_HOUSE, OAKS_LAB, VIRIDIAN_MART = 0, 1, 12, 37, 38, 39, 40, 42
PEWTER, ROUTE_2, FOREST_NORTH_GATE, FOREST_SOUTH_GATE, VIRIDIAN_FOREST = 2, 13, 47, 50, 51
PEWTER_GYM, PEWTER_POKECENTER = 54, 58
NURSE_COUNTER = (3, 3)  # in front of a Pokémon Center's counter; the nurse stands behind it at (3, 1)
BROCK_FRONT = (4, 2)  # below Brock (SPRITE_SUPER_NERD at (4, 1)), at the back of Pewter Gym
TRAIN_LEVEL = 13  # Bulbasaur learns VINE WHIP at 13: four times as strong against Brock's rock/ground Pokémon
REST_FRACTION = 0.35  # below this share of its HP (or with TACKLE nearly spent) the lead goes home to rest
ATTACKS = ("VINE WHIP", "TACKLE", "SCRATCH", "EMBER", "BUBBLE", "GUST", "QUICK ATTACK")
ROUTE_2_NORTH_PART = 11  # Route 2 squares at or above this y are north of Viridian Forest (its north gate: y 11)
BALLS_TO_BUY = 5
ROUTE_1_GRASS = ((9, 29), (9, 30))  # two grass squares near Pallet: walk between them to meet wild Pokémon
BULBASAUR_BALL = (8, 3)  # the right-hand ball on Oak's table
LAB_DOOR = (12, 11)
LAB_CENTRE = (5, 6)
OAK_TRIGGER = (10, 1)  # Pallet Town's north exit: stepping into the grass makes Oak appear


class PokemonRedExpert(ScriptedPolicy):
    """Scripted route policy (module docstring); call it with ``(observation, info)``."""

    def __init__(self) -> None:
        self._rom: RomData | None = None

    @classmethod
    def problem(cls) -> str | None:
        """The expert plans over the ROM's maps, so it needs the ROM where it runs (even when the game
        itself is played on an MCP server elsewhere)."""
        missing = ROM.problem()
        return None if missing is None else f"the Pokémon Red expert reads the ROM's maps: {missing}"

    @property
    def rom(self) -> RomData:
        if self._rom is None:
            self._rom = rom_data(str(ROM.locate()))
        return self._rom

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        """Every decision is made from the current state: nothing to forget between episodes."""
        state = info.get("state") or {}
        if not state:
            return "none"
        done = set(state.get("milestones", []))
        box = " ".join(state.get("selection_box") or [])
        screen = " ".join(state.get("screen_text") or [])
        if "nickname" in screen.lower() and "YES" in box:
            return "b"  # no nickname, for the starter or a catch
        if state["mode"] in ("WildBattle", "TrainerBattle"):
            return self._battle(state)
        if state["map_id"] == VIRIDIAN_MART and SEQUENTIAL[6] in done and screen:
            return self._shop(state)
        if "YES" in box and "NO" in box:
            return "b" if "nickname" in screen.lower() else "a"
        if state.get("screen_text"):
            return "use_tool(continue_dialog, ())"
        return self._field(state, done)

    # ------------------------------------------------------------------ battles
    def _battle(self, state: dict[str, Any]) -> str:
        box = " ".join(state.get("selection_box") or [])
        screen = " ".join(state.get("screen_text") or [])
        party = state.get("party") or []
        if "Bring out which" in screen:  # the active Pokémon fainted: send the first healthy one
            healthy = next((i for i, mon in enumerate(party) if mon["hp"] > 0), 0)
            return "|".join(["down"] * healthy + ["a"]) if healthy else "a"
        if "YES" in box and "NO" in box:  # "Use next POKéMON?": yes; "Will RED change POKéMON?": no
            return "b" if "change" in screen else "a"
        if "FIGHT" not in box:
            return "use_tool(continue_dialog, ())" if screen and not box else "a"
        active = next((mon for mon in party if mon["hp"] > 0), party[0] if party else None)
        if state["mode"] == "WildBattle":
            balls = [name for name, qty in state.get("bag", []) if name.endswith("BALL") and qty > 0]
            if balls and len(party) < 2:
                return f"use_tool(use_item_in_battle, (item_name={balls[0]}))"
            if not (active is party[0] and _training(party) and not _tired(party[0])):
                return "use_tool(run_away, ())"
        moves = [name for name, pp in active["moves"] if pp > 0] if active else []
        # VINE WHIP is kept for the gym: against the forest's bug/poison Pokémon it does a quarter of its damage
        usable = [m for m in moves if m != "VINE WHIP" or state["map_id"] == PEWTER_GYM]
        attack = next((m for m in ATTACKS if m in usable), None)
        return f"use_tool(select_move_in_battle, (move_name={attack or (moves[0] if moves else 'TACKLE')}))"

    # ------------------------------------------------------------------ the route
    def _field(self, state: dict[str, Any], done: set[str]) -> str:
        map_id = state["map_id"]
        has_parcel = SEQUENTIAL[5] in done
        delivered = SEQUENTIAL[6] in done
        if delivered:
            return self._after_parcel(state, done)
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

    def _after_parcel(self, state: dict[str, Any], done: set[str]) -> str:
        """Town Map from Daisy, Poké Balls from the Viridian Mart, then a catch in Route 1's grass."""
        map_id = state["map_id"]
        balls = sum(qty for name, qty in state.get("bag", []) if name.endswith("BALL"))
        want_map = ANY_ORDER[0] not in done
        want_catch = len(state.get("party") or []) < 2
        # balls: for the milestone, and again when every ball thrown so far missed
        want_balls = balls == 0 and (ANY_ORDER[1] not in done or (want_catch and state.get("money", 0) >= 200))
        party = state.get("party") or []
        # then train the lead in Route 1's grass until it knows VINE WHIP, resting with Mom at home
        training = not (want_map or want_balls or want_catch) and _training(party)
        rest = not (want_map or want_balls or want_catch) and bool(party) and _tired(party[0], full=not training)
        rest = rest and map_id in (PALLET, ROUTE_1, REDS_1F, REDS_2F)  # past Viridian, the Pewter centre heals
        if map_id == REDS_1F and rest:
            return "use_tool(interact_with_object, (object_name=SPRITE_MOM))"
        if map_id in (REDS_1F, REDS_2F, OAKS_LAB, VIRIDIAN_MART) or (map_id == BLUES_HOUSE and not want_map):
            if map_id == VIRIDIAN_MART and want_balls:
                return "use_tool(interact_with_object, (object_name=SPRITE_CLERK))"
            door = self._warp_to(map_id, 0xFF)
            return f"use_tool(warp_with_warp_point, (x_dest={door[0]}, y_dest={door[1]}))"
        if map_id == BLUES_HOUSE:
            return "use_tool(interact_with_object, (object_name=SPRITE_DAISY_1))"
        if map_id == PALLET:
            if want_map:
                return self._toward(state, self._warp_to(PALLET, BLUES_HOUSE), enter=True)
            if rest:
                return self._toward(state, self._warp_to(PALLET, REDS_1F), enter=True)
            return self._toward(state, None, leave="north")
        if map_id == ROUTE_1:
            if want_balls:
                return self._toward(state, None, leave="north")
            if rest:
                return self._toward(state, None, leave="south")
            here = (state["x"], state["y"])
            if want_catch:
                target = ROUTE_1_GRASS[1] if here == ROUTE_1_GRASS[0] else ROUTE_1_GRASS[0]
                return self._toward(state, target)
            if training:
                return "up|down|up|down" if here == ROUTE_1_GRASS[1] else self._toward(state, ROUTE_1_GRASS[1])
            return self._toward(state, None, leave="north")
        if map_id == VIRIDIAN:
            if want_balls:
                return self._toward(state, self._warp_to(VIRIDIAN, VIRIDIAN_MART), enter=True)
            if want_catch or training:
                return self._toward(state, None, leave="south")
            return self._toward(state, None, leave="north")
        # Pewter City: rest at the Pokémon Center, then Brock (SPRITE_SUPER_NERD at the back of the gym)
        if map_id == PEWTER:
            if party and _tired(party[0], full=True):
                return self._toward(state, self._warp_to(PEWTER, PEWTER_POKECENTER), enter=True)
            return self._toward(state, self._warp_to(PEWTER, PEWTER_GYM), enter=True)
        if map_id == PEWTER_POKECENTER:
            if party and _tired(party[0], full=True):
                return self._talk_to(state, "SPRITE_NURSE", NURSE_COUNTER)
            door = self._warp_to(map_id, 0xFF)
            return f"use_tool(warp_with_warp_point, (x_dest={door[0]}, y_dest={door[1]}))"
        if map_id == PEWTER_GYM:
            return self._talk_to(state, "SPRITE_SUPER_NERD", BROCK_FRONT)
        # to Pewter City: Route 2, through Viridian Forest and its two gates
        if map_id == ROUTE_2:
            if state["y"] <= ROUTE_2_NORTH_PART:
                return self._toward(state, None, leave="north")
            return self._toward(state, self._warp_to(ROUTE_2, FOREST_SOUTH_GATE), enter=True)
        if map_id == FOREST_SOUTH_GATE:
            return self._toward(state, self._warp_to(map_id, VIRIDIAN_FOREST), enter=True)
        if map_id == VIRIDIAN_FOREST:
            return self._toward(state, self._warp_to(map_id, FOREST_NORTH_GATE), enter=True)
        if map_id == FOREST_NORTH_GATE:
            return self._toward(
                state, min(self._exits(map_id), key=lambda w: (w[1], not self._walkable(map_id, w))), enter=True
            )
        return "none"

    def _walkable(self, map_id: int, square: tuple[int, int]) -> bool:
        return self.rom.map(map_id).is_walkable(*square)

    def _exits(self, map_id: int) -> list[tuple[int, int]]:
        return [(w.x, w.y) for w in self.rom.map(map_id).warps if w.dest_map == 0xFF]

    def _shop(self, state: dict[str, Any]) -> str:
        """In the mart's menus: A buys one more Poké Ball (BUY, the first item, quantity 1, YES) until
        there are enough or the money is short; then B backs out of every menu."""
        balls = sum(qty for name, qty in state.get("bag", []) if name.endswith("BALL"))
        if balls < BALLS_TO_BUY and state.get("money", 0) >= 200:
            box = " ".join(state.get("selection_box") or [])
            return "a" if "YES" in box and "NO" in box else "use_tool(continue_dialog, ())"
        return "b"

    def _talk_to(self, state: dict[str, Any], sprite: str, near: tuple[int, int]) -> str:
        """Talks to ``sprite``, first walking toward ``near`` while it is off screen (not yet an object)."""
        if not any(line.startswith(sprite) for line in state.get("objects", [])):
            return self._toward(state, near)
        return f"use_tool(interact_with_object, (object_name={sprite}))"

    def _warp_to(self, map_id: int, dest: int) -> tuple[int, int]:
        data = self.rom.map(map_id)
        warps = [w for w in data.warps if w.dest_map == dest]
        warp = next((w for w in warps if data.is_walkable(w.x, w.y)), warps[0])  # the doorway, not its wall twin
        return warp.x, warp.y

    def _toward(
        self, state: dict[str, Any], goal: tuple[int, int] | None, *, enter: bool = False, leave: str = ""
    ) -> str:
        """One tool call that makes progress toward ``goal`` (a square, a warp to enter, or a map edge).

        Where the way to the goal is not explored yet, it plans over the ROM's map (around the people
        on screen) and walks to the furthest explored square of that plan, which reveals more."""
        data = self.rom.map(state["map_id"])
        here = (state["x"], state["y"])
        explored = explored_squares(state["full_map"])
        if goal is None:
            return f"use_tool(overworld_map_transition, (direction={leave}))" if leave else "none"
        everything = {(x, y) for y in range(data.height) for x in range(data.width)}
        people = {(x, y) for x, y in _object_squares(state.get("objects", []))}
        path = astar(data, here, goal, everything, people, goal_always=enter) or astar(
            data, here, goal, everything, goal_always=enter
        )
        deltas = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}
        cell, furthest, known = here, here, True
        for move in path or []:
            cell = (cell[0] + deltas[move][0], cell[1] + deltas[move][1])
            if cell not in explored:
                known = False
            elif known:
                furthest = cell
        if path is None or known or furthest == goal:
            if enter:
                return f"use_tool(warp_with_warp_point, (x_dest={goal[0]}, y_dest={goal[1]}))"
            return f"use_tool(move_to, (x_dest={goal[0]}, y_dest={goal[1]}))"
        if furthest == here:
            return path[0]
        return f"use_tool(move_to, (x_dest={furthest[0]}, y_dest={furthest[1]}))"


def _training(party: list[dict[str, Any]]) -> bool:
    """The lead still has to learn VINE WHIP (reach ``TRAIN_LEVEL``) before it can beat Brock."""
    return bool(party) and party[0]["level"] < TRAIN_LEVEL


def _tired(mon: dict[str, Any], full: bool = False) -> bool:
    """Needs a rest: below ``REST_FRACTION`` of its HP or with its attack nearly spent (``full``: anything
    short of full HP and PP of its attacks, before a fight that must be won)."""
    pp = {name: left for name, left in mon["moves"]}
    if full:
        return mon["hp"] < mon["max_hp"] or pp.get("TACKLE", 35) < 35 or pp.get("VINE WHIP", 10) < 10
    return mon["hp"] < REST_FRACTION * mon["max_hp"] or pp.get("TACKLE", 35) <= 4


def _object_squares(objects: list[str]) -> list[tuple[int, int]]:
    """Squares of the people and objects listed in ``[Notable Objects]`` (``SPRITE_X_1 at (x, y)``)."""
    squares = []
    for line in objects:
        if line.startswith("SPRITE_") and " at (" in line:
            x, _, y = line.rsplit(" at (", 1)[1].rstrip(")").partition(",")
            squares.append((int(x), int(y)))
    return squares


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
