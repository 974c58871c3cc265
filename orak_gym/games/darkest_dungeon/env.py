"""``orak/DarkestDungeon-v0``: the game's combats, read from its save files and played through a pad.

As in Orak, the agent acts only in combat: each step is one hero's turn (attack, heal, swap or pass).
The env sends the command's button presses (:func:`.inputs.press_sequence`), then waits until the game
has written its saves again and they stay still for ``settle`` seconds, and reads the raid from them
(:mod:`.saves`). Out of combat it walks the party on (``walk``) until the next combat or the end.

The wait is the link: a save that does not change for ``save_timeout`` seconds after input, a save
still half-written when the time is up, or a game that exits, is one :class:`ModLinkError` line, and
the state stays as it was.

The episode ends, as Orak's does, when the party is back in town or every combat of the task is fought;
the score is Orak's composite (:func:`.state.orak_score`) x 100.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from orak_gym.backends.emulator_env import RebuiltOnCopyMixin
from orak_gym.backends.mod_link import ModLinkError, OwnedGame, OwnsGameMixin
from orak_gym.core import MissingAssetError, OrakEnv, PromptContext, TextSpace, game_text
from orak_gym.games.darkest_dungeon import install
from orak_gym.games.darkest_dungeon.actions import IDLE, DarkestDungeonParser, native_command, refusal
from orak_gym.games.darkest_dungeon.dson import DsonError
from orak_gym.games.darkest_dungeon.inputs import Injector, make_injector, press_sequence
from orak_gym.games.darkest_dungeon.saves import SaveError, read_state, signature
from orak_gym.games.darkest_dungeon.skill_data import SkillDataError, SkillLibrary
from orak_gym.games.darkest_dungeon.state import TASK_COMBATS, DarkestDungeonState, orak_score

MAX_STEPS = 200  # Orak's runner.max_steps
SETTLE_VARIABLE = "ORAK_DD_SETTLE"  # seconds the saves must stay still before they are read
WATCHED = install.SAVE_FILES[:2] + install.SAVE_FILES[3:]  # the map changes only with the map screen


class DarkestDungeonEnv(RebuiltOnCopyMixin, OwnsGameMixin, OrakEnv[str, str, DarkestDungeonState]):
    action_parser = DarkestDungeonParser()
    frame_shape = (64, 160, 3)

    def __init__(
        self,
        render_mode: str | None = None,
        task: str = "first_embark_after_tutorial",
        game_dir: str | None = None,
        profile_dir: str | None = None,
        launch: str | list[str] | None = None,
        start_save: str | None = None,
        input: str | None = None,
        save_timeout: float = 30.0,
        settle: float | None = None,
        walk_limit: int = 400,
        walk_interval: float | None = None,
        max_steps: int = MAX_STEPS,
    ) -> None:
        super().__init__(render_mode)
        if task not in TASK_COMBATS:
            raise ValueError(f"task={task!r} is not one of {', '.join(TASK_COMBATS)}")
        self.task, self.max_combats = task, TASK_COMBATS[task]
        self.setup = install.Setup.resolve(game_dir, profile_dir, launch, start_save, input)
        self.save_timeout = float(save_timeout)
        self.settle = float(settle if settle is not None else os.environ.get(SETTLE_VARIABLE, 0.5))
        self.walk_limit, self.max_steps = int(walk_limit), int(max_steps)
        self.walk_interval = float(walk_interval if walk_interval is not None else max(self.settle, 0.05))
        self.observation_space = TextSpace(max_length=262_144)
        self.action_space = TextSpace(max_length=65_536)
        self.game_dir: Path | None = None
        self.profile_dir: Path | None = None
        self.library: SkillLibrary | None = None
        self.injector: Injector | None = None
        self.owned = OwnedGame(self)
        self._signature = ""
        self._feedback: tuple[bool, str] = (True, "")

    # ----------------------------------------------------------------- connecting to the game
    def _connect(self) -> None:
        """Checks the install and picks the input: nothing is sent before both are fine."""
        problem = install.problem(self.setup, with_input=False)
        if problem:
            raise MissingAssetError(f"Darkest Dungeon is not ready: {problem}")
        if self.setup.private_dir:
            private = self.owned.make_folder("orak-darkest-")
            self.game_dir, self.profile_dir = private, private / install.PRIVATE_PROFILE
            self.profile_dir.mkdir()
        else:
            self.game_dir, self.profile_dir = self.setup.game_dir, self.setup.profile_dir
        assert self.game_dir is not None and self.profile_dir is not None
        self.library = SkillLibrary(self.game_dir)
        self.injector = make_injector(self.setup.input, self.profile_dir)

    def _restart_game(self) -> None:
        """Stops the game we started, puts the start save back, starts the game again."""
        assert self.profile_dir is not None and self.game_dir is not None
        self.owned.stop()
        if self.setup.start_save is not None:
            for name in install.SAVE_FILES:
                shutil.copyfile(self.setup.start_save / name, self.profile_dir / name)
        elif self.setup.private_dir:
            for name in install.SAVE_FILES:
                (self.profile_dir / name).unlink(missing_ok=True)
        self._signature = signature(self.profile_dir, WATCHED)
        self.owned.launch("Darkest Dungeon", self.setup.launch, self.game_dir)

    # ----------------------------------------------------------------- reading the saves
    def _read(self, after: str) -> DarkestDungeonState:
        """The raid once the saves differ from ``after`` (``""``: now) and stay still for ``settle`` seconds."""
        assert self.profile_dir is not None and self.library is not None
        deadline = time.monotonic() + self.save_timeout
        problem = ""
        while True:
            current = signature(self.profile_dir, WATCHED)
            if current != after:
                time.sleep(self.settle)
                if signature(self.profile_dir, WATCHED) == current:
                    try:
                        state = read_state(self.profile_dir, self.library, self.max_combats)
                    except (DsonError, SaveError, SkillDataError) as exc:
                        problem = str(exc).splitlines()[0]
                    else:
                        self._signature = current
                        return state
                    after = current  # a half-written save: wait for the next write
            if self.game is not None and self.game.poll() is not None:
                raise ModLinkError(f"Darkest Dungeon exited (code {self.game.returncode}) while its save was awaited")
            if time.monotonic() > deadline:
                if problem:
                    raise ModLinkError(
                        f"Darkest Dungeon's save stayed unreadable for {self.save_timeout:g} s: {problem}"
                    )
                raise ModLinkError(
                    f"Darkest Dungeon's save in {self.profile_dir} did not change for {self.save_timeout:g} s "
                    "after input: is the game running, focused, and in the raid?"
                )
            time.sleep(min(0.05, self.settle) or 0.01)

    def _send(self, command: str) -> DarkestDungeonState:
        """Presses the buttons of ``command`` and returns the raid the game saves next."""
        assert self.injector is not None
        before = self._signature
        for button in press_sequence(command):
            self.injector.press(button)
        return self._read(before)

    def _walk(self) -> DarkestDungeonState:
        """Presses ``walk`` every ``walk_interval`` seconds until the game saves (a combat, the exit)."""
        assert self.injector is not None and self.profile_dir is not None
        before = self._signature
        for _ in range(self.walk_limit):
            for button in press_sequence("walk"):
                self.injector.press(button)
            deadline = time.monotonic() + self.walk_interval
            while time.monotonic() < deadline:
                if signature(self.profile_dir, WATCHED) != before:
                    return self._read(before)
                time.sleep(min(0.02, self.walk_interval))
        raise ModLinkError(
            f"Darkest Dungeon saved nothing after {self.walk_limit} steps of walking: is the party stuck, "
            "or the game not focused?"
        )

    def _to_a_turn(self, state: DarkestDungeonState) -> DarkestDungeonState:
        """Walks on out of combat, and waits through turns no hero takes, until a hero acts or the raid ends."""
        for _ in range(self.walk_limit):
            if state.done or (state.in_battle and state.acting is not None):
                return state
            state = self._walk() if not state.in_battle else self._read(self._signature)
        raise ModLinkError(f"no hero's turn came after {self.walk_limit} saves: is the game stuck?")

    # ----------------------------------------------------------------- the episode
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> DarkestDungeonState:
        if self.injector is None:
            self._connect()
        if self.setup.launch:
            self._restart_game()
            state = self._read("")  # the start save as copied, or the first save the game writes
        elif self._state is None:
            state = self._read("")
        else:
            raise ModLinkError(
                "Darkest Dungeon cannot restart a raid by itself: give a launch command and a start save "
                "(docs/games/darkest_dungeon.md), or make a new env after loading the save by hand"
            )
        if not state.in_raid:
            raise ModLinkError("Darkest Dungeon's save says the party is in town: load the evaluation save (in a raid)")
        self._feedback = (True, "")
        return self._to_a_turn(state)

    def _act(self, native_action: str) -> tuple[DarkestDungeonState, float, bool, bool]:
        before = self.state
        command = native_command(native_action) if isinstance(native_action, str) else None
        feedback = refusal(before, command)
        state = before
        if command is not None and command != IDLE and not feedback:
            state = self._to_a_turn(self._send(command))
            feedback = command
        self._feedback = (command is not None and not feedback.startswith("no "), feedback or IDLE)
        state = replace(state, steps=before.steps + 1, last_action=command or IDLE)
        reward = self.score(state) - self.score(before)
        return state, reward, state.done, (not state.done and state.steps >= self.max_steps)

    # ----------------------------------------------------------------- views
    def observe(self, state: DarkestDungeonState) -> str:
        return state.to_text()

    def raw_score(self, state: DarkestDungeonState) -> float:
        return orak_score(state.combats_cleared, state.max_combats, [h.stress for h in state.party])

    def score(self, state: DarkestDungeonState) -> float:
        """Orak's composite (combats cleared, then survivors and stress) x 100."""
        return 100.0 * self.raw_score(state)

    def info_extras(self, state: DarkestDungeonState) -> dict[str, Any]:
        valid, feedback = self._feedback
        return {"action_valid": valid, "action_feedback": feedback, "combats_cleared": state.combats_cleared}

    def prompt_context(self) -> PromptContext:
        state = self.state
        return PromptContext(
            title="Darkest Dungeon",
            task="Complete the expedition: win its combats while keeping your heroes alive and their stress low "
            f"({state.max_combats} combats).",
            rules=game_text(__package__, "rules.md"),
            valid_actions=[
                "attack target X using skill slot Y",
                "heal target X using skill slot Y",
                "swap rank R hero forward by D",
                "swap rank R hero backward by D",
                "swap rank R hero skip",
                "idle",
            ],
            action_format="exactly one line, one of the valid actions with numbers 1-4",
            default_action=IDLE,
            extras={"last_action": state.last_action or "none", "combats_cleared": state.combats_cleared},
        )

    def render_frame(self, state: DarkestDungeonState) -> np.ndarray:
        """A schematic: heroes (left, rank 1 nearest the middle) and enemies (right) as HP bars over stress bars."""
        frame = np.full(self.frame_shape, (18, 14, 12), dtype=np.uint8)
        for hero in state.party[:4]:
            x = 4 + 18 * (4 - min(max(hero.rank, 1), 4))
            hp = min(30, max(0, int(30 * hero.hp / hero.max_hp))) if hero.max_hp else 0
            frame[40 - hp : 40, x : x + 12] = (200, 60, 50) if hero is not state.acting else (240, 200, 80)
            frame[44 : 44 + min(12, max(0, int(hero.stress * 12 / 200))), x : x + 12] = (150, 150, 230)
        for enemy in state.enemies:
            x = 84 + 18 * (min(max(enemy.ranks[0], 1), 4) - 1 if enemy.ranks else 0)
            hp = min(30, max(0, int(30 * enemy.hp / enemy.max_hp))) if enemy.max_hp else 0
            frame[40 - hp : 40, x : x + 12 + 18 * (len(enemy.ranks) - 1)] = (110, 170, 90)
        frame[58:62, 4 : 4 + 152 * min(state.combats_cleared, state.max_combats) // state.max_combats] = (230, 200, 80)
        return frame

    def _close(self) -> None:
        if self.injector is not None:
            self.injector.close()
        self.owned.release()
        self.injector = self.library = None
