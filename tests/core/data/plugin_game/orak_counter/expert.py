"""The counter's expert: step towards the target (a ScriptedPolicy, like the built-in experts)."""

from __future__ import annotations

from typing import Any

from orak_gym.core import ScriptedPolicy


class CounterExpert(ScriptedPolicy):
    def act(self, observation: Any, info: dict[str, Any]) -> str:
        state = info["state"]
        return "inc" if state["value"] < state["target"] else "dec" if state["value"] > state["target"] else "stay"
