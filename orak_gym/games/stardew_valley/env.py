"""``orak/StardewValley-*-v0``: Stardew Valley under SMAPI, read through Orak's StateExtractor mod.

A step runs the decision's skill calls (at most two) as Orak does: for each call it writes
``action.json`` (the mod reads the parameters from it), sends the call's hotkeys and clicks, then reads
the newest state file the mod wrote. Calls that must change the game (a warp, the shop menu, a night's
sleep) wait for a new state file; silence from the mod there is a one-line :class:`ModLinkError`, as is
a state file that is not whole JSON or not the mod's schema. The env never edits the game's files.

The game cannot be rewound from outside: with the real game each episode starts from the state the game
is in (load Orak's save first; earn money refuses a farm already at spring 14). With a launch command and
a private folder (the tests' stand-in game), every reset starts the game afresh.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from orak_gym.backends.emulator_env import RebuiltOnCopyMixin
from orak_gym.backends.mod_link import ModLinkError, OwnedGame, OwnsGameMixin
from orak_gym.core import MissingAssetError, OrakEnv, PromptContext, TextSpace, game_text
from orak_gym.games.stardew_valley import install, score, skills, view
from orak_gym.games.stardew_valley.actions import MAX_CALLS, StardewParser, calls_of
from orak_gym.games.stardew_valley.inputs import HotkeySink, make_sink
from orak_gym.games.stardew_valley.state import FINAL_DAY, FarmState
from orak_gym.games.stardew_valley.state_files import newest, read_state, write_action

MAX_STEPS = 150  # Orak's runner.max_steps
UI_DELAY_VARIABLE = "ORAK_STARDEW_UI_DELAY"
TASK_TEXT = {
    "earn_money": (
        "Make as much gold as you can by the morning of spring 14 (score: gold then, out of 1013). Buy seeds "
        "that can ripen in the days left, till soil, plant, water every day, harvest and sell, then sleep; "
        "crops still growing on spring 14 count for nothing."
    ),
    "farm_cleanup": "Clear the stones, weeds, twigs, grass and trees from the Farm below the house (score: out of 24).",
    "cultivation": "Grow and harvest one Parsnip: till soil with the hoe, sow a seed, water it every day, harvest it.",
    "shopping": "Go to the seed shop, buy 10 Parsnip Seeds and leave (done when the toolbar holds 25).",
}


class StardewValleyEnv(RebuiltOnCopyMixin, OwnsGameMixin, OrakEnv[str, str, FarmState]):
    frame_shape = (176, 256, 3)

    def __init__(
        self,
        render_mode: str | None = None,
        task: str = "earn_money",
        game_dir: str | None = None,
        launch: str | list[str] | None = None,
        input: str | None = None,
        ui_delay: float | None = None,
        message_timeout: float = 15.0,
        max_steps: int = MAX_STEPS,
    ) -> None:
        super().__init__(render_mode)
        if task not in score.TASKS:
            raise ValueError(f"task must be one of {', '.join(score.TASKS)}, not {task!r}")
        self.task = task
        self.action_parser = StardewParser(task)
        self.setup = install.Setup.resolve(game_dir, launch, input)
        self.ui_delay = float(ui_delay if ui_delay is not None else os.environ.get(UI_DELAY_VARIABLE, 1.0))
        self.message_timeout = float(message_timeout)
        self.max_steps = int(max_steps)
        self.observation_space = TextSpace(max_length=262_144)
        self.action_space = TextSpace(max_length=65_536)
        self.paths: install.ModPaths | None = None
        self.game_dir: Path | None = None
        self.sink: HotkeySink | None = None
        self.owned = OwnedGame(self)
        self._feedback: tuple[bool, str] = (True, "")

    # ----------------------------------------------------------------- connecting to the game
    def _connect(self) -> None:
        """Checks the install, picks the input, starts the game if asked: nothing is written before."""
        problem = install.problem(self.setup)
        if problem:
            raise MissingAssetError(f"Stardew Valley is not ready: {problem}")
        if self.setup.private_dir:
            private = self.owned.make_folder("orak-stardew-")
            self.game_dir, self.paths = private, install.ModPaths.private(private)
        else:
            assert self.setup.game_dir is not None
            paths = install.mod_paths(self.setup.game_dir)
            assert not isinstance(paths, str)  # install.problem said so
            self.game_dir, self.paths = self.setup.game_dir, paths
        self.sink = make_sink(self.setup.input, self.game_dir, alive=self._alive)
        if self.setup.launch:
            self.owned.launch("Stardew Valley", self.setup.launch, self.game_dir)

    def _alive(self) -> None:
        if self.game is not None and self.game.poll() is not None:
            raise ModLinkError(f"Stardew Valley exited (code {self.game.returncode})")

    def _wait_newer(self, than: tuple[int, str] | None, what: str) -> tuple[int, str]:
        """The newest state file once it is newer than ``than``; silence is one ModLinkError line."""
        assert self.paths is not None
        deadline = time.monotonic() + self.message_timeout
        while True:
            found = newest(self.paths.state_dir)
            if found is not None and (than is None or found > than):
                return found
            self._alive()
            if time.monotonic() > deadline:
                raise ModLinkError(
                    f"StateExtractor wrote no state to {self.paths.state_dir} for {self.message_timeout:g} s "
                    f"after {what}: is SMAPI running with the mod, and the save loaded?"
                )
            time.sleep(0.02)

    def _read(self, found: tuple[int, str], steps: int) -> FarmState:
        assert self.paths is not None
        state = FarmState.from_json(read_state(self.paths.state_dir, found[1]))
        state.steps, state.task = steps, self.task
        return state

    # ----------------------------------------------------------------- the episode
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> FarmState:
        if self.sink is not None and self._private is not None:  # a stand-in game: start it afresh
            self._close()
        if self.sink is None:
            self._connect()
        assert self.paths is not None
        if self.game is None and newest(self.paths.state_dir) is None:
            raise ModLinkError(
                f"no state file in {self.paths.state_dir}: start the game under SMAPI, load Orak's save and "
                "move once so StateExtractor writes one"
            )
        state = self._read(self._wait_newer(None, "the game started"), steps=0)
        if self.task == "earn_money" and state.day >= FINAL_DAY:
            raise ModLinkError(f"the farm is already at {state.season} {state.day}: load Orak's save (spring 1)")
        self._feedback = (True, "")
        return state

    def _act(self, native_action: str) -> tuple[FarmState, float, bool, bool]:
        before = self.state
        calls = calls_of(native_action, self.action_parser.allowed)[:MAX_CALLS]
        assert self.paths is not None and self.sink is not None
        found = newest(self.paths.state_dir)
        for name, params in calls:
            write_action(self.paths.action_file, name, params)
            self._send(skills.inputs(name, params))
            if name in skills.MUST_CHANGE:
                found = self._wait_newer(found, name)
            time.sleep(0.2 * self.ui_delay)  # the game's next frame logs the last key's release
            self._alive()
            found = newest(self.paths.state_dir) or found
        state = self._read(found, before.steps + 1) if found is not None else replace(before, steps=before.steps + 1)
        self._feedback = (bool(calls) or not native_action, "; ".join(n for n, _ in calls) or "no skill called")
        reward = score.raw_score(self.task, state) - score.raw_score(self.task, before)
        terminated = score.done(self.task, state)
        return state, reward, terminated, not terminated and state.steps >= self.max_steps

    def _send(self, ops: list[skills.Op]) -> None:
        assert self.sink is not None
        for op in ops:
            if op[0] == "pause":
                time.sleep(op[1] * self.ui_delay)
            elif op[0] == "key":
                self.sink.key(op[1])
            elif op[0] == "hold":
                self.sink.hold(op[1], op[2])
            elif op[0] == "move":
                self.sink.move(op[1], op[2])
            else:
                self.sink.click(op[1])

    # ----------------------------------------------------------------- views
    def observe(self, state: FarmState) -> str:
        return state.to_text(self.task)

    def raw_score(self, state: FarmState) -> float:
        return score.raw_score(self.task, state)

    def score(self, state: FarmState) -> float:
        """Orak's score for the task (earn money: gold / 1013 x 100; see :mod:`.score`)."""
        return score.score(self.task, state)

    def info_extras(self, state: FarmState) -> dict[str, Any]:
        valid, feedback = self._feedback
        return {"action_valid": valid, "action_feedback": feedback, "task": self.task}

    def prompt_context(self) -> PromptContext:
        library = skills.library_text(self.task)
        return PromptContext(
            title="Stardew Valley",
            task=TASK_TEXT[self.task],
            rules=game_text(__package__, "rules.md"),
            valid_actions=[skills.SKILLS[name].signature() for name in self.action_parser.allowed],
            action_format=(
                f"a ```python block with at most {MAX_CALLS} skill calls, one a line, keyword arguments as literals, "
                'e.g. buy_item(item_name="Parsnip Seeds", item_count=5)'
            ),
            default_action=self.action_parser.default_action_text,
            extras={"task_description": TASK_TEXT[self.task], "skill_library": library, "task_name": self.task},
        )

    def render_frame(self, state: FarmState) -> np.ndarray:
        """The Farm from above (:mod:`.view`), under a bar of days to spring 14 and a bar of gold out of 1013."""
        return view.draw(state, self.frame_shape)

    def _close(self) -> None:
        self.owned.stop()
        if self.sink is not None:
            self.sink.close()
        self.owned.release()
        self.sink = self.game_dir = self.paths = None
