"""The Her Story screen as the env sees it, and Orak's text layout of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Every clip in Her Story (a fact of the game): the score is distinct clips viewed out of these.
NUM_CLIPS = 272


@dataclass
class Clip:
    """One visible search result (the plugin's ``video`` record) and its transcript once played."""

    id: str
    session: str
    outfit: str
    pos: tuple[int, int]
    new: bool
    script: str = ""


@dataclass
class HerStoryState:
    """What the player sees: the initial search box, or the last search's visible results."""

    screen: str  # "start_game" or "query_result" (the plugin's status the screen came from)
    keyword: str = ""  # the last search, or the search box's initial word on the start screen
    summary: str = ""
    num_total: int = 0
    clips: list[Clip] = field(default_factory=list)
    num_reads: int = 0  # distinct clips viewed (the plugin's count): the score
    num_flags: int = 0
    chat_enabled: bool = False
    steps: int = 0
    history: list[tuple[str, int]] = field(default_factory=list)  # (keyword, results) per search

    def to_text(self) -> str:
        if self.screen == "start_game":
            return (
                f'The game has just started. The search box holds the word "{self.keyword}", but nothing has '
                "been searched yet, so no clip is listed.\n\nNo clips listed yet: run a Search first.\n"
            )
        lines = [f'You searched for the keyword "{self.keyword}". {self.summary}.']
        lines.append("Search results:" if self.clips else "No video results. You must execute a Search.")
        for i, clip in enumerate(self.clips):
            status = "Not viewed" if clip.new else "Viewed"
            script = f'Script: "{clip.script}"'
            lines.append(f"{i}. [{clip.session}] - Thumbnail: {clip.outfit} - Status: {status} - {script}")
        return "\n".join(lines) + "\n"

    def history_text(self) -> str:
        """Orak's ``history_search`` variable: ``kw (n); kw2 (m)``."""
        return "; ".join(f"{keyword} ({count})" for keyword, count in self.history)

    def to_dict(self) -> dict[str, Any]:
        return {
            "screen": self.screen,
            "keyword": self.keyword,
            "summary": self.summary,
            "num_total": self.num_total,
            "clips": [
                {"id": c.id, "session": c.session, "outfit": c.outfit, "pos": list(c.pos), "new": c.new}
                | {"script": c.script}
                for c in self.clips
            ],
            "num_reads": self.num_reads,
            "num_flags": self.num_flags,
            "chat_enabled": self.chat_enabled,
            "steps": self.steps,
            "history": [list(h) for h in self.history],
        }

    def __str__(self) -> str:
        return self.to_text()
