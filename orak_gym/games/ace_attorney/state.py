"""One Ace Attorney screen as Orak shows it: recent dialogue, the options, the court record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GENERAL, MULTI_CHOICE, RECORD = "GENERAL", "MULTI_CHOICE", "CROSS_EXAMINATION_RECORD"
#: Orak's headings of ``possible_options`` per screen.
OPTION_HEADINGS = {
    GENERAL: "**Possible Options** (Active Key Types):",
    MULTI_CHOICE: "**Possible Options** (Answer Candidates):",
    RECORD: "**Possible Options** (Evidence Items):",
}


@dataclass
class Line:
    timestamp: str
    speaker: str  # the display name, code-named
    text: str  # code-named


@dataclass
class AceAttorneyState:
    screen: str  # GENERAL, MULTI_CHOICE or CROSS_EXAMINATION_RECORD
    lines: list[Line]  # the last ``history`` non-empty lines; the last is on screen
    options: list[str]  # what each option number means (key names, answers or evidence)
    keys: list[str] = field(default_factory=list)  # the plugin's key type behind each GENERAL option
    question: str = ""
    cross_examination: bool = False
    last_line: str = ""  # the raw text on screen (what Orak's success check compares)
    record_time: str = ""
    evidence: list[str] = field(default_factory=list)  # "name - desc", Orak's numbering order
    profiles: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    score: int = 0  # times the task's success line was reached
    steps: int = 0
    done: bool = False
    failed: bool = False

    def possible_options(self) -> str:
        body = "\n".join(f"{i}: {option}" for i, option in enumerate(self.options, start=1))
        return f"{OPTION_HEADINGS[self.screen]}\n{body}"

    def last_record(self) -> str | None:
        """Orak's ``last_record``: the court record as last opened (profiles hidden on the evidence screen)."""
        if not self.record_time:
            return None
        evidence = "\n".join(f"{i}: {e}" for i, e in enumerate(self.evidence, start=1))
        profiles = "None" if self.screen == RECORD else "\n".join(f"{i}: {p}" for i, p in enumerate(self.profiles, 1))
        return (
            f"**Last Check Time**: {self.record_time}\n**Court Record - Evidence**:\n{evidence}\n"
            f"**Court Record - Profile**:\n{profiles}"
        )

    def last_decisions(self) -> str | None:
        recent = self.decisions[-5:]
        return "\n".join(f"{i}: {d}" for i, d in enumerate(recent, start=1)) if recent else None

    def orak_text(self) -> str:
        """The observation in Orak's layout."""
        if self.screen == MULTI_CHOICE:
            body = f"[Multi-Choice Question]\n{self.question}"
        else:
            rows = []
            for i, line in enumerate(self.lines):
                stamp = line.timestamp
                if i == len(self.lines) - 1:
                    stamp = f"**The Conversation Currently on Screen** - {stamp}"
                rows.append(f"[{stamp}] {line.speaker}: {line.text}")
            body = "[Recent Conversations]\n" + "\n".join(rows)
        return ("**Cross-Examination!**\n" if self.cross_examination else "") + body

    def to_text(self) -> str:
        """Orak's layout, then the options and the court record (Orak passes them beside it)."""
        parts = [self.orak_text(), self.possible_options()]
        record = self.last_record()
        if record:
            parts.append(record)
        return "\n\n".join(parts) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "screen": self.screen,
            "lines": [[line.timestamp, line.speaker, line.text] for line in self.lines],
            "options": list(self.options),
            "keys": list(self.keys),
            "question": self.question,
            "cross_examination": self.cross_examination,
            "last_line": self.last_line,
            "record_time": self.record_time,
            "evidence": list(self.evidence),
            "profiles": list(self.profiles),
            "decisions": list(self.decisions),
            "score": self.score,
            "steps": self.steps,
            "done": self.done,
            "failed": self.failed,
        }

    def __str__(self) -> str:
        return self.to_text()
