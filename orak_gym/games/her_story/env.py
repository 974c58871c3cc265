"""``orak/HerStory-v0``: Her Story played through Orak's plugin log and input into the game window.

Each step follows the game's own screens, as Orak does: a search clicks the search box, types the
keyword and Enter, then waits for the plugin's ``query`` and ``query_result`` lines; playing a clip
clicks its thumbnail (``open_detail``), the play button (``play_video``), skips the video with Escape
(``close_video``) and closes the panel (``close_detail``). Every line read must be the one the screen
leads to; anything else, or silence, is a one-line :class:`ModLinkError` and the state is left as it was.

A later ``reset`` deletes the session through the settings panel (``open_setting``, the delete button
and its confirmation: ``reset_game``, then ``title``) and starts again, so episodes start from nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from orak_gym.backends.emulator_env import RebuiltOnCopyMixin
from orak_gym.backends.mod_link import ModLinkError, OwnedGame, OwnsGameMixin
from orak_gym.core import MissingAssetError, OrakEnv, PromptContext, TextSpace, game_text
from orak_gym.games.her_story import install
from orak_gym.games.her_story.actions import NOOP, PLAY, SEARCH, HerStoryParser, canonical
from orak_gym.games.her_story.inputs import Injector, make_injector
from orak_gym.games.her_story.log_tail import LogTail
from orak_gym.games.her_story.state import NUM_CLIPS, Clip, HerStoryState

MAX_STEPS = 400  # Orak's max_steps
UI_DELAY_VARIABLE = "ORAK_HERSTORY_UI_DELAY"


def _point(value: Any, what: str) -> tuple[int, int]:
    try:
        x, y = value[0], value[1]
        return int(x), int(y)
    except (TypeError, ValueError, IndexError, KeyError):
        raise ModLinkError(f"the plugin's {what} is not a position: {str(value)[:60]!r}") from None


def _clip(record: Any) -> Clip:
    if not isinstance(record, dict):
        raise ModLinkError(f"the plugin sent a video record that is not an object: {str(record)[:60]!r}")
    return Clip(
        id=str(record.get("id", "")),
        session=str(record.get("session", "")),
        outfit=str(record.get("outfit", "")),
        pos=_point(record.get("pos"), "video position"),
        new=bool(record.get("new", 1)),
    )


def _int(record: dict[str, Any], key: str) -> int:
    try:
        return int(record.get(key, 0))
    except (TypeError, ValueError):
        raise ModLinkError(f"the plugin's {key} is not a number: {str(record.get(key))[:40]!r}") from None


class HerStoryEnv(RebuiltOnCopyMixin, OwnsGameMixin, OrakEnv[str, str, HerStoryState]):
    action_parser = HerStoryParser()
    frame_shape = (48, 160, 3)

    def __init__(
        self,
        render_mode: str | None = None,
        game_dir: str | None = None,
        launch: str | list[str] | None = None,
        input: str | None = None,
        message_timeout: float = 15.0,
        ui_delay: float | None = None,
        max_steps: int = MAX_STEPS,
    ) -> None:
        super().__init__(render_mode)
        self.setup = install.Setup.resolve(game_dir, launch, input)
        self.message_timeout = float(message_timeout)
        self.ui_delay = float(ui_delay if ui_delay is not None else os.environ.get(UI_DELAY_VARIABLE, 0.2))
        self.max_steps = int(max_steps)
        self.observation_space = TextSpace(max_length=262_144)
        self.action_space = TextSpace(max_length=65_536)
        self.game_dir: Path | None = None
        self.tail: LogTail | None = None
        self.injector: Injector | None = None
        self.owned = OwnedGame(self)
        self._screen: dict[str, Any] = {}  # the last start_game/query_result record: the positions to click
        self._feedback: tuple[bool, str] = (True, "")

    # ----------------------------------------------------------------- connecting to the game
    def _connect(self) -> None:
        """Checks the install, picks the input, starts the game if asked: nothing is written before."""
        problem = install.problem(self.setup)
        if problem:
            raise MissingAssetError(f"Her Story is not ready: {problem}")
        if self.setup.private_dir:
            self.owned.make_folder("orak-herstory-")
        game_dir = self._private or self.setup.game_dir
        assert game_dir is not None
        injector = make_injector(self.setup.input, game_dir)
        self.game_dir, self.injector = game_dir, injector
        self.tail = LogTail(game_dir / install.LOG_NAME, poll=min(0.02, max(self.ui_delay, 0.005)))
        if self.setup.launch:
            self.tail.start(from_last_line=False)  # only what the game we start writes
            self.owned.launch("Her Story", self.setup.launch, game_dir)
        else:
            self.tail.start(from_last_line=True)  # the game's current screen

    def _record(self, expected: str | tuple[str, ...], timeout: float | None = None) -> dict[str, Any]:
        """The plugin's next line, which must have one of the ``expected`` statuses."""
        assert self.tail is not None
        wanted = (expected,) if isinstance(expected, str) else expected
        record = self.tail.read_record(self.message_timeout if timeout is None else timeout)
        if record is None:
            if self.game is not None and self.game.poll() is not None:
                code = self.game.returncode
                raise ModLinkError(f"Her Story exited (code {code}) while {' or '.join(wanted)} was awaited")
            raise ModLinkError(
                f"Her Story's plugin wrote nothing to {install.LOG_NAME} for {self.message_timeout:g} s "
                f"(awaiting {' or '.join(wanted)}): is the game running with the plugin installed?"
            )
        status = record.get("status")
        if status not in wanted:
            due = " or ".join(wanted)
            raise ModLinkError(f"Her Story's plugin logged status {str(status)[:40]!r} where {due} was due")
        return record

    def _click(self, point: tuple[int, int]) -> None:
        assert self.injector is not None
        self.injector.click(*point)

    # ----------------------------------------------------------------- the episode
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> HerStoryState:
        if self.tail is None:
            self._connect()
            record = self._record(("title", "start_game", "query_result", "close_detail", "reset_game"))
        else:
            record = self._delete_session()
        if record.get("status") in ("query_result", "close_detail"):  # a session in progress: start afresh
            self._screen = record if record.get("status") == "query_result" else self._screen
            record = self._delete_session()
        if record["status"] == "reset_game":
            record = self._record("title")
        if record["status"] == "title":
            width, height = _point(record.get("resolution"), "resolution")
            self._click((width // 2, height // 2))  # the title screen's Start
            record = self._record("start_game")
        self._screen = record
        self._feedback = (True, "")
        return HerStoryState(screen="start_game", keyword=str(record.get("keyword_init", "")))

    def _delete_session(self) -> dict[str, Any]:
        """Settings, 'Delete session data', confirm (Orak's reset_after_stop); returns the next title record."""
        if "pos_setting" not in self._screen:
            raise ModLinkError(
                "Her Story is in a session this env did not see start: delete the session data "
                "in the game's settings and return to the title screen"
            )
        self._click(_point(self._screen["pos_setting"], "settings button"))
        setting = self._record("open_setting")
        time.sleep(self.ui_delay)
        self._click(_point(setting.get("pos_delete"), "delete button"))
        time.sleep(self.ui_delay)
        self._click(_point(setting.get("pos_delete2"), "confirm button"))
        self._record("reset_game")
        return self._record("title")

    def _act(self, native_action: str) -> tuple[HerStoryState, float, bool, bool]:
        before = self.state
        command = canonical(native_action) if isinstance(native_action, str) else NOOP
        if isinstance(native_action, str) and len(native_action) > self.action_space.max_length:
            command = NOOP
        state, feedback = before, "no-op"
        if command.startswith(SEARCH):
            state, feedback = self._search(before, command[len(SEARCH) :]), command
        elif command.startswith(PLAY):
            index = int(command[len(PLAY) :])
            if before.screen == "query_result" and index < len(before.clips):
                state, feedback = self._play(before, index), command
            else:
                feedback = f"no clip {index} is listed: nothing played"
        self._feedback = (command != NOOP and not feedback.startswith("no clip"), feedback)
        state = self._counted(state)
        reward = float(state.num_reads - before.num_reads)
        terminated = state.num_reads >= NUM_CLIPS
        return state, reward, terminated, (not terminated and state.steps >= self.max_steps)

    def _counted(self, state: HerStoryState) -> HerStoryState:
        """The state after one more step (every decision counts, a no-op too, as in Orak)."""
        return HerStoryState(**{**state.__dict__, "steps": state.steps + 1})

    def _search(self, before: HerStoryState, keyword: str) -> HerStoryState:
        self._click(_point(self._screen.get("pos_textfield"), "search box position"))
        time.sleep(self.ui_delay)
        assert self.injector is not None
        self.injector.type_text(keyword + "\n")
        self._record("query")
        result = self._record("query_result")
        videos = result.get("video") or []
        if not isinstance(videos, list):
            raise ModLinkError("the plugin's video list is not a list")
        clips = [_clip(v) for v in videos]
        self._screen = result
        total = _int(result, "num_total")
        return HerStoryState(
            screen="query_result",
            keyword=str(result.get("keyword", keyword)),
            summary=str(result.get("summary", "")),
            num_total=total,
            clips=clips,
            num_reads=_int(result, "num_reads"),
            num_flags=_int(result, "num_flags"),
            chat_enabled=bool(result.get("chat_enabled", 0)),
            steps=before.steps,
            history=[*before.history, (keyword, total)],
        )

    def _play(self, before: HerStoryState, index: int) -> HerStoryState:
        self._click(before.clips[index].pos)
        detail = self._record("open_detail")
        time.sleep(self.ui_delay)
        self._click(_point(detail.get("pos_play"), "play button"))
        played = self._record("play_video")
        self._skip_video()
        time.sleep(self.ui_delay)
        self._click(_point(detail.get("pos_close"), "close button"))
        self._record("close_detail")
        clips = [Clip(**c.__dict__) for c in before.clips]
        clips[index].script = str(played.get("script", ""))
        clips[index].outfit = str(played.get("outfit", clips[index].outfit))
        clips[index].new = False
        return HerStoryState(
            **{
                **before.__dict__,
                "clips": clips,
                "num_reads": _int(played, "num_reads"),
                "num_flags": _int(played, "num_flags"),
            }
        )

    def _skip_video(self) -> None:
        """Escape until the plugin logs ``close_video`` (Orak's speedrun): the clip counts once it began."""
        assert self.injector is not None and self.tail is not None
        deadline = time.monotonic() + self.message_timeout
        while time.monotonic() < deadline:
            time.sleep(self.ui_delay)
            self.injector.press("escape")
            record = self.tail.read_record(timeout=max(self.ui_delay, 0.05))
            if record is not None:
                if record.get("status") != "close_video":
                    raise ModLinkError(
                        f"Her Story's plugin logged status {str(record.get('status'))[:40]!r} where close_video was due"
                    )
                return
        raise ModLinkError(f"Her Story did not close the video after Escape for {self.message_timeout:g} s")

    # ----------------------------------------------------------------- views
    def observe(self, state: HerStoryState) -> str:
        return state.to_text()

    def raw_score(self, state: HerStoryState) -> float:
        return float(state.num_reads)

    def score(self, state: HerStoryState) -> float:
        """Orak's Her Story score: distinct clips viewed / 272 x 100."""
        return 100.0 * min(state.num_reads, NUM_CLIPS) / NUM_CLIPS

    def info_extras(self, state: HerStoryState) -> dict[str, Any]:
        valid, feedback = self._feedback
        return {"action_valid": valid, "action_feedback": feedback, "history_search": state.history_text()}

    def prompt_context(self) -> PromptContext:
        state = self.state
        return PromptContext(
            title="Her Story",
            task="Watch as many different interview clips as you can to work out what happened "
            f"(score: distinct clips viewed out of {NUM_CLIPS}).",
            rules=game_text(__package__, "rules.md"),
            valid_actions=["Search <keyword>", "Play Video <index>"],
            action_format="exactly one line: 'Search <keyword>' (at most 30 characters) or 'Play Video <index>'",
            default_action=self.action_parser.default_action_text,
            extras={"history_search": state.history_text(), "clips_listed": len(state.clips)},
        )

    def render_frame(self, state: HerStoryState) -> np.ndarray:
        """A schematic: five result slots (grey: unviewed, green: viewed) over a bar of clips viewed."""
        frame = np.full(self.frame_shape, (12, 20, 28), dtype=np.uint8)
        for i, clip in enumerate(state.clips[:5]):
            frame[6:30, 4 + 31 * i : 30 + 31 * i] = (60, 170, 90) if not clip.new else (120, 120, 120)
        frame[38:44, 4 : 4 + int(152 * min(state.num_reads, NUM_CLIPS) / NUM_CLIPS)] = (230, 200, 80)
        return frame

    def _close(self) -> None:
        self.owned.stop()
        if self.tail is not None:
            self.tail.close()
        if self.injector is not None:
            self.injector.close()
        self.owned.release()
        self.tail = self.injector = self.game_dir = None
