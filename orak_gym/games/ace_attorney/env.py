"""``orak/AceAttorney-v0`` and its task variants: the Trilogy's first case through Orak's BepInEx plugin.

A reset does what Orak's ``auto_savedfile`` does: Esc menu, Load, the task's save slot (cursor moves
until ``current_savepage_index.txt`` says so), the task's prior dialogue copied in as
``conversation_log_input.txt``, confirm, open and close the court record, then waits for the task's
start line. A step turns the option number into ``auto_input.txt`` key lines as Orak does (Down x (i-1)
+ Ok for an answer, Right x (i-1) + X to present evidence, Tab reads the court record), waits for the
plugin's ``ARROW_FLAG.txt`` and reads the screen. The task's success line scores 1 each time it appears;
its end or fail line ends the episode. Silence or a broken file is a one-line ModLinkError; the
state stays as it was.
"""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.backends.emulator_env import RebuiltOnCopyMixin
from orak_gym.backends.mod_link import ModLinkError, OwnedGame, OwnsGameMixin
from orak_gym.core import MissingAssetError, OrakEnv, PromptContext, TextSpace, game_text
from orak_gym.games.ace_attorney import grade, install, orak_facts
from orak_gym.games.ace_attorney import plugin_files as pf
from orak_gym.games.ace_attorney.actions import MAX_OPTIONS, NO_CHOICE, AceAttorneyParser
from orak_gym.games.ace_attorney.controls import PluginControls, Record
from orak_gym.games.ace_attorney.state import GENERAL, MULTI_CHOICE, RECORD, AceAttorneyState, Line

MAX_STEPS = 50  # Orak's runner.max_steps
KEY_DELAY_VARIABLE = "ORAK_ACEATTORNEY_KEY_DELAY"
GENERAL_KEYS = ("R", "A", "L", "Left")  # the keys Orak offers on the GENERAL screen


def is_title(text: str) -> bool:
    """A testimony's title card, ``-- Title --``, maybe in a colour tag (Orak's ``_is_title``), in one pass."""
    body = text
    if body.startswith("<color=") and ">" in body:
        body = body[body.index(">") + 1 :]
    body = body.removesuffix("</color>")
    return len(body) > 4 and body.startswith("--") and body.endswith("--") and bool(body[2:-2].strip())


def _normal(text: str) -> str:
    return text.lower().strip().replace("\n", " ")


