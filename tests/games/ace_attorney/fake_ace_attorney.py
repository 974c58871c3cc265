"""A stand-in for Ace Attorney with Orak's BepInEx plugin: a real process exchanging the plugin's files.

Run as ``python fake_ace_attorney.py GAME_DIR [--stall-after N] [--corrupt-log]``. In ``GAME_DIR/logs``
it writes what the plugin writes (``conversation_log.txt`` as ``|``-separated JSON records,
``active_keytype.txt``, ``multi_choice.json``, ``record_evidence_log.txt``, ``record_profile_log.txt``,
``ARROW_FLAG.txt``, ``option_cursor.txt``, ``confirm_initial_cursor.txt``, ``current_savepage_index.txt``)
and takes each ``auto_input.txt`` line (``KEY:GetKeyDown``), deleting the file. Its esc menu loads save
slots 0-3 (the four tasks) with the prior dialogue the env copies in as ``conversation_log_input.txt``.
The case is :mod:`invented_case`. ``--stall-after N`` stops answering after N keys (a plugin that
hangs); ``--corrupt-log`` writes the record after loading cut in half.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from invented_case import CHECKER, EVIDENCE, PATIENCE, PROFILES, QUESTIONS, TESTIMONIES

TASKS = ["multiple_choice", "cross_examination_1", "cross_examination_2", "cross_examination_3"]


class FakeAceAttorney:
    def __init__(self, game_dir: Path, stall_after: int, corrupt: bool) -> None:
        self.logs = game_dir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.stall_after, self.corrupt, self.keys_taken, self.clock = stall_after, corrupt, 0, 0
        self.keys_now = ""
        self.mode, self.cursor, self.index, self.confirm = "field", "Save", 0, "No"
        self.task, self.phase, self.question, self.statement, self.penalties, self.pick = "", "idle", 0, 0, 0, 0
        (self.logs / "conversation_log.txt").write_text("")
        self.say("0", "The courtroom lobby is quiet.")

    # ------------------------------------------------------------------ writing what the plugin writes
    def put(self, name: str, text: str) -> None:
        if name == "active_keytype.txt":
            self.keys_now = text
        tmp = self.logs / (name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.logs / name)

    def stamp(self) -> str:
        """An invented clock, one second per line: the same keys give the same log."""
        self.clock += 1
        return f"2031-05-01 10:{self.clock // 60 % 60:02d}:{self.clock % 60:02d}"

    def record(self, speaker: str, text: str) -> str:
        return json.dumps({"timestamp": self.stamp(), "speaker": speaker, "conversation": text})

    def say(self, speaker: str, text: str) -> None:
        """A new line on screen: the log record, the keys, a question, then the arrow flag."""
        line = self.record(speaker, text)
        if self.corrupt and self.phase == "start":
            line, self.corrupt = line[: len(line) // 2], False
        with (self.logs / "conversation_log.txt").open("a", encoding="utf-8") as f:
            f.write(line + "|")
        self.screen()

    def field_keys(self) -> list[str]:
        if self.phase == "asking":
            return ["Start", "Up", "Down", "A"]
        if self.phase == "statement":
            return ["Start", "R", "A", "L", "Left"]
        return ["Start", "R", "A"]

    def screen(self, flag: bool = True) -> None:
        self.put("active_keytype.txt", ",".join(self.field_keys()))
        if self.phase == "asking":
            question, options, _ = QUESTIONS[self.question]
            self.put("multi_choice.json", json.dumps({"question": question, "option": options}))
        if flag:
            self.put("ARROW_FLAG.txt", "")

    # ------------------------------------------------------------------ keys
    def key(self, key: str) -> None:
        handler = getattr(self, f"in_{self.mode}")
        handler(key)

    def in_field(self, key: str) -> None:
        if key == "Start":
            self.mode, self.cursor = "menu", "Save"
            self.put("option_cursor.txt", self.cursor)
            self.put("active_keytype.txt", "Left,Right,A,B")
        elif key == "R" and self.phase != "asking":
            self.mode, self.pick = "record", 0
            self.put("record_evidence_log.txt", json.dumps({"timestamp": self.stamp(), "data": EVIDENCE}))
            self.put("record_profile_log.txt", json.dumps({"timestamp": "", "data": PROFILES}))
            keys = "R,B,Left,Right" + (",X" if self.phase == "statement" else "")
            self.put("active_keytype.txt", keys)
        elif self.phase == "asking" and key in ("Up", "Down"):
            self.pick = (self.pick + (1 if key == "Down" else -1)) % 3
            self.put("active_keytype.txt", ",".join(self.field_keys()))
        elif self.phase == "asking" and key == "A":
            if self.pick + 1 == QUESTIONS[self.question][2]:  # the right option number
                self.phase, self.question = "answered", self.question + 1
                self.say("8", CHECKER["multiple_choice"])
            else:
                self.phase = "wrong"
                self.say("8", "No, that is not so. Think again.")
        elif key == "A":
            self.advance()
        elif key == "L" and self.phase == "statement":
            self.phase = "pressing"
            self.say("26", TESTIMONIES[self.testimony]["press"][self.statement])
        elif key == "Left" and self.phase == "statement":
            self.statement = max(0, self.statement - 1)
            self.state_statement()
        else:
            self.screen()

    @property
    def testimony(self) -> int:
        return TASKS.index(self.task)

    def state_statement(self) -> None:
        self.phase = "statement"
        text = TESTIMONIES[self.testimony]["statements"][self.statement]
        self.say("26", f"<color=#00f000>{text}</color>")

    def advance(self) -> None:
        if self.task == "multiple_choice":
            if self.phase in ("start", "wrong") or (self.phase == "answered" and self.question < 3):
                self.phase, self.pick = "asking", 0
                self.say("8", QUESTIONS[self.question][0])
            elif self.phase == "answered":
                self.phase = "over"
                self.say("8", CHECKER["multiple_choice_end"])
            else:
                self.screen()
        elif self.task:
            if self.phase == "start":
                self.phase = "title"
                self.say("0", TESTIMONIES[self.testimony]["title"])
            elif self.phase in ("title", "pressing", "penalty"):
                self.state_statement()
            elif self.phase == "statement":
                self.statement = (self.statement + 1) % len(TESTIMONIES[self.testimony]["statements"])
                self.state_statement()
            else:
                self.screen()
        else:
            self.screen()

    def in_record(self, key: str) -> None:
        if key in ("R", "B"):
            self.mode = "field"
            self.screen()
        elif key in ("Left", "Right"):
            self.pick = (self.pick + (1 if key == "Right" else -1)) % len(EVIDENCE)
        elif key == "X" and self.phase == "statement":
            self.mode = "field"
            statement, evidence = TESTIMONIES[self.testimony]["contradiction"]
            if (self.statement, EVIDENCE[self.pick]["id"]) == (statement, evidence):
                self.phase = "over"
                self.say("2", CHECKER[self.task])
            else:
                self.penalties += 1
                if self.penalties >= PATIENCE:
                    self.phase = "over"
                    self.say("8", CHECKER[f"{self.task}_fail"])
                else:
                    self.phase = "penalty"
                    self.say("8", "That evidence proves nothing here.")

    def back_to_field(self) -> None:
        self.mode = "field"
        self.screen()

    def in_menu(self, key: str) -> None:
        if key == "R":
            self.back_to_field()
        elif key in ("Left", "Right"):
            self.cursor = "Load" if self.cursor == "Save" else "Save"
        elif key == "A" and self.cursor == "Load":
            self.mode, self.index = "load", 0
            self.put("current_savepage_index.txt", "0")
            self.put("active_keytype.txt", "Up,Down,A,B")
        elif key == "B":
            self.mode = "field"
            self.screen()

    def in_load(self, key: str) -> None:
        if key == "R":
            self.back_to_field()
        elif key in ("Up", "Down"):
            self.index = max(0, min(9, self.index + (1 if key == "Down" else -1)))
            self.put("current_savepage_index.txt", str(self.index))
        elif key == "A" and self.index < len(TASKS):
            self.mode, self.confirm = "confirm", "No"
            self.put("confirm_initial_cursor.txt", self.confirm)

    def in_confirm(self, key: str) -> None:
        if key == "R":
            self.back_to_field()
        elif key in ("Left", "Right"):
            self.confirm = "Yes" if self.confirm == "No" else "No"
        elif key == "A" and self.confirm == "Yes":
            self.load(TASKS[self.index])
        elif key == "A":
            self.mode = "load"

    def load(self, task: str) -> None:
        prior_file = self.logs / "conversation_log_input.txt"
        prior = prior_file.read_text(encoding="utf-8") if prior_file.exists() else ""
        prior_file.unlink(missing_ok=True)
        (self.logs / "conversation_log.txt").write_text(prior.rstrip("|\n") + "|" if prior.strip() else "")
        self.mode, self.task, self.phase = "field", task, "start"
        self.question = self.statement = self.penalties = self.pick = 0
        speaker = "8" if task == "multiple_choice" else "10"
        self.say(speaker, CHECKER[f"{task}_start"])

    @property
    def stalled(self) -> bool:
        return bool(self.stall_after) and self.keys_taken > self.stall_after

    def run(self) -> int:
        parent = os.getppid()
        inbox = self.logs / "auto_input.txt"
        while self.logs.exists() and os.getppid() == parent:
            try:
                text = inbox.read_text(encoding="utf-8")
            except FileNotFoundError:
                if self.keys_now and not (self.logs / "active_keytype.txt").exists() and not self.stalled:
                    self.put("active_keytype.txt", self.keys_now)  # the plugin keeps its key file written
                time.sleep(0.001)
                continue
            self.keys_taken += 1
            if self.stall_after and self.keys_taken > self.stall_after:
                inbox.unlink(missing_ok=True)
                continue
            for line in text.splitlines():
                key, _, how = line.strip().partition(":")
                if how in ("GetKeyDown", "GetKey"):
                    self.key(key)
            inbox.unlink(missing_ok=True)  # taken once handled
        return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("game_dir", type=Path)
    parser.add_argument("--stall-after", type=int, default=0)
    parser.add_argument("--corrupt-log", action="store_true")
    args = parser.parse_args(argv)
    return FakeAceAttorney(args.game_dir, args.stall_after, args.corrupt_log).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
