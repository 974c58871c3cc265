"""``orak/PokemonRed-v0``: Pokémon Red on PyBoy, stepped deterministically, decoded from RAM.

Text modality: Orak's sections plus the explored map; an action is up to 5 buttons or one of
Orak's tools, which the env executes itself (``tools.py``) and reports in ``info["tool_result"]``
and the next text.  Native modality: the screen (or work RAM with ``obs_type="ram"``) and the
8 Game Boy buttons as ``Discrete(8)``, one tap per step.

Reset loads the start state (a new game in Red's room, see ``start.py``) and idles a seeded
0-59 frames, so ``reset(seed=s)`` replays exactly and different seeds meet different wild
encounters.  Score: Orak's 12 milestones / 12 x 100.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import partial
from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces

from orak_gym.backends.emulator_env import EmulatorEnvMixin
from orak_gym.backends.pyboy import BUTTONS, SCREEN_SHAPE, PyBoyBackend
from orak_gym.core.assets import sha1_of
from orak_gym.core.env import OrakEnv
from orak_gym.core.prompt_context import PromptContext
from orak_gym.games.pokemon_red import ram, text
from orak_gym.games.pokemon_red.actions import Buttons, PokemonActionParser, Quit, ToolCall
from orak_gym.games.pokemon_red.explore import ExploredMaps, full_map, screen_grid
from orak_gym.games.pokemon_red.milestones import ALL, MilestoneTracker
from orak_gym.games.pokemon_red.rom import ROM, MapData, RomData, map_name, rom_data, sprite_name
from orak_gym.games.pokemon_red.start import start_state
from orak_gym.games.pokemon_red.state import MonInfo, PokemonState

#: A moment of an episode: emulator state, explored squares per map, milestones reached, the state.
Snapshot = tuple[bytes, dict[int, set[tuple[int, int]]], set[str], PokemonState | None]

BUTTON_HOLD = 10  # Orak presses a button for 10 ticks ...
BUTTON_WAIT = 100  # ... then releases it and ticks 100 more
NATIVE_HOLD, NATIVE_WAIT = 8, 16  # one native RL step: a 24-frame tap (one walking step)
MAX_IDLE = 60


class PokemonRedEnv(EmulatorEnvMixin, OrakEnv[np.ndarray, Any, PokemonState]):
    """Pokémon Red (see the module docstring).

    Args:
        obs_type: native observation, ``"screen"`` (144x160x3) or ``"ram"`` (8 KiB work RAM).
    """

    frame_shape = SCREEN_SHAPE
    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["rgb_array"], "render_fps": 8}

    def __init__(self, render_mode: str | None = None, obs_type: str = "screen") -> None:
        super().__init__(render_mode=render_mode)
        if obs_type not in ("screen", "ram"):
            raise ValueError(f"obs_type must be 'screen' or 'ram', got {obs_type!r}")
        self.obs_type = obs_type
        rom_path = ROM.locate()
        self.rom: RomData = rom_data(str(rom_path))
        self._start_bytes = start_state(rom_path, sha1_of(rom_path))
        self.backend = PyBoyBackend(self.rom.rom)
        self.action_parser = PokemonActionParser()
        self.action_space = spaces.Discrete(len(BUTTONS))
        if obs_type == "ram":
            self.observation_space = spaces.Box(0, 255, shape=(ram.WRAM_SIZE,), dtype=np.uint8)
        else:
            self.observation_space = spaces.Box(0, 255, shape=SCREEN_SHAPE, dtype=np.uint8)
        self.explored = ExploredMaps()
        self.bumped: dict[int, set[tuple[int, int]]] = {}  # squares a walk into failed, per map
        self.milestones = MilestoneTracker()
        self.last_feedback = ""
        self.tool_result: dict[str, Any] | None = None
        self._ram: np.ndarray = np.zeros(ram.WRAM_SIZE, np.uint8)

    # ------------------------------------------------------------------ hooks
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> PokemonState:
        self.backend.load_state(self._start_bytes)
        self.backend.tick(int(self.np_random.integers(0, MAX_IDLE)) + 1, render=True)
        self.explored.reset()
        self.bumped = {}
        self.milestones.reset()
        self.last_feedback, self.tool_result = "", None
        return self.refresh()

    def _act(self, action: Any) -> tuple[PokemonState, float, bool, bool]:
        before = self.milestones.count
        terminated = False
        self.tool_result = None
        if isinstance(action, Buttons):
            for name in action.names:
                if name == "none":
                    self.backend.tick(BUTTON_HOLD + BUTTON_WAIT)
                else:
                    self.backend.press(name, BUTTON_HOLD, BUTTON_WAIT)
            self.last_feedback = f"pressed {'|'.join(action.names)}"
        elif isinstance(action, ToolCall):
            from orak_gym.games.pokemon_red.toolbox import run_tool

            ok, message = run_tool(self, action)
            self.tool_result = {"tool": repr(action), "success": ok, "feedback": message}
            self.last_feedback = f"{action!r}: {'success' if ok else 'failed'}: {message}"
        elif isinstance(action, Quit):
            terminated = True
            self.last_feedback = "quit"
        else:
            index = int(action)
            if not 0 <= index < len(BUTTONS):
                raise ValueError(f"native action must be 0..{len(BUTTONS) - 1}, got {action!r}")
            self.backend.press(BUTTONS[index], NATIVE_HOLD, NATIVE_WAIT)
            self.last_feedback = ""
        self.backend.tick(1, render=True)  # the frame shown is always drawn, whatever the modality
        state = self.refresh()
        reward = float(self.milestones.count - before)
        return state, reward, terminated or self.milestones.count == len(ALL), False

    # ------------------------------------------------------------------ decoding
    def read_ram(self) -> np.ndarray:
        """The RAM image the decoders read: the decoded spans only (all of WRAM for ``obs_type="ram"``)."""
        if self.obs_type == "ram":
            self._ram = self.backend.wram()
            return self._ram
        image = np.zeros(ram.WRAM_SIZE, np.uint8)
        for start, length in ram.DECODED_REGIONS:
            i = start - ram.WRAM_START
            image[i : i + length] = np.frombuffer(self.backend.read_range(start, length), np.uint8)
        self._ram = image
        return image

    def current_map(self) -> MapData:
        return self.rom.map(ram.u8(self._ram, ram.CUR_MAP))

    def markers(
        self, data: MapData, r: np.ndarray | None = None
    ) -> tuple[set[tuple[int, int]], set[tuple[int, int]], set[tuple[int, int]]]:
        """(sprite squares, sign squares, warp squares) of the current map (of RAM image ``r``)."""
        sprites = {(s.x, s.y) for s in ram.sprites(self._ram if r is None else r)}
        signs = {(s.x, s.y) for s in data.signs}
        warps = {(w.x, w.y) for w in data.warps}
        return sprites, signs, warps

    def refresh(self) -> PokemonState:
        """Reads RAM and builds the state (also updates the explored map and the milestones).

        In the native modality (``lean_info``) only the milestones, the map and the position are
        decoded now; the rest (texts, party, maps) is built from the same RAM image on first read.
        """
        r = self.read_ram()
        map_id, x, y = ram.position(r)
        data = self.rom.map(map_id) if map_id < 248 else self.rom.map(0)
        self.explored.see(data, x, y)
        milestones = self.milestones.update(r)
        explored = self.explored.explored(map_id)
        if self.lean_info:
            build = partial(self._build_state, r, data, frozenset(explored), milestones, self.last_feedback)
            self._state = PokemonState.deferred(
                build, map_id=map_id, x=x, y=y, milestones=milestones, last_feedback=self.last_feedback
            )
        else:
            self._state = self._build_state(r, data, explored, milestones, self.last_feedback)
        return self._state

    def _build_state(
        self,
        r: np.ndarray,
        data: MapData,
        explored: AbstractSet[tuple[int, int]],
        milestones: list[str],
        last_feedback: str,
    ) -> PokemonState:
        """The whole state of RAM image ``r`` (only ``r`` and the arguments: a deferred state calls it later)."""
        map_id, x, y = ram.position(r)
        sprites, signs, warps = self.markers(data, r)
        tiles = ram.tilemap(r)
        lines = text.screen_text(tiles)
        mode = ram.battle_kind(r) or ("Dialog" if lines else "Field")
        objects = self._object_names(r, self.rom.map(ram.u8(r, ram.CUR_MAP)))
        objects_text = [f"{name} at ({ox}, {oy})" for name, (ox, oy) in objects.items()]
        objects_text += [
            f"WarpPoint to {map_name(w.dest_map) if w.dest_map != 0xFF else 'previous map'} at ({w.x}, {w.y})"
            for w in data.warps
        ]
        objects_text += [f"Map transition {c.direction} to {map_name(c.map_id)}" for c in data.connections]
        enemy = ram.enemy(r)
        return PokemonState(
            mode=mode,
            screen_text=lines,
            selection_box=text.selection_box(tiles),
            enemy=self._mon(enemy) if enemy else None,
            party=[self._mon(m) for m in ram.party(r)],
            badges=ram.badges(r),
            bag=[(self.rom.item(i), q) for i, q in ram.bag(r)],
            money=ram.money(r),
            map_id=map_id,
            map_name=map_name(map_id),
            x=x,
            y=y,
            facing=ram.facing(r),
            map_width=data.width,
            map_height=data.height,
            screen_grid=screen_grid(data, x, y, sprites, signs, warps, self.rom.map),
            full_map=full_map(data, explored, (x, y), sprites, signs, warps),
            objects=objects_text,
            milestones=milestones,
            last_feedback=last_feedback,
        )

    def object_names(self) -> dict[str, tuple[int, int]]:
        """Named things the player can interact with: ``SPRITE_OAK_1``, ``SIGN_1`` -> (x, y)."""
        return self._object_names(self._ram, self.current_map())

    def _object_names(self, r: np.ndarray, data: MapData) -> dict[str, tuple[int, int]]:
        names: dict[str, tuple[int, int]] = {}
        counts: dict[str, int] = {}
        for s in ram.sprites(r):
            base = sprite_name(s.picture)
            counts[base] = counts.get(base, 0) + 1
            names[f"{base}_{counts[base]}"] = (s.x, s.y)
        for i, sign in enumerate(data.signs, 1):
            names[f"SIGN_{i}"] = (sign.x, sign.y)
        return names

    def _mon(self, mon: ram.Mon) -> MonInfo:
        return MonInfo(
            nickname=mon.nickname,
            species=self.rom.species(mon.species),
            level=mon.level,
            hp=mon.hp,
            max_hp=mon.max_hp,
            status=mon.status,
            types=[self.rom.type_name(t) for t in mon.types],
            moves=[(self.rom.move(m), pp) for m, pp in mon.moves],
        )

    # ------------------------------------------------------------------ Gymnasium hooks
    def observe(self, state: PokemonState) -> np.ndarray:
        if self.obs_type == "ram":
            return self._ram.copy()
        return self.backend.frame()

    def render_frame(self, state: PokemonState) -> np.ndarray:
        return self.backend.frame()

    def score(self, state: PokemonState) -> float:
        return 100.0 * len(state.milestones) / len(ALL)

    def raw_score(self, state: PokemonState) -> float:
        return float(len(state.milestones))

    def info_extras(self, state: PokemonState) -> dict[str, Any]:
        return {"tool_result": self.tool_result, "milestones": list(state.milestones)}

    def prompt_context(self) -> PromptContext:
        from orak_gym.games.pokemon_red.prompts import prompt_context

        return prompt_context()

    # ------------------------------------------------------------------ save/load and pickling
    def save_snapshot(self) -> Snapshot:
        """This moment of the episode: emulator, explored map, milestones and state (for look-ahead)."""
        return (
            self.backend.save_state(),
            {k: set(v) for k, v in self.explored.seen.items()},
            set(self.milestones.seen),
            self._state,
        )

    def load_snapshot(self, saved: Snapshot) -> None:
        """Restores a ``save_snapshot`` moment; the screen picture is redrawn by the next action."""
        self.backend.load_state(saved[0])
        self.explored.seen = {k: set(v) for k, v in saved[1].items()}
        self.milestones.seen = set(saved[2])
        self.read_ram()
        self._state = saved[3]