class AceAttorneyEnv(RebuiltOnCopyMixin, OwnsGameMixin, OrakEnv[str, int, AceAttorneyState]):
    action_parser = AceAttorneyParser()
    frame_shape = (48, 160, 3)

    def __init__(
        self,
        render_mode: str | None = None,
        task: str = "multiple_choice",
        game_dir: str | None = None,
        orak_dir: str | None = None,
        launch: str | list[str] | None = None,
        message_timeout: float = 15.0,
        key_delay: float | None = None,
        history: int = 20,
        max_steps: int = MAX_STEPS,
    ) -> None:
        super().__init__(render_mode)
        if task not in grade.TASKS:
            raise ValueError(f"task={task!r} is not one of Orak's tasks: {', '.join(grade.TASKS)}")
        self.task, self.history, self.max_steps = task, int(history), int(max_steps)
        self.setup = install.Setup.resolve(game_dir, orak_dir, launch)
        self.message_timeout = float(message_timeout)
        self.key_delay = float(key_delay if key_delay is not None else os.environ.get(KEY_DELAY_VARIABLE, 0.3))
        self.observation_space = TextSpace(max_length=262_144)
        self.action_space = spaces.Discrete(MAX_OPTIONS + 1)
        self.files: pf.PluginFiles | None = None
        self.facts: orak_facts.OrakFacts | None = None
        self.owned = OwnedGame(self)
        self.controls: PluginControls | None = None
        self._record: Record = ("", [], [])
        self._lines_seen = 0
        self._grew = False  # whether the last screen read showed a new line (a success line counts once)
        self._feedback: tuple[bool, str] = (True, "")

    # ----------------------------------------------------------------- the plugin's files
    def _connect(self) -> None:
        problem = install.problem(self.setup, self.task)
        if problem:
            raise MissingAssetError(f"Ace Attorney is not ready: {problem}")
        assert self.setup.orak_dir is not None
        facts = orak_facts.load(self.setup.orak_dir)
        if self.setup.private_dir:
            self.owned.make_folder("orak-aceattorney-")
        game_dir = self._private or self.setup.game_dir
        assert game_dir is not None
        self.facts, self.files = facts, pf.PluginFiles(game_dir / "logs")
        if self.setup.launch:
            self.owned.launch("Ace Attorney", self.setup.launch, game_dir)
        self.controls = PluginControls(self.files, self.game, self.message_timeout, self.key_delay, facts.renamer())

    def _screen(self, before: AceAttorneyState | None) -> AceAttorneyState:
        """Reads the plugin's files into a state (consuming those Orak consumes)."""
        assert self.files is not None and self.facts is not None
        assert self.controls is not None
        record = self.controls.read_record()
        evidence = bool(record[1])
        if evidence:
            self._record = record
        rename = self.controls.rename
        conversation = self.controls.wait(self.files.conversation, pf.CONVERSATION)
        keys = self.controls.keys()
        choice = self.files.multi_choice()
        last = conversation[-1]["conversation"]
        xexam = "color=#00f000" in last
        screen = MULTI_CHOICE if choice else RECORD if (evidence and xexam) else GENERAL
        general_keys = [k for k in keys if k in GENERAL_KEYS] if screen == GENERAL else []
        if screen == GENERAL:
            options = [pf.KEY_NAMES[k] for k in general_keys]
        elif screen == MULTI_CHOICE:
            options = [rename(o) for o in choice["option"]]
        else:
            options = list(self._record[1])
        recent = [r for r in conversation[-self.history :] if r["conversation"].strip()]
        lines = [
            Line(r["timestamp"], rename(self.facts.speakers.get(r["speaker"], r["speaker"])), rename(r["conversation"]))
            for r in recent
        ]
        self._lines_seen, grew = len(conversation), len(conversation) > self._lines_seen
        state = AceAttorneyState(
            screen=screen,
            lines=lines,
            options=options,
            keys=general_keys,
            question=rename(choice.get("question", "")),
            cross_examination=xexam,
            last_line=last,
            record_time=self._record[0],
            evidence=list(self._record[1]),
            profiles=list(self._record[2]),
            decisions=list(before.decisions) if before else [],
            score=before.score if before else 0,
            steps=before.steps if before else 0,
        )
        self._grew = grew
        return state

    # ----------------------------------------------------------------- the episode
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> AceAttorneyState:
        if self.files is None:
            self._connect()
        assert self.files is not None and self.facts is not None
        assert self.controls is not None
        self._record = self.controls.load_slot(self.facts.slot(self.task), self.facts.prior_dialogue(self.task))
        self._lines_seen = 0
        start = self.facts.line(self.task, "start")
        state = self._screen(None)
        deadline = time.monotonic() + self.message_timeout
        while start and _normal(state.last_line) != _normal(start):
            if time.monotonic() > deadline:
                raise ModLinkError(
                    f"the game did not reach the start of {self.task} (save slot {self.facts.slot(self.task)} "
                    "holds another moment?)"
                )
            self.files.remove(pf.ARROW_FLAG)
            self.controls.wait_for(pf.ARROW_FLAG)
            state = self._screen(None)
        self._feedback = (True, "")
        return state

    def _act(self, action: int) -> tuple[AceAttorneyState, float, bool, bool]:
        assert self.files is not None and self.facts is not None
        before = self.state
        choice = int(action) if isinstance(action, (int, np.integer)) and 0 <= int(action) <= MAX_OPTIONS else NO_CHOICE
        valid = 1 <= choice <= len(before.options)
        decisions = list(before.decisions)
        on_screen = before.lines[-1].text if before.lines else ""
        passed = False
        if before.done:
            state = AceAttorneyState(**{**before.__dict__, "steps": before.steps + 1})
            self._feedback = (False, "the task is over: reset")
            return state, 0.0, True, False
        self.files.remove(pf.ARROW_FLAG)
        if before.screen == GENERAL:
            key = before.keys[choice - 1] if valid else "A"
            if key == "R" and before.cross_examination:
                self.controls.press("R")
                passed = True
            elif key == "R":
                self.controls.press("R")
                self.controls.wait_for(pf.EVIDENCE)
                self._screen(before)  # reads the court record
                self.controls.close_record()
                self.files.remove(pf.ARROW_FLAG)
                self.controls.press("A")
            else:
                self.controls.press(key)
                if key == "L":
                    decisions.append(f'You pressed at "{on_screen}" during Cross-Examination task.')
            self._feedback = (valid, f"{choice}: {before.options[choice - 1]}" if valid else "no choice: pressed Ok")
        else:
            if not valid:
                choice = int(self.np_random.integers(1, len(before.options) + 1)) if before.options else 1
            answer = before.options[choice - 1] if before.options else ""
            move, act = ("Down", "A") if before.screen == MULTI_CHOICE else ("Right", "X")
            for _ in range(choice - 1):
                self.controls.press(move, held=before.screen == RECORD)
            self.controls.press(act)
            if before.screen == MULTI_CHOICE:
                decisions.append(f'You selected "{answer}" at "{on_screen}" as an answer.')
            else:
                decisions.append(
                    f'You presented "{answer}" at "{on_screen}" as a piece of evidence during Cross-Examination task.'
                )
            self._feedback = (valid, f"{choice}: {answer}" if valid else f"no valid number: random option {choice}")
        state = self._after(before, passed)
        state.decisions, state.steps = decisions, before.steps + 1
        reward = 0.0
        if self._grew and _normal(state.last_line) == _normal(self.facts.line(self.task) or "\0"):
            state.score, reward = before.score + 1, 1.0
        end, fail = self.facts.line(self.task, "end"), self.facts.line(self.task, "fail")
        state.failed = bool(fail) and _normal(state.last_line) == _normal(fail or "")
        state.done = state.failed or (bool(end) and _normal(state.last_line) == _normal(end or ""))
        return state, reward, state.done, not state.done and state.steps >= self.max_steps

    def _after(self, before: AceAttorneyState, passed: bool) -> AceAttorneyState:
        files = self.files
        assert files is not None
        if passed:
            self.controls.wait(lambda: files.exists(pf.EVIDENCE) and files.exists(pf.PROFILE), pf.EVIDENCE)
        else:
            self.controls.wait(
                lambda: files.exists(pf.ARROW_FLAG) or (files.exists(pf.EVIDENCE) and files.exists(pf.PROFILE)),
                pf.ARROW_FLAG,
            )
        state = self._screen(before)
        if is_title(state.last_line):  # Orak skips a testimony's title card with Ok
            files.remove(pf.ARROW_FLAG)
            self.controls.press("A")
            self.controls.wait_for(pf.ARROW_FLAG)
            state = self._screen(before)
            self._grew = True
        return state

    # ----------------------------------------------------------------- views
    def observe(self, state: AceAttorneyState) -> str:
        return state.to_text()

    def raw_score(self, state: AceAttorneyState) -> float:
        return float(state.score)

    def score(self, state: AceAttorneyState) -> float:
        """Orak's composite restricted to this task (``grade.task_grade``), capped at 100."""
        return min(100.0, grade.task_grade(self.task, state.score, state.steps))

    def info_extras(self, state: AceAttorneyState) -> dict[str, Any]:
        valid, feedback = self._feedback
        return {
            "action_valid": valid,
            "action_feedback": feedback,
            "task": self.task,
            "steps": state.steps,
            "grade": grade.task_grade(self.task, state.score, state.steps),
        }

    def prompt_context(self) -> PromptContext:
        state = self.state
        return PromptContext(
            title="Phoenix Wright: Ace Attorney",
            task=game_text(__package__, f"task_{self.task}.md").strip(),
            rules=game_text(__package__, "rules.md"),
            valid_actions=[f"{i}: {o}" for i, o in enumerate(state.options, start=1)],
            action_format="only the number of one possible option",
            default_action=self.action_parser.default_action_text,
            extras={
                "possible_options": state.possible_options(),
                "last_record": state.last_record(),
                "last_decisions": state.last_decisions(),
                "screen": state.screen,
            },
        )

    def render_frame(self, state: AceAttorneyState) -> np.ndarray:
        """A schematic: the screen type as a colour band, one tick per option, the score and steps."""
        colour = {GENERAL: (60, 90, 160), MULTI_CHOICE: (160, 120, 40), RECORD: (150, 40, 40)}[state.screen]
        frame = np.full(self.frame_shape, (16, 16, 24), dtype=np.uint8)
        frame[2:14] = colour
        for i in range(min(len(state.options), 15)):
            frame[18:28, 4 + 10 * i : 12 + 10 * i] = (220, 220, 220)
        frame[34:40, : min(160, 40 * state.score)] = (80, 200, 90)
        frame[42:46, : min(160, 3 * state.steps)] = (200, 200, 200)
        return frame

    def _close(self) -> None:
        self.owned.release()
        self.files = self.controls = None
