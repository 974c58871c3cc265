"""A scripted Ace Attorney baseline that knows nothing of the case: it tries, in order, what it has not tried.

Questions: the first answer not yet tried for that question. Cross-examinations: at each testimony
statement, open the court record and present the first piece of evidence not yet presented at that
statement; when every piece was presented there, go on to the next statement. Elsewhere: Ok. It reads
only ``info["state"]`` (what the player sees), so it plays the real game and the fake alike.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.policy import ScriptedPolicy


class AceAttorneyBaseline(ScriptedPolicy):
    def __init__(self) -> None:
        self.on_reset()

    def on_reset(self) -> None:
        self.tried: dict[str, set[int]] = {}

    def _option(self, state: dict[str, Any], name: str) -> int | None:
        return next((i for i, o in enumerate(state["options"], start=1) if o == name), None)

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        state = info["state"]
        if state["steps"] == 0:
            self.on_reset()
        on_screen = state["lines"][-1][2] if state["lines"] else ""
        if state["screen"] == "MULTI_CHOICE":
            return self._untried(f"question:{state['question']}", len(state["options"])) or "1"
        if state["screen"] == "CROSS_EXAMINATION_RECORD":
            return self._untried(f"statement:{on_screen}", len(state["options"])) or "1"
        if state["cross_examination"]:
            tab, ok = self._option(state, "Tab"), self._option(state, "Ok")
            tried = self.tried.get(f"statement:{on_screen}", set())
            if tab is not None and len(tried) < len(state["evidence"]):
                return str(tab)
            return str(ok or 1)
        return str(self._option(state, "Ok") or 1)

    def _untried(self, key: str, count: int) -> str | None:
        tried = self.tried.setdefault(key, set())
        for option in range(1, count + 1):
            if option not in tried:
                tried.add(option)
                return str(option)
        return None
