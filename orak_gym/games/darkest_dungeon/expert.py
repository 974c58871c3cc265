"""A scripted Darkest Dungeon baseline: heal a badly hurt hero, else hit the weakest enemy in reach.

Reads only what the player sees (``info["state"]``): the acting hero's skills with their rank limits
and availability, the party's HP and the enemies' ranks and HP. No look-ahead, no knowledge of the
game's numbers beyond the tooltip: a floor any agent should beat.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.policy import ScriptedPolicy

HURT = 0.4  # heal a hero below this share of maximum HP


class DarkestDungeonBaseline(ScriptedPolicy):
    def act(self, observation: Any, info: dict[str, Any]) -> str:
        state = info["state"]
        hero = state.get("acting")
        if not hero:
            return "### Actions\nidle"
        skills = [s for s in hero["skills"] if s["available"] and s["known"]]
        party = state["party"]
        hurt = [
            (h["hp"] / h["max_hp"], index)
            for index, h in enumerate(party, start=1)
            if h["max_hp"] and h["hp"] / h["max_hp"] < HURT
        ]
        for skill in skills:
            if skill["heal"] and skill["on_allies"]:
                reachable = [(share, i) for share, i in hurt if party[i - 1]["rank"] in skill["target_ranks"]]
                if reachable:
                    return f"### Actions\nheal target {min(reachable)[1]} using skill slot {skill['slot']}"
        attacks = [s for s in skills if not s["on_allies"] and not s["party_wide"]]
        best: tuple[int, int, int] | None = None  # (enemy hp, -damage order, ...) smallest first
        for skill in attacks:
            for index, enemy in enumerate(state["enemies"], start=1):
                if set(enemy["ranks"]) & set(skill["target_ranks"]):
                    candidate = (enemy["hp"], skill["slot"], index)
                    best = candidate if best is None or candidate < best else best
        if best is not None:
            return f"### Actions\nattack target {best[2]} using skill slot {best[1]}"
        return f"### Actions\nswap rank {hero['rank']} hero skip"
