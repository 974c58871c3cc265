"""A scripted Her Story baseline: play every unviewed listed clip, then search the words they taught.

Reads only what the player sees (``info["state"]``): the listed clips and the transcripts of those
played. Words of five letters or more from transcripts become searches, the most frequent first,
each searched once; the start screen's word opens the game.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from orak_gym.core.policy import ScriptedPolicy

MIN_WORD = 5


class HerStoryBaseline(ScriptedPolicy):
    def __init__(self) -> None:
        self.on_reset()

    def on_reset(self) -> None:
        self.searched: set[str] = set()
        self.words: Counter[str] = Counter()
        self.read_scripts: set[str] = set()

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        state = info["state"]
        if state["steps"] == 0 and state["screen"] == "start_game":
            self.on_reset()
        for clip in state["clips"]:
            if clip["script"] and clip["id"] not in self.read_scripts:
                self.read_scripts.add(clip["id"])
                self.words.update(self._words(clip["script"]))
        for index, clip in enumerate(state["clips"]):
            if clip["new"]:
                return f"### Actions\nPlay Video {index}"
        keyword = self._next_keyword(state)
        self.searched.add(keyword.lower())
        return f"### Actions\nSearch {keyword}"

    def _next_keyword(self, state: dict[str, Any]) -> str:
        if state["screen"] == "start_game" and state["keyword"].lower() not in self.searched:
            return state["keyword"]
        for word, _ in sorted(self.words.items(), key=lambda item: (-item[1], item[0])):
            if word not in self.searched:
                return word
        return state["keyword"] or "the"

    @staticmethod
    def _words(script: str) -> list[str]:
        cleaned = "".join(ch.lower() if ch.isalpha() else " " for ch in script)
        return [word for word in cleaned.split() if len(word) >= MIN_WORD]
