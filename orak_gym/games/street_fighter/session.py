"""One MAME (or stand-in) running ``sfiii3n`` for an episode: boot, menu script, fight steps, skips.

Shared by the one-player env and the two-player arena env, so both read, press and count the same way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from orak_gym.backends.mame import FAKE_PEER_SCRIPT, MameBridge, python_peer_command
from orak_gym.core.errors import BackendError, OrakError
from orak_gym.games.street_fighter import ram
from orak_gym.games.street_fighter.match import MatchTracker

MENU = Path(__file__).resolve().parent / "menu.json"
SKIP_CHUNK = 30  # frames per no-input step while waiting for a round to begin


class MenuError(OrakError, ValueError):
    """A menu script that cannot be read or names an input MAME does not have."""


def load_menu(path: str | Path | None = None) -> dict[str, Any]:
    """The menu script (``menu.json`` or the user's copy), checked before MAME starts."""
    source = Path(path) if path is not None else MENU
    try:
        menu = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MenuError(f"cannot read the menu script {source}: {exc}") from None
    names = {name for _port, name in ram.FIELDS}

    def check(steps: Sequence[Any]) -> None:
        for step in steps:
            if "repeat" in step:
                repeats(step, 1, 1)
                check(step["steps"])
                continue
            unknown = [b for b in step.get("press", []) if b not in names]
            if unknown:
                raise MenuError(f"menu script {source}: unknown input(s) {unknown}")

    check(menu.get("steps", []))
    check(menu.get("confirm", []))
    return menu


def repeats(step: dict[str, Any], difficulty: int, super_art: int) -> int:
    """How often a ``repeat`` step runs: ``difficulty-1`` or ``super_art-1`` times."""
    counts = {"difficulty-1": difficulty - 1, "super_art-1": super_art - 1}
    if step["repeat"] not in counts:
        raise MenuError(f"unknown repeat {step['repeat']!r}; use one of {', '.join(counts)}")
    return max(counts[step["repeat"]], 0)


def menu_frames(
    menu: dict[str, Any], characters: Sequence[str] = ("Ken",), difficulty: int = 1, super_art: int = 1
) -> int:
    """How many frames the menu script takes before the env starts waiting for the fight."""

    def length(steps: Any) -> int:
        total = 0
        for step in steps:
            if "repeat" in step:
                total += repeats(step, difficulty, super_art) * length(step["steps"])
            else:
                total += int(step["frames"])
        return total

    total = length(menu["steps"]) + (320 if len(characters) == 2 else 0)
    for character in characters:
        total += 18 * len(menu["characters"][character]) + length(menu["confirm"])
    return total


def _for_player(steps: Sequence[Any], player: int) -> list[Any]:
    """A script written for P1's inputs, pressed by ``player`` instead."""
    out: list[Any] = []
    for step in steps:
        if "repeat" in step:
            out.append({**step, "steps": _for_player(step["steps"], player)})
        else:
            out.append({**step, "press": [name.replace("P1 ", f"P{player} ") for name in step.get("press", [])]})
    return out


class FightSession:
    """The machine for one episode and the match tracker fed by every frame it reports."""

    def __init__(
        self,
        *,
        rompath: str | Path | None,
        peer: str | None,
        menu: dict[str, Any],
    ) -> None:
        machine = ram.machine()
        self._bits = {name: i for i, (_port, name) in enumerate(machine.fields)}
        command = python_peer_command(FAKE_PEER_SCRIPT, str(peer)) if peer is not None else None
        self.bridge = MameBridge(machine, rompath=rompath, command=command)
        self.menu = menu
        self.tracker = MatchTracker()
        self._image: np.ndarray | None = None

    def mask(self, names: Sequence[str]) -> int:
        """The input mask pressing MAME fields by name (``P1 Jab Punch``, ``Coin 1``...)."""
        value = 0
        for name in names:
            value |= 1 << self._bits[name]
        return value

    def start(self) -> None:
        self.tracker = MatchTracker()
        hello = self.bridge.start()
        if self.bridge.missing_fields:
            self.close()
            raise BackendError(
                f"{hello.get('system')} lacks the input(s) {self.bridge.missing_fields}: not MAME's sfiii3n driver?"
            )
        self.observe(self.bridge.peek())

    def observe(self, step: Any) -> None:
        self.tracker.update(step.ram, step.frame)
        self._image = step.image

    def run(self, mask: int, frames: int) -> None:
        self.observe(self.bridge.step(mask, frames))

    def play_menu(self, characters: Sequence[str], difficulty: int, super_art: int = 1) -> None:
        """The scripted inputs from power-on to the fight (one player, or both when two characters)."""
        menu = self.menu

        def play(steps: Sequence[Any]) -> None:
            for step in steps:
                if "repeat" in step:
                    for _ in range(repeats(step, difficulty, super_art)):
                        play(step["steps"])
                    continue
                self.run(self.mask(step.get("press", [])), int(step["frames"]))

        play(menu["steps"])
        if len(characters) == 2:  # the second player joins: coin and start on P2's side
            play([{"frames": 10, "press": ["Coin 2"]}, {"frames": 60, "press": []},
                  {"frames": 10, "press": ["2 Players Start"]}, {"frames": 240, "press": []}])  # fmt: skip
        for player, character in enumerate(characters, start=1):
            moves = [{"frames": 6, "press": press} for press in menu["characters"][character]]
            play(_for_player([s for m in moves for s in (m, {"frames": 12, "press": []})], player))
            play(_for_player(menu["confirm"], player))
        self.wait_for_fight(int(menu.get("wait_for_fight_frames", 3600)), strict=True)

    def wait_for_fight(self, limit: int, strict: bool = False) -> None:
        """No input until a round is being fought (or the match ended), at most ``limit`` frames."""
        waited = 0
        while not self.tracker.values.get("fighting") and not self.tracker.finished and waited < limit:
            self.run(0, SKIP_CHUNK)
            waited += SKIP_CHUNK
        if strict and not self.tracker.values.get("fighting"):
            raise BackendError(
                f"no fight began within {limit} frames of the menu script; "
                "run `orak-gym street-fighter calibrate` to see which RAM value or menu step is off"
            )

    def frame(self) -> np.ndarray:
        if self._image is None:
            self._image = self.bridge.peek(image=True).image
        if self._image is None:
            raise BackendError("MAME returned no frame")
        return self._image

    def close(self) -> None:
        self.bridge.close()
