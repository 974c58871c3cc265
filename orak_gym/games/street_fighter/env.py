"""``orak/StreetFighter-v0``: Street Fighter III 3rd Strike on MAME, one player against the CPU.

Orak's setup: Ken, CPU difficulty 1, Orak's text fields, at most two named macros per decision, 10
stages, score = stages cleared / 10 x 100 (``raw_score`` = the stage being played, Orak's ``evaluate``).
The machine is MAME's ``sfiii3n`` driver on the user's ROM, in lockstep (``orak_gym.backends.mame``),
started afresh at every reset; the menu script (``menu.json``, unverified without the ROM) takes it
from power-on to the first fight.  Between rounds the env steps without input until the next round
begins (as DIAMBRA does), so every decision falls in a fight.

Native modality: ``Discrete(18)`` (DIAMBRA's inputs, each held ``frames_per_action`` frames) and the RAM
vector (``ram.ADDRESSES`` order) as observation.  ``peer=`` runs a stand-in speaking the bridge protocol
instead of MAME (``orak_gym/backends/mame_fake_peer.py``); ``rompath=`` runs MAME on a ROM folder you manage
(no hash check); ``boot="none"`` skips the menu (tests on a zero-filled ROM set, calibration).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.backends.emulator_env import EmulatorEnvMixin
from orak_gym.backends.mame import require_mame
from orak_gym.core.env import OrakEnv
from orak_gym.core.prompt_context import PromptContext
from orak_gym.games.street_fighter import ram
from orak_gym.games.street_fighter.actions import NATIVE_ACTIONS, MacroParser, macro_tables
from orak_gym.games.street_fighter.rom import ROM
from orak_gym.games.street_fighter.schematic import schematic
from orak_gym.games.street_fighter.session import FightSession, load_menu
from orak_gym.games.street_fighter.state import STAGES, FightState

BETWEEN_ROUNDS_FRAMES = 3600  # at most a minute of no-input frames while waiting for the next round


class StreetFighterEnv(EmulatorEnvMixin, OrakEnv[np.ndarray, int, FightState]):
    """SF III 3rd Strike against the CPU (see the module docstring).

    Args:
        character: Ken (Orak's default), Chun-Li or Q (the characters Orak has macro tables for).
        difficulty: CPU difficulty 1-8 (Orak: 1), set by the menu script.
        super_art: the super art chosen after the character (1-3; the menu script's cursor moves).
        frames_per_action: frames each native action is held (DIAMBRA's default step ratio: 6).
        max_steps: native steps before truncation (Orak's runner: 10,000).
        boot: "menu" (power-on, menu script, wait for the fight) or "none" (start fighting at once).
        rompath: a MAME ROM folder to use as is, instead of the imported, hash-checked ``sfiii3n.zip``.
        peer: a scenario file for the stand-in peer instead of MAME (tests, benchmarks).
        menu: a menu script file replacing ``menu.json``.
        skip_between_rounds: step without input while no round is fought (False: every step is the agent's).
        view: what ``render`` returns: "frame" (MAME's screen) or "schematic" (a drawing of the state read
            from RAM, labelled as such: the picture where MAME's screen is not the game's, e.g. without the ROM).
    """

    frame_shape = (224, 384, 3)
    metadata = {"render_modes": ["rgb_array"], "render_fps": 10}  # noqa: RUF012

    def __init__(
        self,
        render_mode: str | None = None,
        character: str = "Ken",
        difficulty: int = 1,
        super_art: int = 1,
        frames_per_action: int = 6,
        max_steps: int = 10_000,
        boot: str = "menu",
        rompath: str | None = None,
        peer: str | None = None,
        menu: str | None = None,
        skip_between_rounds: bool = True,
        view: str = "frame",
    ) -> None:
        super().__init__(render_mode=render_mode)
        if character not in macro_tables()["characters"]:
            raise ValueError(f"character must be one of {', '.join(macro_tables()['characters'])}, got {character!r}")
        if not 1 <= difficulty <= 8 or not 1 <= super_art <= 3 or frames_per_action < 1 or max_steps < 1:
            raise ValueError("difficulty must be 1-8, super_art 1-3, frames_per_action and max_steps >= 1")
        if boot not in ("menu", "none"):
            raise ValueError(f"boot must be 'menu' or 'none', got {boot!r}")
        if view not in ("frame", "schematic"):
            raise ValueError(f"view must be 'frame' or 'schematic', got {view!r}")
        self.view = view
        self.character, self.difficulty, self.super_art = character, difficulty, super_art
        self.frames_per_action, self.max_steps, self.boot = frames_per_action, max_steps, boot
        self.skip_between_rounds = skip_between_rounds
        menu_script = load_menu(menu)
        if peer is None:  # the checks a user can fix, before anything starts
            require_mame()
            if rompath is None:
                rompath = str(ROM.locate().parent)
        self.backend = FightSession(rompath=rompath, peer=peer, menu=menu_script)
        self.action_parser = MacroParser(character)
        self.action_space = spaces.Discrete(len(NATIVE_ACTIONS))
        self.observation_space = spaces.Box(-32768, 65535, shape=(len(ram.ADDRESSES),), dtype=np.int32)
        self._steps = 0

    # ------------------------------------------------------------------ hooks
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> FightState:
        self.backend.start()
        if self.boot == "menu":
            self.backend.play_menu([self.character], self.difficulty, self.super_art)
        self._steps = 0
        return self.backend.tracker.state(1)

    def _act(self, action: Any) -> tuple[FightState, float, bool, bool]:
        index = int(action)
        if not 0 <= index < len(NATIVE_ACTIONS):
            raise ValueError(f"native action must be 0..{len(NATIVE_ACTIONS) - 1}, got {action!r}")
        before = self.backend.tracker.state(1)
        decided = len(self.backend.tracker.rounds)
        self.backend.run(ram.player_mask(NATIVE_ACTIONS[index], 1), self.frames_per_action)
        tracker = self.backend.tracker
        if self.skip_between_rounds and not tracker.values.get("fighting") and not tracker.finished:
            self.backend.wait_for_fight(BETWEEN_ROUNDS_FRAMES)
        self._steps += 1
        state = tracker.state(1)
        rounds = tracker.rounds[decided:]
        reward = _reward(before, state) + rounds.count("p1") - rounds.count("p2")
        return state, reward, tracker.finished, self._steps >= self.max_steps and not tracker.finished

    def observe(self, state: FightState) -> np.ndarray:
        values = self.backend.tracker.values
        return np.array([values.get(a.name, 0) for a in ram.ADDRESSES], dtype=np.int32)

    def render_frame(self, state: FightState) -> np.ndarray:
        if self.view == "schematic":
            return schematic(state)
        return self.backend.frame()

    def score(self, state: FightState) -> float:
        """Orak's documented formula: stages cleared / 10 x 100."""
        return 100.0 * min(state.stages_cleared, STAGES) / STAGES

    def raw_score(self, state: FightState) -> float:
        """What Orak's ``evaluate`` returns: the stage being played (1-10)."""
        return float(state.stage)

    def info_extras(self, state: FightState) -> dict[str, Any]:
        return {"stage": state.stage, "stages_cleared": state.stages_cleared, "frame": state.frame}

    def prompt_context(self) -> PromptContext:
        from orak_gym.games.street_fighter.prompts import prompt_context

        return prompt_context(self.action_parser.names)


def _reward(before: FightState, after: FightState) -> float:
    """Damage dealt minus damage taken, in full life bars (the env adds one per round won, minus one per lost)."""
    dealt = max(before.opponent.health - after.opponent.health, 0)
    taken = max(before.me.health - after.me.health, 0)
    return (dealt - taken) / ram.FULL_HEALTH
