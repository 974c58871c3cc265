"""The keys the env presses and the plugin files it waits for: Orak's menu moves, kept apart from the episode.

The plugin answers a key line in ``auto_input.txt`` by rewriting its files, so every move is "press,
then wait for a file". A file that does not come within ``message_timeout`` (or a game that exits) is
a one-line :class:`ModLinkError`; nothing here knows about tasks or scores.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orak_gym.backends.mod_link import ModLinkError
from orak_gym.games.ace_attorney import plugin_files as pf

#: The court record as last read: its timestamp, then the evidence and profile lines (renamed).
Record = tuple[str, list[str], list[str]]


class PluginControls:
    def __init__(
        self,
        files: pf.PluginFiles,
        game: subprocess.Popen | None,
        message_timeout: float,
        key_delay: float,
        rename: Callable[[str], str],
    ) -> None:
        self.files, self.game = files, game
        self.message_timeout, self.key_delay = message_timeout, key_delay
        self.rename = rename

    def wait(self, ready: Callable[[], Any], what: str) -> Any:
        deadline = time.monotonic() + self.message_timeout
        while True:
            value = ready()
            if value:
                return value
            if self.game is not None and self.game.poll() is not None:
                raise ModLinkError(f"Ace Attorney exited (code {self.game.returncode}) while {what} was awaited")
            if time.monotonic() > deadline:
                raise ModLinkError(
                    f"the Ace Attorney plugin wrote no {what} for {self.message_timeout:g} s: "
                    "is the game running with the plugin installed?"
                )
            time.sleep(0.002)

    def wait_for(self, name: str) -> None:
        self.wait(lambda: self.files.exists(name), name)

    def press(self, key: str, held: bool = False) -> None:
        """One key line in ``auto_input.txt``; the next waits until the plugin took it (or ``key_delay``)."""
        self.files.press(key, held)
        deadline = time.monotonic() + max(1.0, self.key_delay)
        while self.files.exists(pf.AUTO_INPUT) and time.monotonic() < deadline:
            time.sleep(0.001)
        if self.key_delay:
            time.sleep(self.key_delay)

    def keys(self) -> list[str]:
        return self.wait(self.files.keytypes, pf.KEYTYPE)

    def read_record(self) -> Record:
        """The court record the plugin last wrote, consumed (no evidence lines: none written since)."""
        evidence, stamp = self.files.record(pf.EVIDENCE)
        profiles, _ = self.files.record(pf.PROFILE)
        return (
            stamp,
            [self.rename(f"{e['name']} - {e['desc']}") for _, e in sorted(evidence.items())],
            [self.rename(f"{p['name']} - {p['desc']}") for _, p in sorted(profiles.items())],
        )

    def load_slot(self, slot: int, prior_dialogue: Path) -> Record:
        """Orak's ``_move_and_load_savedfile``: menu, Load, the slot, prior dialogue, confirm, court record.

        Returns the court record read on the way (Orak opens and closes it once, so the first screen knows it).
        """
        files = self.files
        files.remove(pf.SAVEPAGE_INDEX)
        for _ in range(10):
            if "Start" in self.keys():
                self.press("Start")
                if self.wait(lambda: files.cursor(pf.OPTION_CURSOR), pf.OPTION_CURSOR) == "Save":
                    self.press("Right")
                self.press("A")
            else:
                self.press("R")
            if files.exists(pf.SAVEPAGE_INDEX):
                break
        index = self._savepage_index()
        while index != slot:
            for _ in range(abs(slot - index)):
                self.press("Down" if slot > index else "Up", held=True)
            index = self._savepage_index()
        shutil.copyfile(prior_dialogue, files.path(pf.PRIOR_DIALOGUE))
        self.press("A")
        if self.wait(lambda: files.cursor(pf.CONFIRM_CURSOR), pf.CONFIRM_CURSOR) != "Yes":
            self.press("Left")
        files.remove(pf.ARROW_FLAG)
        self.press("A")
        self.wait_for(pf.ARROW_FLAG)
        self.press("R")
        self.wait_for(pf.EVIDENCE)
        record = self.read_record()
        self.close_record()
        return record

    def _savepage_index(self) -> int:
        text = self.wait(lambda: self.files.cursor(pf.SAVEPAGE_INDEX), pf.SAVEPAGE_INDEX)
        try:
            return int(text)
        except ValueError:
            raise ModLinkError(f"{pf.SAVEPAGE_INDEX} holds {text[:20]!r}, not a slot number") from None

    def close_record(self) -> None:
        for _ in range(10):
            self.files.remove(pf.ARROW_FLAG)
            self.press("R")
            self.wait(lambda: self.files.exists(pf.ARROW_FLAG) or self.files.exists(pf.KEYTYPE), "record closing")
            if self.files.exists(pf.ARROW_FLAG) and "Start" in self.keys():
                return
        raise ModLinkError("the court record did not close after ten Tab presses")
