"""What the field and battle tools need from the game: a narrow driver, not the env.

The tools press buttons, wait, read RAM and the decoded state, and remember where walking failed;
they never reset, score or render. Giving them this :class:`Driver` (as PyBoy's game wrappers give
plugins their emulator) keeps the tools below the env in the import graph: the env imports the
tools, the tools import nothing above them.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from orak_gym.backends.pyboy import PyBoyBackend
from orak_gym.games.pokemon_red.explore import ExploredMaps
from orak_gym.games.pokemon_red.rom import MapData, RomData
from orak_gym.games.pokemon_red.state import PokemonState


class Driver(Protocol):
    """The game as the tools see it (:class:`~orak_gym.games.pokemon_red.env.PokemonRedEnv` is one)."""

    backend: PyBoyBackend  # the emulator: buttons, ticks, RAM reads
    rom: RomData  # maps, warps, signs and names read from the cartridge
    explored: ExploredMaps  # squares seen so far, per map
    bumped: dict[int, set[tuple[int, int]]]  # squares a walk into failed, per map

    @property
    def state(self) -> PokemonState: ...

    def read_ram(self) -> np.ndarray: ...

    def refresh(self) -> PokemonState: ...

    def current_map(self) -> MapData: ...

    def object_names(self) -> dict[str, tuple[int, int]]: ...
